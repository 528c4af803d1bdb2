import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { ResourceDto } from '../../../shared/dto/resource'
import { stateNameOf } from '../../../shared/state-names'
import { TopicType, UpdateEnforcementState } from '../../../shared/state-ids'
import { formatTime, platformLabel } from '../lib/format'
import { countBuckets, deploymentsOf, deploymentStateText } from './deployment-store'
import type { ResultsView } from './results-model'
import type { RootStore } from './root-store'
import { deploymentNodes, type TreeNode } from './tree-model'
import type { ColumnDef } from './views'

/** Tree ID of the Reporting node. */
export const REPORTING_NODE = 'reporting'

/** A report's cell values by column ID. */
export type ReportRow = Record<string, string | number>

/** A column of a report. */
export interface ReportColumn {
  id: string
  label: string
  width: number
  numeric?: boolean
}

/** One series of a chart (a donut slice, a bar segment or a line). */
export interface ChartSeries {
  label: string
  color: string
}

/** What a report draws: a donut of totals, stacked bars per group, or lines over time. */
export type Chart =
  | { kind: 'donut'; title: string; series: ChartSeries[]; values: number[] }
  | { kind: 'bars'; title: string; series: ChartSeries[]; groups: { label: string; values: number[] }[] }
  | {
      kind: 'lines'
      title: string
      series: ChartSeries[]
      /** One line per series: points (time in ms, value). */
      lines: { x: number; y: number }[][]
    }

/** A loaded report. */
export interface ReportData {
  rows: ReportRow[]
  charts: Chart[]
  /** What the report could not answer (a back-end query that does not exist yet). */
  note?: string
}

/** A report of the Reporting node. */
export interface ReportDef {
  id: string
  title: string
  description: string
  columns: ReportColumn[]
  load: (root: RootStore) => Promise<ReportData>
}

/** Colours of the charts (state meanings kept the same in every chart). */
export const chartColors = {
  good: '#107c10',
  bad: '#d13438',
  warn: '#ca5010',
  busy: '#0f6cbd',
  unknown: '#8a8886',
  other: ['#0f6cbd', '#8764b8', '#00b7c3', '#ca5010', '#498205', '#c239b3', '#986f0b', '#8a8886'],
}

const pct = (n: number, of: number) => (of ? Math.round((n * 1000) / of) / 10 : 0)

/** Clients with their required-update counts (one `updates:list` per client; capped). */
const MAX_CLIENTS = 500

async function requiredCounts(root: RootStore, clients: ResourceDto[]): Promise<Map<number, number>> {
  const out = new Map<number, number>()
  const list = clients.slice(0, MAX_CLIENTS)
  for (let i = 0; i < list.length; i += 8)
    await Promise.all(
      list.slice(i, i + 8).map(async (c) => {
        const ups = await root.transport.invoke('updates:list', {
          resourceId: c.id,
          state: 'required',
          sourceName: null,
        })
        out.set(c.id, ups.length)
      }),
    )
  return out
}

async function membersByCollection(root: RootStore): Promise<Map<string, ResourceDto[]>> {
  const out = new Map<string, ResourceDto[]>()
  for (const c of root.collections.items)
    out.set(c.id, await root.transport.invoke('collections:members', { id: c.id }))
  return out
}

const scanStateLabel = (r: ResourceDto) =>
  r.scanStateId === null ? 'Never scanned' : stateNameOf(TopicType.UpdateScanState, r.scanStateId)

const scanColor = (label: string, i: number) =>
  /completed$/i.test(label) || label === 'Scan completed'
    ? chartColors.good
    : /fail/i.test(label)
      ? chartColors.bad
      : label === 'Never scanned'
        ? chartColors.unknown
        : chartColors.other[i % chartColors.other.length]!

