import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { z } from 'zod'
import type {
  DeploymentDto,
  deploymentInput,
  deploymentRunInput,
  DeploymentStatusDto,
} from '../../../../shared/dto/deployment'
import { UpdateEnforcementState as E } from '../../../../shared/state-ids'
import { capitalize, formatTime, plural } from '../../lib/format'
import { startJob, openResourceExplorer } from '../client-jobs/client-commands'
import type { NewEntry, Task } from '../../shell/commands'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import { runLogColumns, runLogsNode, runLogView, RUN_LOGS_NODE } from './run-log-store'
import { deploymentNodes, type TreeNode } from '../../shell/tree-model'
import { updateListsOf } from '../update-lists/update-list-store'
import type { ColumnDef, Row } from '../../shell/views'

/** Tree ID of Deployment Management. */
export const DEPLOYMENTS_NODE = 'updates:deployments'

/** Tree ID of one deployment's per-client view. */
export const deploymentNodeId = (id: string): string => `updates:deployment:${id}`

/** Where a client of a deployment stands, as Deployment Management counts it. */
export type Bucket = 'installed' | 'in-progress' | 'waiting' | 'failed' | 'not-started'

/** The buckets in display order with their labels. */
export const buckets: { id: Bucket; label: string }[] = [
  { id: 'installed', label: 'Installed' },
  { id: 'in-progress', label: 'In progress' },
  { id: 'waiting', label: 'Waiting' },
  { id: 'failed', label: 'Failed' },
  { id: 'not-started', label: 'Not started' },
]

type Client = DeploymentStatusDto['clients'][number]

const failedStates: number[] = [E.GeneralFailure, E.FailedToInstall, E.FailedToDownload]
const waitingStates: number[] = [
  E.WaitingForContent,
  E.WaitingForAnotherInstallation,
  E.WaitingForMaintenanceWindow,
  E.RestartRequiredBeforeInstalling,
]

/** The bucket of one client: its engine step first, then its newest enforcement (402) state. */
export function bucketOf(c: Pick<Client, 'stepState' | 'enforcementStateId'>): Bucket {
  const lem = c.enforcementStateId
  switch (c.stepState) {
    case 'succeeded':
      return 'installed'
    case 'failed':
      return 'failed'
    case 'running':
      return lem !== null && waitingStates.includes(lem) ? 'waiting' : 'in-progress'
    case 'waiting':
      return lem !== null && failedStates.includes(lem) ? 'failed' : 'waiting'
    case 'queued':
      return lem === null ? 'not-started' : 'in-progress'
    default:
      // 'not started' (never run), 'cancelled', 'skipped'
      return 'not-started'
  }
}

/** Clients per bucket (plus the total). */
export type BucketCounts = Record<Bucket, number> & { total: number }

/** Counts the clients of a deployment's status per bucket. */
export function countBuckets(
  clients: readonly Pick<Client, 'stepState' | 'enforcementStateId'>[],
): BucketCounts {
  const out: BucketCounts = {
    installed: 0,
    'in-progress': 0,
    waiting: 0,
    failed: 0,
    'not-started': 0,
    total: clients.length,
  }
  for (const c of clients) out[bucketOf(c)]++
  return out
}

/** A row of Deployment Management: the deployment, its live counts and what it deploys. */
export interface DeploymentRow {
  id: string
  deployment: DeploymentDto
  counts: BucketCounts
  /** Finished clients (installed or failed) in percent of all. */
  percent: number
  /** "List: Patch Tuesday", "Package: …", "3 updates". */
  source: string
  state: string
}

/** A row of a deployment's per-client view (the drill-down). */
export interface DeploymentClientRow extends Client {
  /** Unique per view. */
  id: number
  deploymentId: string
  bucket: Bucket
  /** Time of the newest enforcement message of this deployment's updates, when loaded. */
  lastTime: string | null
  /** The failure's text (the step's message when it failed), else ''. */
  error: string
}

