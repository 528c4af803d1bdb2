import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { z } from 'zod'
import type {
  DeploymentDto,
  deploymentInput,
  deploymentRunInput,
  DeploymentStatusDto,
} from '../../../../shared/dto/deployment'
import { UpdateEnforcementState as E } from '../../../../shared/state-ids'
import { capitalize, plural } from '../../lib/format'
import { formatNodeId } from '../../shell/node-id'
import type { RootStore } from '../../shell/root-store'
import type { TreeNode } from '../../shell/tree-model'
import type { ConsoleTransport } from '../../transport/connection'
import { runLogsNode } from './run-log-store'

/** Tree ID of Deployment Management. */
export const DEPLOYMENTS_NODE = formatNodeId({ kind: 'static', name: 'updates:deployments' })

/** Tree ID of one deployment's per-client view. */
export const deploymentNodeId = (id: string): string => formatNodeId({ kind: 'deployment', id })

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
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
    /** Delay that coalesces bursts of state messages into one refresh. */
    private readonly coalesceMs = 250,
    /** How often active deployments are re-read when no event arrives (step changes without a state message). */
    private readonly pollMs = 3000,
  ) {
    makeAutoObservable<DeploymentStore, 'loading' | 'again' | 'timer' | 'poll' | 'disposers'>(
      this,
      {
        root: false,
        transport: false,
        loading: false,
        again: false,
        timer: false,
        poll: false,
        disposers: false,
        items: observable.ref,
      },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (this.loaded && (p.entity === 'status' || p.entity === 'collections')) this.schedule()
      }),
      transport.on('job:progress', () => {
        if (this.loaded) this.schedule()
      }),
    )
  }

  /** Loads once (the console loads it at start for the tree). */
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
      const items = await this.transport.invoke('deploy:list', {})
      const statuses = await Promise.all(
        items.map((d) => this.transport.invoke('deploy:status', { id: d.id })),
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

  /** Stops listening and timers (tests and console shutdown). */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
    if (this.timer) clearTimeout(this.timer)
    if (this.poll) clearInterval(this.poll)
    this.timer = null
    this.poll = null
  }

  /** Deployment Management's rows. */
  get rows(): DeploymentRow[] {
    const lists = this.root.updateLists
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

  /** The tree's Deployment Management children: Run Logs, then one node per deployment with its progress. */
  get treeNodes(): TreeNode[] {
    const deployments = this.rows.map((r): TreeNode => ({
      id: deploymentNodeId(r.id),
      label: r.deployment.name,
      icon: 'deployment',
      description: `${r.deployment.collectionName} · ${r.state} · ${r.percent}%`,
      children: [],
    }))
    return [runLogsNode(), ...deployments]
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
        const msgs = await this.transport.invoke('state:list', {
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
    const d = await this.transport.invoke('deploy:create', input)
    if (run) await this.transport.invoke('deploy:run', { id: d.id, start: true })
    await this.refresh()
    return d
  }

  /** Opens or closes the Run Now dialog (run name, duration limit, computers). */
  openRun(id: string | null): void {
    this.runDialog = id
  }

  /** Starts a new update run with its name, duration limit and computers. */
  async runWith(input: z.output<typeof deploymentRunInput>): Promise<void> {
    const r = await this.transport.invoke('deploy:run', input)
    this.root.ui.notify(`Deployment ${input.id}: update run "${r.runName}" (run ${r.jobId}) ${r.state}.`)
    await this.refresh()
  }

  /** Cancels a deployment's running job. */
  async cancel(id: string): Promise<void> {
    const r = await this.transport.invoke('deploy:cancel', { id })
    this.root.ui.notify(`Deployment ${id}: run ${r.jobId} ${r.state}.`)
    await this.refresh()
  }

  /** Runs failed and cancelled clients of a deployment's current run again: these only, or all of them. */
  async retry(id: string, resourceIds?: number[]): Promise<void> {
    const before = countBuckets(this.statuses.get(id)?.clients ?? [])
    const r = await this.transport.invoke('deploy:retry', resourceIds ? { id, resourceIds } : { id })
    this.root.ui.notify(
      `Deployment ${id}: retrying ${resourceIds ? plural(resourceIds.length, 'client') : plural(before.failed, 'failed client')} (run ${r.jobId}).`,
    )
    await this.refresh()
  }
}