/** Rows and charts of scan states grouped per group (Scan 1: per collection; Scan 2: per site). */
function scanStates(groups: { name: string; clients: ResourceDto[] }[], key: string): ReportData {
  const labels = [...new Set(groups.flatMap((g) => g.clients.map(scanStateLabel)))].sort()
  const rows: ReportRow[] = []
  for (const g of groups) {
    const by = new Map<string, ResourceDto[]>()
    for (const c of g.clients) by.set(scanStateLabel(c), [...(by.get(scanStateLabel(c)) ?? []), c])
    for (const [state, cs] of [...by].sort((a, b) => a[0].localeCompare(b[0])))
      rows.push({
        [key]: g.name,
        state,
        stateId: cs[0]!.scanStateId ?? '',
        clients: cs.length,
        percent: pct(cs.length, g.clients.length),
      })
  }
  const series = labels.map((label, i) => ({ label, color: scanColor(label, i) }))
  const valuesOf = (g: { clients: ResourceDto[] }) =>
    labels.map((l) => g.clients.filter((c) => scanStateLabel(c) === l).length)
  return {
    rows,
    charts:
      groups.length === 1
        ? [
            {
              kind: 'donut',
              title: `Last scan states — ${groups[0]!.name}`,
              series,
              values: valuesOf(groups[0]!),
            },
          ]
        : [
            {
              kind: 'bars',
              title: 'Last scan states by collection',
              series,
              groups: groups.map((g) => ({ label: g.name, values: valuesOf(g) })),
            },
          ],
  }
}

const scanColumns = (first: ReportColumn): ReportColumn[] => [
  first,
  { id: 'state', label: 'Last Scan State', width: 220 },
  { id: 'stateId', label: 'State ID', width: 70, numeric: true },
  { id: 'clients', label: 'Clients', width: 70, numeric: true },
  { id: 'percent', label: '% of Clients', width: 90, numeric: true },
]

const complianceSeries: ChartSeries[] = [
  { label: 'Compliant', color: chartColors.good },
  { label: 'Non-compliant', color: chartColors.bad },
  { label: 'Unknown (not scanned)', color: chartColors.unknown },
]