/** The deployment's state in words ("Not run", "Running", "Succeeded"). */
export function deploymentStateText(d: Pick<DeploymentDto, 'jobState'>): string {
  if (d.jobState === null) return 'Not run'
  if (d.jobState === 'active') return 'Running'
  return capitalize(d.jobState)
}

/** Whether the deployment's run may still change (queued or active). */
export const isActive = (d: Pick<DeploymentDto, 'jobState'>): boolean =>
  d.jobState === 'queued' || d.jobState === 'active'

/** What a New Deployment dialog starts from. */
export interface DeploymentPrefill {
  updateIds?: string[]
  updateListId?: string
  packageId?: string
  collectionId?: string
  /** A label of the selection the dialog was opened for ("3 updates"). */
  label?: string
}

/** Deployment Management: every deployment with live per-client status, the drill-down filter and dialogs. */
export class DeploymentStore {
  items: DeploymentDto[] = []
  statuses = observable.map<string, DeploymentStatusDto>()
  /** Newest enforcement message time per "deploymentId:resourceId". */
  lastTimes = observable.map<string, string>()
  /** The drill-down bucket per deployment ('all' = every client). */
  filters = observable.map<string, Bucket | 'all'>()
  loaded = false
  /** The New Deployment dialog, when open. */
  dialog: DeploymentPrefill | null = null
  /** The deployment whose Run Now dialog is open. */
  runDialog: string | null = null
  private loading = false
  private again = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private poll: ReturnType<typeof setInterval> | null = null

  constructor(
    readonly root: RootStore,
    /** Delay that coalesces bursts of state messages into one refresh. */
    private readonly coalesceMs = 250,
    /** How often active deployments are re-read when no event arrives (step changes without a state message). */
    private readonly pollMs = 3000,
  ) {
    makeAutoObservable<DeploymentStore, 'loading' | 'again' | 'timer' | 'poll'>(
      this,
      { root: false, loading: false, again: false, timer: false, poll: false, items: observable.ref },
      { autoBind: true },
    )
    root.transport.on('site:changed', (p) => {
      if (this.loaded && (p.entity === 'status' || p.entity === 'collections')) this.schedule()
    })
    root.transport.on('job:progress', () => {
      if (this.loaded) this.schedule()
    })
  }

