import { makeAutoObservable, observable, runInAction } from 'mobx'
import type {
  ReportChartDto,
  ReportInfoDto,
  ReportName,
  ReportResultDto,
} from '../../../../shared/dto/report'
import { formatTime } from '../../lib/format'
import { formatNodeId, type NodeId } from '../../shell/node-id'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import type { TreeNode } from '../../shell/tree-model'
import type { ColumnDef } from '../../shell/views'
import type { ConsoleTransport } from '../../transport/connection'

/** Tree ID of the Reporting node. */
export const REPORTING_NODE = formatNodeId({ kind: 'static', name: 'reporting' })

/** A report's cell values by column ID. */
export type ReportRow = ReportResultDto['rows'][number]

/** A report's chart as the server computes it: labels, and one value per label in each series. */
export type Chart = ReportChartDto

/** Colours of the charts (state meanings kept the same in every chart). */
export const chartColors = {
  good: '#107c10',
  bad: '#d13438',
  warn: '#ca5010',
  busy: '#0f6cbd',
  unknown: '#8a8886',
  other: ['#0f6cbd', '#8764b8', '#00b7c3', '#ca5010', '#498205', '#c239b3', '#986f0b', '#8a8886'],
}

/** The colour of a series or slice: by what its name means (installed, failed, unknown…), else by position. */
export function colorOf(name: string, index: number): string {
  const n = name.toLowerCase()
  if (/^(non-compliant|required|failed|fail)|failed|error/.test(n)) return chartColors.bad
  if (/^(compliant|installed|succeeded|success)|completed$|not required/.test(n))
    return n.includes('not required') ? chartColors.busy : chartColors.good
  if (/unknown|never|not reported|not started/.test(n)) return chartColors.unknown
  if (/running|in progress|waiting|pending/.test(n)) return chartColors.warn
  return chartColors.other[index % chartColors.other.length]!
}

/** Tree ID of a report. */
export const reportNodeId = (name: string): string => formatNodeId({ kind: 'report', name })

/** CSV text of a report (header row, RFC 4180 quoting). */
export function toCsv(
  columns: readonly { id: string; label: string }[],
  rows: readonly Record<string, string | number | null>[],
): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [
    columns.map((c) => cell(c.label)).join(','),
    ...rows.map((r) => columns.map((c) => cell(r[c.id])).join(',')),
  ]
    .join('\r\n')
    .concat('\r\n')
}

/** Reporting: the server's reports ('reports:list') and their results ('reports:run'), rerun on site changes. */
export class ReportStore {
  infos: ReportInfoDto[] = []
  data = observable.map<string, ReportResultDto>({}, { deep: false })
  errors = observable.map<string, string>()
  loading = observable.set<string>()
  private listing = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<ReportStore, 'timer' | 'listing' | 'disposers'>(
      this,
      {
        root: false,
        transport: false,
        timer: false,
        listing: false,
        disposers: false,
        infos: observable.ref,
      },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (
          ['status', 'updates', 'resources', 'collections', 'updatelists', 'advertisements'].includes(
            p.entity,
          )
        )
          this.schedule()
      }),
    )
  }

  /** Stops listening and a pending rerun. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** The Reporting node's children: one per report the server offers. */
  get treeNodes(): TreeNode[] {
    return this.infos.map((r) => ({
      id: reportNodeId(r.name),
      label: r.title,
      icon: 'reporting',
      description: r.description,
      children: [],
    }))
  }

  /** Loads the list of reports once (the tree's Reporting children). */
  ensureListed(): void {
    if (this.infos.length || this.listing) return
    this.listing = true
    void this.transport
      .invoke('reports:list', {})
      .then((infos) => runInAction(() => (this.infos = infos)), this.root.ui.reportError)
      .finally(() => (this.listing = false))
  }

  /** The report shown now, if any. */
  get current(): ReportInfoDto | null {
    const node = this.root.ui.selection
    return node?.kind === 'report' ? (this.infos.find((r) => r.name === node.name) ?? null) : null
  }

  private schedule(): void {
    const r = this.current
    if (!r || !this.data.has(r.name) || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.load(r.name)
    }, 500)
  }

  /** Runs a report once. */
  ensureLoaded(name: ReportName): void {
    if (!this.data.has(name) && !this.loading.has(name) && !this.errors.has(name)) void this.load(name)
  }

  /** (Re)runs a report on the server. */
  async load(name: ReportName): Promise<void> {
    if (this.loading.has(name)) return
    this.loading.add(name)
    try {
      const data = await this.transport.invoke('reports:run', { name })
      runInAction(() => {
        this.data.set(name, data)
        this.errors.delete(name)
      })
    } catch (err) {
      runInAction(() => this.errors.set(name, (err as Error).message))
    } finally {
      runInAction(() => this.loading.delete(name))
    }
  }

  /** CSV of a loaded report, or null. */
  csv(name: string): string | null {
    const d = this.data.get(name)
    return d ? toCsv(d.columns, d.rows) : null
  }
}

const widthOf = (c: { id: string; label: string; numeric: boolean }, first: boolean) =>
  first
    ? 200
    : c.numeric
      ? Math.max(70, c.label.length * 8 + 16)
      : /name|title|collection|deployment|list|update|state|version/i.test(c.id)
        ? 180
        : 120

/** The columns of a report's result (cells are the row's values by column ID). */
export function reportColumns(result: Pick<ReportResultDto, 'columns'>): ColumnDef[] {
  return result.columns.map((c, i) => ({
    id: c.id,
    label: c.label,
    width: widthOf(c, i === 0),
    value: ((r: ReportRow) => r[c.id] ?? '') as ColumnDef['value'],
    text: ((r: ReportRow) => {
      const v = r[c.id]
      if (v === null || v === undefined) return ''
      if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return formatTime(v)
      return /percent/i.test(c.id) ? `${v}%` : typeof v === 'number' ? v.toLocaleString() : v
    }) as ColumnDef['text'],
    ...(c.numeric ? { align: 'end' as const } : {}),
    ...(i === 0 ? { fixed: true } : {}),
  }))
}

/** The results view of a report, or null. */
export function reportView(root: RootStore, node: NodeId): ResultsView | null {
  if (node.kind !== 'report') return null
  const store = root.reports
  const name = node.name as ReportName
  const info = store.infos.find((r) => r.name === name)
  const data = store.data.get(name)
  return {
    setKey: `report:${name}`,
    title: `Reporting › ${info?.title ?? data?.title ?? name}`,
    rows: (data?.rows ?? []).map((r, i) => ({ key: `report-row:${name}:${i}`, kind: 'report-row', data: r })),
    columns: data ? reportColumns(data) : [],
    loading: !data && !store.errors.has(name),
    emptyText: store.errors.get(name) ?? 'Nothing to report yet.',
    bar: 'report',
  }
}