/** Every report of the Reporting node. */
export const reports: ReportDef[] = [
  {
    id: 'compliance-collection',
    title: 'Compliance by collection',
    description: 'Per collection: clients missing no required update, missing some, or never scanned',
    columns: [
      { id: 'collection', label: 'Collection', width: 200 },
      { id: 'id', label: 'Collection ID', width: 100 },
      { id: 'clients', label: 'Clients', width: 70, numeric: true },
      { id: 'compliant', label: 'Compliant', width: 80, numeric: true },
      { id: 'nonCompliant', label: 'Non-compliant', width: 100, numeric: true },
      { id: 'unknown', label: 'Unknown', width: 75, numeric: true },
      { id: 'percent', label: '% Compliant', width: 90, numeric: true },
    ],
    async load(root) {
      const members = await membersByCollection(root)
      const clients = [...new Map([...members.values()].flat().map((r) => [r.id, r])).values()]
      const required = await requiredCounts(root, clients)
      const rows = root.collections.items.map((c) => {
        const ms = members.get(c.id) ?? []
        const unknown = ms.filter((m) => !m.lastScanAt || !required.has(m.id)).length
        const compliant = ms.filter((m) => m.lastScanAt && required.get(m.id) === 0).length
        const nonCompliant = ms.length - unknown - compliant
        return {
          collection: c.name,
          id: c.id,
          clients: ms.length,
          compliant,
          nonCompliant,
          unknown,
          percent: pct(compliant, ms.length),
        }
      })
      const shown = rows.filter((r) => r.clients > 0)
      return {
        rows,
        charts: [
          {
            kind: 'bars',
            title: 'Clients by compliance, per collection',
            series: complianceSeries,
            groups: shown.map((r) => ({
              label: r.collection,
              values: [r.compliant, r.nonCompliant, r.unknown],
            })),
          },
        ],
        note:
          clients.length > MAX_CLIENTS
            ? `Only the first ${MAX_CLIENTS} clients were counted: a per-collection compliance query is not in the back end yet.`
            : undefined,
      }
    },
  },
  {
    id: 'compliance-update',
    title: 'Compliance by update',
    description: 'Per update: clients that require it, have it, do not need it, or never reported',
    columns: [
      { id: 'title', label: 'Update', width: 280 },
      { id: 'kb', label: 'KB / Package', width: 130 },
      { id: 'classification', label: 'Classification', width: 120 },
      { id: 'required', label: 'Required', width: 75, numeric: true },
      { id: 'installed', label: 'Installed', width: 75, numeric: true },
      { id: 'notRequired', label: 'Not Required', width: 95, numeric: true },
      { id: 'unknown', label: 'Unknown', width: 75, numeric: true },
      { id: 'percent', label: '% Compliant', width: 90, numeric: true },
    ],
    async load(root) {
      const ups = await root.transport.invoke('updates:list', {
        resourceId: null,
        state: null,
        sourceName: null,
      })
      const reported = ups.filter((u) => u.required + u.installed + u.notRequired > 0)
      const rows = reported.map((u) => ({
        title: u.title,
        kb: u.kb || u.package,
        classification: u.classification,
        required: u.required,
        installed: u.installed,
        notRequired: u.notRequired,
        unknown: u.unknown,
        percent: pct(u.installed + u.notRequired, u.required + u.installed + u.notRequired + u.unknown),
      }))
      const sum = (k: 'required' | 'installed' | 'notRequired' | 'unknown') =>
        rows.reduce((s, r) => s + r[k], 0)
      const top = [...rows].sort((a, b) => b.required - a.required).slice(0, 10)
      return {
        rows,
        charts: [
          {
            kind: 'donut',
            title: 'Client × update states, all updates',
            series: [
              { label: 'Installed', color: chartColors.good },
              { label: 'Required', color: chartColors.bad },
              { label: 'Not required', color: chartColors.busy },
              { label: 'Unknown', color: chartColors.unknown },
            ],
            values: [sum('installed'), sum('required'), sum('notRequired'), sum('unknown')],
          },
          {
            kind: 'bars',
            title: 'Most required updates',
            series: [
              { label: 'Required', color: chartColors.bad },
              { label: 'Installed', color: chartColors.good },
            ],
            groups: top.map((r) => ({ label: r.kb || r.title, values: [r.required, r.installed] })),
          },
        ],
      }
    },
  },
  {
    id: 'compliance-list',
    title: 'Compliance by update list',
    description: 'Per update list: clients needing none of its updates, some, or never scanned',
    columns: [
      { id: 'list', label: 'Update List', width: 220 },
      { id: 'id', label: 'List ID', width: 100 },
      { id: 'updates', label: 'Updates', width: 70, numeric: true },
      { id: 'compliant', label: 'Compliant', width: 80, numeric: true },
      { id: 'nonCompliant', label: 'Non-compliant', width: 100, numeric: true },
      { id: 'unknown', label: 'Unknown', width: 75, numeric: true },
      { id: 'percent', label: '% Compliant', width: 90, numeric: true },
    ],
    async load(root) {
      const lists = await root.transport.invoke('updatelists:list', {})
      const rows: ReportRow[] = []
      const groups: { label: string; values: number[] }[] = []
      for (const l of lists) {
        const p = await root.transport.invoke('updatelists:properties', { id: l.id })
        const s = p.summary
        const all = s.compliantClients + s.nonCompliantClients + s.unknownClients
        rows.push({
          list: l.name,
          id: l.id,
          updates: l.updateCount,
          compliant: s.compliantClients,
          nonCompliant: s.nonCompliantClients,
          unknown: s.unknownClients,
          percent: pct(s.compliantClients, all),
        })
        groups.push({ label: l.name, values: [s.compliantClients, s.nonCompliantClients, s.unknownClients] })
      }
      return {
        rows,
        charts: [
          { kind: 'bars', title: 'Clients by compliance, per update list', series: complianceSeries, groups },
        ],
      }
    },
  },
  {
    id: 'scan-collection',
    title: 'Scan 1 – Last scan states by collection',
    description:
      'Per collection: how many clients ended their last update scan in each state (TopicType 501)',
    columns: scanColumns({ id: 'collection', label: 'Collection', width: 200 }),
    async load(root) {
      const members = await membersByCollection(root)
      return scanStates(
        root.collections.items
          .map((c) => ({ name: c.name, clients: members.get(c.id) ?? [] }))
          .filter((g) => g.clients.length > 0),
        'collection',
      )
    },
  },
  {
    id: 'scan-site',
    title: 'Scan 2 – Last scan states by site',
    description: 'For the site: how many clients ended their last update scan in each state (TopicType 501)',
    columns: scanColumns({ id: 'site', label: 'Site', width: 200 }),
    async load(root) {
      return scanStates([{ name: root.site.title, clients: root.resources.items }], 'site')
    },
  },
  {
    id: 'agents',
    title: 'Update agent versions',
    description: 'Clients per platform and Windows Update Agent / package manager version',
    columns: [
      { id: 'platform', label: 'Platform', width: 100 },
      { id: 'version', label: 'Agent Version', width: 200 },
      { id: 'clients', label: 'Clients', width: 70, numeric: true },
      { id: 'percent', label: '% of Clients', width: 90, numeric: true },
    ],
    async load(root) {
      const by = new Map<string, { platform: string; version: string; clients: number }>()
      for (const r of root.resources.items) {
        const version = r.agentVersion || 'Not reported (never scanned)'
        const k = `${r.platform}\u0000${version}`
        const e = by.get(k) ?? { platform: platformLabel(r.platform), version, clients: 0 }
        e.clients++
        by.set(k, e)
      }
      const total = root.resources.items.length
      const rows = [...by.values()]
        .sort((a, b) => b.clients - a.clients)
        .map((e) => ({ ...e, percent: pct(e.clients, total) }))
      return {
        rows,
        charts: [
          {
            kind: 'bars',
            title: 'Clients per agent version',
            series: [{ label: 'Clients', color: chartColors.busy }],
            groups: rows.map((r) => ({ label: `${r.platform} ${r.version}`, values: [r.clients] })),
          },
        ],
      }
    },
  },
  {
    id: 'deployments',
    title: 'Deployment history',
    description: 'Every deployment with its outcome per client, and installs over time',
    columns: [
      { id: 'name', label: 'Deployment', width: 200 },
      { id: 'id', label: 'Deployment ID', width: 100 },
      { id: 'collection', label: 'Collection', width: 140 },
      { id: 'created', label: 'Created', width: 130 },
      { id: 'deadline', label: 'Deadline', width: 130 },
      { id: 'state', label: 'State', width: 80 },
      { id: 'clients', label: 'Clients', width: 65, numeric: true },
      { id: 'installed', label: 'Installed', width: 72, numeric: true },
      { id: 'failed', label: 'Failed', width: 60, numeric: true },
      { id: 'other', label: 'Other', width: 60, numeric: true },
      { id: 'percent', label: '% Installed', width: 85, numeric: true },
    ],
    async load(root) {
      const store = deploymentsOf(root)
      await store.refresh()
      const rows: ReportRow[] = store.items.map((d) => {
        const c = countBuckets(store.statuses.get(d.id)?.clients ?? [])
        return {
          name: d.name,
          id: d.id,
          collection: d.collectionName,
          created: formatTime(d.createdAt),
          deadline: formatTime(d.deadline) || 'Optional',
          state: deploymentStateText(d),
          clients: c.total,
          installed: c.installed,
          failed: c.failed,
          other: c.total - c.installed - c.failed,
          percent: pct(c.installed, c.total),
        }
      })
      // Installs over time: each client's first "Successfully installed update" (402/10) of the deployment's updates.
      const msgs = await root.transport.invoke('state:list', {
        resourceId: null,
        topicType: TopicType.UpdateEnforcementState,
        updateId: null,
        limit: 100_000,
      })
      const recent = store.items.slice(0, 6)
      const lines = recent.map((d) => {
        const clients = new Set((store.statuses.get(d.id)?.clients ?? []).map((c) => c.resourceId))
        const updates = new Set(d.updateIds)
        const since = Date.parse(d.createdAt)
        const firsts = new Map<number, number>()
        for (const m of msgs) {
          const t = Date.parse(m.time)
          if (m.stateId !== UpdateEnforcementState.Installed || t < since) continue
          if (!clients.has(m.resourceId) || !m.updateId || !updates.has(m.updateId)) continue
          firsts.set(m.resourceId, Math.min(firsts.get(m.resourceId) ?? t, t))
        }
        const times = [...firsts.values()].sort((a, b) => a - b)
        return [{ x: since, y: 0 }, ...times.map((x, i) => ({ x, y: i + 1 }))]
      })
      return {
        rows,
        charts: [
          {
            kind: 'bars',
            title: 'Clients per deployment outcome',
            series: [
              { label: 'Installed', color: chartColors.good },
              { label: 'Failed', color: chartColors.bad },
              { label: 'Other', color: chartColors.unknown },
            ],
            groups: rows.map((r) => ({
              label: String(r.name),
              values: [Number(r.installed), Number(r.failed), Number(r.other)],
            })),
          },
          {
            kind: 'lines',
            title: 'Clients installed over time',
            series: recent.map((d, i) => ({ label: d.name, color: chartColors.other[i]! })),
            lines,
          },
        ],
      }
    },
  },
]