  /** Loads once (the tree asks for it). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  /** Queues one refresh after a burst of events. */
  schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.refresh()
    }, this.coalesceMs)
  }

  /** Reloads every deployment and its per-client status. */
  async refresh(): Promise<void> {
    if (this.loading) {
      this.again = true
      return
    }
    this.loading = true
    try {
      const items = await this.root.transport.invoke('deploy:list', {})
      const statuses = await Promise.all(
        items.map((d) => this.root.transport.invoke('deploy:status', { id: d.id })),
      )
      runInAction(() => {
        this.items = items
        this.statuses.replace(statuses.map((s) => [s.deployment.id, s]))
        this.loaded = true
      })
      this.keepPolling()
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      this.loading = false
      if (this.again) {
        this.again = false
        this.schedule()
      }
    }
  }

  private keepPolling(): void {
    const active = this.items.some(isActive)
    if (active && !this.poll && this.pollMs > 0) this.poll = setInterval(() => this.schedule(), this.pollMs)
    if (!active && this.poll) {
      clearInterval(this.poll)
      this.poll = null
    }
  }

  /** Stops timers (tests and console shutdown). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.poll) clearInterval(this.poll)
    this.timer = null
    this.poll = null
  }

  /** Deployment Management's rows. */
  get rows(): DeploymentRow[] {
    const lists = updateListsOf(this.root)
    return this.items.map((d) => {
      const counts = countBuckets(this.statuses.get(d.id)?.clients ?? [])
      const done = counts.installed + counts.failed
      const listName = d.updateListId ? (lists.byId.get(d.updateListId)?.name ?? d.updateListId) : null
      const source = listName
        ? `List: ${listName}`
        : d.packageIds.length
          ? `Package: ${d.packageIds.join(', ')}`
          : plural(d.updateIds.length, 'update')
      return {
        id: d.id,
        deployment: d,
        counts,
        percent: counts.total ? Math.round((done * 100) / counts.total) : 0,
        source,
        state: deploymentStateText(d),
      }
    })
  }

  /** The clients of a deployment in its drill-down bucket. */
  clientRows(id: string): DeploymentClientRow[] {
    const s = this.statuses.get(id)
    if (!s) return []
    const filter = this.filters.get(id) ?? 'all'
    return s.clients
      .map((c) => ({
        ...c,
        id: c.resourceId,
        deploymentId: id,
        bucket: bucketOf(c),
        lastTime: this.lastTimes.get(`${id}:${c.resourceId}`) ?? null,
        error:
          c.stepState === 'failed' ||
          (c.enforcementStateId !== null && failedStates.includes(c.enforcementStateId))
            ? c.message || c.enforcementStateName
            : '',
      }))
      .filter((c) => filter === 'all' || c.bucket === filter)
  }

  /** Opens a deployment's clients in one bucket ("Failed: 7" clicked). */
  drill(id: string, bucket: Bucket | 'all'): void {
    this.filters.set(id, bucket)
    this.root.ui.selectNode(deploymentNodeId(id))
    void this.loadTimes(id)
  }

  /** Sets the drill-down bucket of the deployment shown. */
  setFilter(id: string, bucket: Bucket | 'all'): void {
    this.filters.set(id, bucket)
  }

  /** Loads each client's newest enforcement message time for this deployment's updates. */
  async loadTimes(id: string): Promise<void> {
    const s = this.statuses.get(id)
    if (!s) return
    const updates = new Set(s.deployment.updateIds)
    try {
      for (const c of s.clients) {
        if (c.enforcementStateId === null) continue
        const msgs = await this.root.transport.invoke('state:list', {
          resourceId: c.resourceId,
          topicType: 402,
          limit: 50,
        })
        const last = msgs.find((m) => m.updateId !== null && updates.has(m.updateId))
        if (last) runInAction(() => this.lastTimes.set(`${id}:${c.resourceId}`, last.time))
      }
    } catch (err) {
      this.root.ui.reportError(err)
    }
  }

  /** Opens the New Deployment dialog. */
  openNew(prefill: DeploymentPrefill = {}): void {
    this.dialog = prefill
  }

  /** Closes the New Deployment dialog. */
  closeNew(): void {
    this.dialog = null
  }

  /** Creates a deployment and, with run, starts it at once. */
  async create(input: z.input<typeof deploymentInput>, run: boolean): Promise<DeploymentDto> {
    const d = await this.root.transport.invoke('deploy:create', input)
    if (run) await this.root.transport.invoke('deploy:run', { id: d.id, start: true })
    await this.refresh()
    return d
  }

  /** Opens or closes the Run Now dialog (run name, duration limit, computers). */
  openRun(id: string | null): void {
    this.runDialog = id
  }

  /** Starts a new update run with its name, duration limit and computers. */
  async runWith(input: z.output<typeof deploymentRunInput>): Promise<void> {
    const r = await this.root.transport.invoke('deploy:run', input)
    this.root.ui.notify(`Deployment ${input.id}: update run "${r.runName}" (run ${r.jobId}) ${r.state}.`)
    await this.refresh()
  }

  /** Cancels a deployment's running job. */
  async cancel(id: string): Promise<void> {
    const r = await this.root.transport.invoke('deploy:cancel', { id })
    this.root.ui.notify(`Deployment ${id}: run ${r.jobId} ${r.state}.`)
    await this.refresh()
  }

  /** Runs failed and cancelled clients of a deployment's current run again: these only, or all of them. */
  async retry(id: string, resourceIds?: number[]): Promise<void> {
    const before = countBuckets(this.statuses.get(id)?.clients ?? [])
    const r = await this.root.transport.invoke('deploy:retry', resourceIds ? { id, resourceIds } : { id })
    this.root.ui.notify(
      `Deployment ${id}: retrying ${resourceIds ? plural(resourceIds.length, 'client') : plural(before.failed, 'failed client')} (run ${r.jobId}).`,
    )
    await this.refresh()
  }
}

