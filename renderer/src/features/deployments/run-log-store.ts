import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { DeployLogLineDto, UpdateRunDto } from '../../../../shared/dto/deployment'
import { formatTime } from '../../lib/format'
import { formatNodeId } from '../../shell/node-id'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import type { TreeNode } from '../../shell/tree-model'
import type { ColumnDef } from '../../shell/views'
import type { ConsoleTransport } from '../../transport/connection'

/** Tree ID of Run Logs (under Deployment Management). */
export const RUN_LOGS_NODE = formatNodeId({ kind: 'static', name: 'updates:run-logs' })

/** Lines the console keeps at most (the newest). */
export const MAX_LINES = 20_000

/** What the Run Logs view searches: free text plus run and computer filters. */
export interface RunLogQuery {
  text: string
  runName: string
  resourceId: number | null
}

/** Whether a line matches a query the way 'deploy:logs' matches (case-insensitive substring of any field). */
export function lineMatches(line: DeployLogLineDto, q: RunLogQuery): boolean {
  if (q.runName && line.runName.toLowerCase() !== q.runName.toLowerCase()) return false
  if (q.resourceId !== null && line.resourceId !== q.resourceId) return false
  const t = q.text.trim().toLowerCase()
  if (!t) return true
  return [
    line.update.kb,
    line.update.package,
    line.update.id,
    line.update.title,
    line.computer,
    line.text,
    line.runName,
  ].some((f) => f.toLowerCase().includes(t))
}

/** Run Logs: the per-computer lines of update runs, searched on the server and followed live ('deploy:log'). */
export class RunLogStore {
  lines: DeployLogLineDto[] = []
  runs: UpdateRunDto[] = []
  query: RunLogQuery = { text: '', runName: '', resourceId: null }
  loaded = false
  loading = false
  /** Lines that arrived live since the view was loaded. */
  liveCount = 0
  private pending: DeployLogLineDto[] = []
  private flushTimer: ReturnType<typeof setTimeout> | null = null
  private searchTimer: ReturnType<typeof setTimeout> | null = null
  private generation = 0
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
    /** How long typing in the search box waits before asking the server. */
    private readonly debounceMs = 250,
  ) {
    makeAutoObservable<RunLogStore, 'pending' | 'flushTimer' | 'searchTimer' | 'generation' | 'disposers'>(
      this,
      {
        root: false,
        transport: false,
        disposers: false,
        pending: false,
        flushTimer: false,
        searchTimer: false,
        generation: false,
        lines: observable.ref,
        runs: observable.ref,
      },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('deploy:log', (line) => {
        if (!this.loaded || !lineMatches(line, this.query)) return
        this.pending.push(line)
        if (!this.flushTimer) this.flushTimer = setTimeout(this.flush, 100)
      }),
      transport.on('site:changed', (p) => {
        if (this.loaded && p.entity === 'status') void this.loadRuns()
      }),
    )
  }

  /** Appends the lines that arrived live (batched, so a burst renders once). */
  flush(): void {
    this.flushTimer = null
    if (this.pending.length === 0) return
    const last = this.lines[this.lines.length - 1]?.id ?? 0
    const fresh = this.pending.filter((l) => l.id > last)
    this.pending = []
    if (fresh.length === 0) return
    const next = this.lines.concat(fresh)
    this.lines = next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next
    this.liveCount += fresh.length
  }

  /** Loads once (the view asks for it). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.search()
  }

  /** Changes the query; text waits for typing to pause, filters search at once. */
  setQuery(patch: Partial<RunLogQuery>): void {
    this.query = { ...this.query, ...patch }
    if (this.searchTimer) clearTimeout(this.searchTimer)
    const wait = patch.text !== undefined ? this.debounceMs : 0
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null
      void this.search()
    }, wait)
  }

  /** Asks the server for the newest matching lines (and the runs for the filter). */
  async search(): Promise<void> {
    const gen = ++this.generation
    this.loading = true
    const q = this.query
    try {
      const [lines] = await Promise.all([
        this.transport.invoke('deploy:logs', {
          ...(q.text.trim() ? { text: q.text.trim() } : {}),
          ...(q.runName ? { runName: q.runName } : {}),
          ...(q.resourceId !== null ? { resourceId: q.resourceId } : {}),
          limit: MAX_LINES,
        }),
        this.runs.length ? Promise.resolve() : this.loadRuns(),
      ])
      if (gen !== this.generation) return
      runInAction(() => {
        this.lines = lines
        this.pending = []
        this.liveCount = 0
        this.loaded = true
      })
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      if (gen === this.generation) runInAction(() => (this.loading = false))
    }
  }

  /** Reloads the update runs (names for the run filter). */
  async loadRuns(): Promise<void> {
    try {
      const runs = await this.transport.invoke('deploy:runs', {})
      runInAction(() => (this.runs = runs))
    } catch (err) {
      this.root.ui.reportError(err)
    }
  }

  /** Distinct run names, newest first. */
  get runNames(): string[] {
    return [...new Set(this.runs.map((r) => r.name))]
  }

  /** Stops listening and timers (tests and console shutdown). */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
    if (this.flushTimer) clearTimeout(this.flushTimer)
    if (this.searchTimer) clearTimeout(this.searchTimer)
    this.flushTimer = this.searchTimer = null
  }
}

/** The Run Logs node shown first under Deployment Management. */
export function runLogsNode(): TreeNode {
  return {
    id: RUN_LOGS_NODE,
    label: 'Run Logs',
    icon: 'message',
    description: 'Per-computer logs of every update run: search by run name, KB/package, computer and title',
    children: [],
  }
}

const col = (
  id: string,
  label: string,
  width: number,
  value: (l: DeployLogLineDto) => string | number,
  text?: (l: DeployLogLineDto) => string,
): ColumnDef =>
  ({ id, label, width, value: value as ColumnDef['value'], ...(text ? { text } : {}) }) as ColumnDef

/** Columns of Run Logs. */
export const runLogColumns: ColumnDef[] = [
  {
    ...col(
      'time',
      'Time',
      140,
      (l) => l.id,
      (l) => formatTime(l.time),
    ),
    fixed: true,
  },
  col('run', 'Update Run', 150, (l) => l.runName),
  col('computer', 'Computer', 120, (l) => l.computer),
  col('kb', 'KB / Package', 150, (l) => l.update.kb || l.update.package),
  col('title', 'Title', 200, (l) => l.update.title),
  col('kind', 'Kind', 70, (l) => l.kind),
  col('text', 'Text', 520, (l) => l.text),
]

/** The results view of Run Logs (loaded by the console when the node is selected). */
export function runLogView(root: RootStore): ResultsView {
  const store = root.runLogs
  const q = store.query
  const filtered = q.text.trim() || q.runName || q.resourceId !== null
  return {
    setKey: 'run-logs',
    title: 'Deployment Management › Run Logs',
    bar: 'run-logs',
    rows: store.lines.map((data) => ({ key: `run-log:${data.id}`, kind: 'run-log-line', data })),
    loading: !store.loaded,
    emptyText: filtered
      ? 'No log line matches — change the search or the filters above.'
      : 'No update run has logged anything yet — run a deployment (Run Now) to see its computers’ logs here.',
  }
}