/** Tree ID of a report. */
export const reportNodeId = (id: string): string => `reporting:${id}`

/** CSV text of a report (header row, RFC 4180 quoting). */
export function toCsv(
  columns: readonly Pick<ReportColumn, 'id' | 'label'>[],
  rows: readonly ReportRow[],
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

/** Reporting: each report's loaded rows and charts, reloaded when the site changes while it is shown. */
export class ReportStore {
  data = observable.map<string, ReportData>({}, { deep: false })
  errors = observable.map<string, string>()
  loading = observable.set<string>()
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(readonly root: RootStore) {
    makeAutoObservable<ReportStore, 'timer'>(this, { root: false, timer: false }, { autoBind: true })
    root.transport.on('site:changed', (p) => {
      if (['status', 'updates', 'resources', 'collections', 'updatelists'].includes(p.entity)) this.schedule()
    })
  }

  /** The report shown now, if any. */
  get current(): ReportDef | null {
    const id = this.root.ui.selectedNodeId
    return id.startsWith('reporting:') ? (reports.find((r) => reportNodeId(r.id) === id) ?? null) : null
  }

  private schedule(): void {
    const r = this.current
    if (!r || !this.data.has(r.id) || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.load(r.id)
    }, 500)
  }

  /** Loads a report once. */
  ensureLoaded(id: string): void {
    if (!this.data.has(id) && !this.loading.has(id) && !this.errors.has(id)) void this.load(id)
  }

  /** (Re)loads a report. */
  async load(id: string): Promise<void> {
    const def = reports.find((r) => r.id === id)
    if (!def || this.loading.has(id)) return
    this.loading.add(id)
    try {
      const data = await def.load(this.root)
      runInAction(() => {
        this.data.set(id, data)
        this.errors.delete(id)
      })
    } catch (err) {
      runInAction(() => this.errors.set(id, (err as Error).message))
    } finally {
      runInAction(() => this.loading.delete(id))
    }
  }
}