/** Restarts clients (forced: whether or not they report a pending restart) and shows the job's progress. */
export async function rebootClients(root: RootStore, resourceIds: number[]): Promise<void> {
  const job = await root.transport.invoke('clients:reboot', {
    targets: { resourceIds, collectionId: null },
    force: true,
  })
  await root.jobs.load(job.id)
  root.ui.openDialog({ kind: 'job', jobId: job.id })
}

const stores = new WeakMap<RootStore, DeploymentStore>()

/** The console's deployment store (built on first use). */
export function deploymentsOf(root: RootStore): DeploymentStore {
  let s = stores.get(root)
  if (!s) stores.set(root, (s = new DeploymentStore(root)))
  return s
}

const fire = (root: RootStore, fn: () => Promise<unknown>) => () => void fn().catch(root.ui.reportError)

/** The tree's Deployment Management children: one node per deployment, labelled with its progress. */
export function deploymentTreeNodes(root: RootStore): TreeNode[] {
  const store = deploymentsOf(root)
  queueMicrotask(store.ensureLoaded)
  const deployments: TreeNode[] = store.rows.map((r) => ({
    id: deploymentNodeId(r.id),
    label: r.deployment.name,
    icon: 'deployment',
    description: `${r.deployment.collectionName} · ${r.state} · ${r.percent}%`,
    children: [],
  }))
  return [runLogsNode(), ...deployments]
}

const col = <T>(
  id: string,
  label: string,
  width: number,
  value: (d: T) => string | number,
  extra: { text?: (d: T) => string; align?: 'start' | 'end'; fixed?: boolean; cell?: string } = {},
): ColumnDef => ({ id, label, width, value: value as ColumnDef['value'], ...(extra as object) })

/** Column sets of Deployment Management and the per-client drill-down. */
export const deploymentColumnSets: Record<string, ColumnDef[]> = {
  deployments: [
    col<DeploymentRow>('name', 'Name', 180, (r) => r.deployment.name, { fixed: true }),
    col<DeploymentRow>('collection', 'Collection', 110, (r) => r.deployment.collectionName),
    col<DeploymentRow>('source', 'Updates', 140, (r) => r.source),
    col<DeploymentRow>('state', 'State', 70, (r) => r.state),
    col<DeploymentRow>('progress', 'Progress', 130, (r) => r.percent, {
      text: (r) => `${r.percent}%`,
      cell: 'deployment-progress',
    }),
    ...buckets.map((b) =>
      col<DeploymentRow>(
        b.id,
        b.label,
        b.id === 'not-started' || b.id === 'in-progress' ? 80 : 66,
        (r) => r.counts[b.id],
        {
          align: 'end',
          cell: `deployment-count:${b.id}`,
        },
      ),
    ),
    col<DeploymentRow>('available', 'Available', 120, (r) => r.deployment.availableAt, {
      text: (r) => formatTime(r.deployment.availableAt),
    }),
    col<DeploymentRow>('deadline', 'Deadline', 120, (r) => r.deployment.deadline ?? '', {
      text: (r) => formatTime(r.deployment.deadline) || 'Optional',
    }),
    col<DeploymentRow>('id', 'Deployment ID', 100, (r) => r.id),
  ],
  'deployment-clients': [
    col<DeploymentClientRow>('name', 'Client', 160, (c) => c.name, { fixed: true }),
    col<DeploymentClientRow>('bucket', 'Status', 90, (c) => c.bucket, {
      text: (c) => buckets.find((b) => b.id === c.bucket)!.label,
    }),
    col<DeploymentClientRow>('stateId', 'State ID', 70, (c) => c.enforcementStateId ?? -1, {
      text: (c) => (c.enforcementStateId === null ? '—' : String(c.enforcementStateId)),
      align: 'end',
    }),
    col<DeploymentClientRow>('stateName', 'Enforcement State', 230, (c) => c.enforcementStateName, {
      text: (c) => c.enforcementStateName || 'No state message yet',
    }),
    col<DeploymentClientRow>('step', 'Step', 80, (c) => c.stepState, {
      text: (c) => capitalize(c.stepState),
    }),
    col<DeploymentClientRow>('time', 'Last Message', 130, (c) => c.lastTime ?? '', {
      text: (c) => formatTime(c.lastTime) || '—',
    }),
    col<DeploymentClientRow>('error', 'Error', 300, (c) => c.error),
    col<DeploymentClientRow>('message', 'Step Message', 300, (c) => (c.error === c.message ? '' : c.message)),
  ],
  'run-logs': runLogColumns,
}

/** Row kinds of these views with their column set (the details pane uses it). */
export const deploymentRowSets = {
  deployment: 'deployments',
  'deployment-client': 'deployment-clients',
  'run-log-line': 'run-logs',
} as const

/** The results view of Deployment Management or of one deployment's clients, or null. */
export function deploymentView(root: RootStore, id: string): ResultsView | null {
  if (id === RUN_LOGS_NODE) return runLogView(root, id)
  if (id !== DEPLOYMENTS_NODE && !id.startsWith('updates:deployment:')) return null
  const store = deploymentsOf(root)
  queueMicrotask(store.ensureLoaded)
  if (id === DEPLOYMENTS_NODE)
    return {
      setKey: 'deployments',
      title: 'Deployment Management',
      rows: store.rows.map((data) => ({ key: `deployment:${data.id}`, kind: 'deployment', data })),
      loading: !store.loaded,
      emptyText:
        'No deployment yet — New › Deployment…, or All Tasks › Deploy… on an update list or selected updates.',
    }
  const depId = id.slice('updates:deployment:'.length)
  const d = store.items.find((x) => x.id === depId)
  const filter = store.filters.get(depId) ?? 'all'
  const label = filter === 'all' ? 'All clients' : buckets.find((b) => b.id === filter)!.label
  return {
    setKey: 'deployment-clients',
    title: d ? `${d.name} (${d.id}) › ${label}` : depId,
    bar: 'deployment-clients',
    rows: store.clientRows(depId).map((data) => ({
      key: `deployment-client:${depId}:${data.resourceId}`,
      kind: 'deployment-client',
      data,
    })),
    loading: !store.loaded,
    emptyText:
      filter === 'all'
        ? 'This deployment’s collection has no clients.'
        : `No client is ${label.toLowerCase()} — choose another status above.`,
  }
}

/** All Tasks › Deploy… for a selection (updates, an update list or a deployment package). */
export function deployTask(root: RootStore, prefill: DeploymentPrefill): Task {
  return { id: 'deploy', label: 'Deploy…', run: () => deploymentsOf(root).openNew(prefill) }
}

/** The tasks of one deployment: run, cancel, retry failed, show clients. */
export function deploymentTasks(root: RootStore, d: DeploymentDto): Task[] {
  const store = deploymentsOf(root)
  const counts = countBuckets(store.statuses.get(d.id)?.clients ?? [])
  const tasks: Task[] = []
  if (!isActive(d)) tasks.push({ id: 'deploy-run', label: 'Run Now…', run: () => store.openRun(d.id) })
  if (isActive(d))
    tasks.push({ id: 'deploy-cancel', label: 'Cancel', run: fire(root, () => store.cancel(d.id)) })
  if (!isActive(d) && d.jobId !== null)
    tasks.push({
      id: 'deploy-retry',
      label: `Retry Failed (${counts.failed})`,
      run: fire(root, () => store.retry(d.id)),
    })
  tasks.push({ id: 'deploy-clients', label: 'Show Clients', run: () => store.drill(d.id, 'all') })
  return tasks
}