const stores = new WeakMap<RootStore, ReportStore>()

/** The console's report store (built on first use). */
export function reportsOf(root: RootStore): ReportStore {
  let s = stores.get(root)
  if (!s) stores.set(root, (s = new ReportStore(root)))
  return s
}

/** The Reporting node's children: one per report. */
export function reportTreeNodes(): TreeNode[] {
  return reports.map((r) => ({
    id: reportNodeId(r.id),
    label: r.title,
    icon: 'reporting',
    description: r.description,
    children: [],
  }))
}

/** The column set of a report (cells are the row's values by column ID). */
export function reportColumns(def: ReportDef): ColumnDef[] {
  return def.columns.map((c, i) => ({
    id: c.id,
    label: c.label,
    width: c.width,
    value: ((r: ReportRow) => r[c.id] ?? '') as ColumnDef['value'],
    text: ((r: ReportRow) => {
      const v = r[c.id] ?? ''
      return c.id === 'percent' ? `${v}%` : typeof v === 'number' ? v.toLocaleString() : v
    }) as ColumnDef['text'],
    ...(c.numeric ? { align: 'end' as const } : {}),
    ...(i === 0 ? { fixed: true } : {}),
  }))
}

/** Column sets of the reports ("report:<id>"). */
export const reportColumnSets: Record<string, ColumnDef[]> = Object.fromEntries(
  reports.map((r) => [`report:${r.id}`, reportColumns(r)]),
)

/** The results view of a report, or null. */
export function reportView(root: RootStore, id: string): ResultsView | null {
  if (!id.startsWith('reporting:')) return null
  const def = reports.find((r) => reportNodeId(r.id) === id)
  if (!def) return null
  const store = reportsOf(root)
  queueMicrotask(() => store.ensureLoaded(def.id))
  const data = store.data.get(def.id)
  return {
    setKey: `report:${def.id}`,
    title: `Reporting › ${def.title}`,
    rows: (data?.rows ?? []).map((r, i) => ({
      key: `report-row:${def.id}:${i}`,
      kind: 'report-row',
      data: r,
    })),
    loading: !data && !store.errors.has(def.id),
    emptyText: store.errors.get(def.id) ?? 'Nothing to report yet.',
    bar: 'report',
  }
}

const connected = new WeakSet<RootStore>()

/** Feeds the tree's Reporting children (once per console). */
export function connectReports(root: RootStore): void {
  if (connected.has(root)) return
  connected.add(root)
  runInAction(() => (deploymentNodes.reports = () => reportTreeNodes()))
}