/** All Tasks of deployment, deployment-client and update-list rows (merged with the other features' tasks). */
export function deploymentRowTasks(root: RootStore, rows: Row[]): Task[] {
  const first = rows[0]
  if (!first) return []
  if (first.kind === 'deployment') return deploymentTasks(root, (first.data as DeploymentRow).deployment)
  if (first.kind === 'update-list') {
    const l = first.data as { id: string; name: string }
    return [deployTask(root, { updateListId: l.id, label: `update list ${l.name}` })]
  }
  if (first.kind === 'update') {
    const ids = rows.filter((r) => r.kind === 'update').map((r) => (r.data as { id: string }).id)
    return [deployTask(root, { updateIds: ids, label: plural(ids.length, 'update') })]
  }
  if (first.kind !== 'deployment-client') return []
  const clients = rows.filter((r) => r.kind === 'deployment-client').map((r) => r.data as DeploymentClientRow)
  const ids = clients.map((c) => c.resourceId)
  const depId = clients[0]!.deploymentId
  const d = deploymentsOf(root).items.find((x) => x.id === depId)
  const label = ids.length === 1 ? clients[0]!.name : plural(ids.length, 'client')
  const tasks: Task[] = []
  const retryable = clients.filter((c) => c.bucket === 'failed' || c.stepState === 'cancelled')
  if (d && d.jobId !== null && retryable.length > 0)
    tasks.push({
      id: 'deploy-retry',
      label:
        retryable.length === 1
          ? `Retry ${retryable[0]!.name}`
          : `Retry ${plural(retryable.length, 'client')}`,
      run: fire(root, () =>
        deploymentsOf(root).retry(
          depId,
          retryable.map((c) => c.resourceId),
        ),
      ),
    })
  tasks.push({
    id: 'rescan',
    label: `Rescan ${label}`,
    run: () => startJob(root, { kind: 'scan', force: true }, { resourceIds: ids }),
  })
  tasks.push({
    id: 'reboot',
    label: `Restart ${label}`,
    run: fire(root, () => rebootClients(root, ids)),
  })
  if (ids.length <= 5)
    tasks.push({
      id: 'resource-explorer',
      label: ids.length === 1 ? 'Open Resource Explorer' : `Open Resource Explorer (${ids.length} windows)`,
      run: () => ids.forEach((id) => openResourceExplorer(root, id)),
    })
  return tasks
}

/** All Tasks of a deployment tree node, or null when the node is not this feature's. */
export function deploymentNodeTasks(root: RootStore, nodeId: string): Task[] | null {
  if (nodeId === DEPLOYMENTS_NODE)
    return [{ id: 'deploy-new', label: 'New Deployment…', run: () => deploymentsOf(root).openNew() }]
  if (nodeId.startsWith('updates:list:')) {
    const id = nodeId.slice('updates:list:'.length)
    return [deployTask(root, { updateListId: id })]
  }
  if (nodeId.startsWith('updates:package:'))
    return [deployTask(root, { packageId: nodeId.slice('updates:package:'.length) })]
  if (!nodeId.startsWith('updates:deployment:')) return null
  const d = deploymentsOf(root).items.find((x) => x.id === nodeId.slice('updates:deployment:'.length))
  return d ? deploymentTasks(root, d) : []
}

/** New › Deployment… on the Software Updates nodes. */
export function deploymentNewEntries(root: RootStore): NewEntry[] {
  const node = root.ui.selectedNodeId
  if (node !== 'updates' && !node.startsWith('updates:')) return []
  return [{ id: 'deployment', label: 'Deployment…', run: () => deploymentsOf(root).openNew() }]
}

const connected = new WeakSet<RootStore>()

/** Feeds the tree's Deployment Management children from the store (once per console). */
export function connectDeployments(root: RootStore): void {
  if (connected.has(root)) return
  connected.add(root)
  runInAction(() => (deploymentNodes.provide = () => deploymentTreeNodes(root)))
}
