import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { EventPayload } from '../../../../shared/contract'
import type { JobDto, JobHostDto, JobState } from '../../../../shared/dto/job'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'

/** Which clients a job runs on: resources, a collection, or both. */
export interface JobTargets {
  resourceIds?: number[]
  collectionId?: string | null
}

/** What the console asked a job to do, kept so it can run again (e.g. after trusting host keys). */
export type JobRequest =
  | { kind: 'scan'; force: boolean }
  | { kind: 'inventory' }
  | { kind: 'connect' }
  | { kind: 'exec'; command: string; timeoutSeconds: number }
  | { kind: 'reboot'; force: boolean; timeoutMinutes: number }

/** A job's counts without its hosts. */
export type JobSummary = Omit<JobDto, 'hosts'>

const finalStates: readonly JobState[] = ['succeeded', 'failed', 'skipped', 'cancelled']

/** Whether a job or host state is final. */
export function isFinal(state: JobState): boolean {
  return finalStates.includes(state)
}

/** One job the console follows: counts, and its hosts by resource ID, updated live from job:progress. */
export class JobView {
  summary: JobSummary
  hosts = observable.map<number, JobHostDto>([], { deep: false })
  /** Hosts in the order the job listed them (events may add hosts before the job's own answer). */
  order: number[] = []
  request: JobRequest | null = null
  targets: JobTargets | null = null

  constructor(summary: JobSummary) {
    this.summary = summary
    makeAutoObservable(this, { summary: observable.ref, hosts: false }, { autoBind: true })
  }

  /** Hosts in job order. */
  get hostList(): JobHostDto[] {
    return this.order.map((id) => this.hosts.get(id)).filter((h): h is JobHostDto => h !== undefined)
  }

  /** Whether the job has finished. */
  get finished(): boolean {
    return isFinal(this.summary.state)
  }

  /** Fraction done, 0–1. */
  get fraction(): number {
    return this.summary.total ? this.summary.done / this.summary.total : 0
  }

  /** Hosts that failed because their host key is not trusted yet (with the key they presented). */
  get unknownKeyHosts(): JobHostDto[] {
    return this.hostList.filter((h) => h.errorKind === 'host-key-unknown' && h.fingerprint)
  }

  /** Merges counts: the newer (more done, or final) wins. */
  mergeSummary(next: JobSummary): void {
    const cur = this.summary
    if (isFinal(cur.state) && !isFinal(next.state)) return
    if (!isFinal(next.state) && next.done < cur.done) return
    this.summary = next
  }

  /** Merges one host: a finished host is never replaced by a queued or running copy of itself. */
  mergeHost(host: JobHostDto): void {
    const cur = this.hosts.get(host.resourceId)
    if (!cur) this.order.push(host.resourceId)
    else if (isFinal(cur.state) && !isFinal(host.state)) return
    this.hosts.set(host.resourceId, host)
  }

  /** Merges a full job (from clients:* or jobs:get). */
  mergeJob(job: JobDto): void {
    const { hosts, ...summary } = job
    this.mergeSummary(summary)
    const listed = new Set(hosts.map((h) => h.resourceId))
    // Keep the job's own order; hosts only events had told us about stay at the end.
    this.order = [...listed, ...this.order.filter((id) => !listed.has(id))]
    for (const h of hosts) {
      const cur = this.hosts.get(h.resourceId)
      if (!cur || !(isFinal(cur.state) && !isFinal(h.state))) this.hosts.set(h.resourceId, h)
    }
  }
}

/** Client jobs: starts them, follows their progress live, cancels them, lists recent ones (System Status › Jobs). */
export class JobStore {
  views = observable.map<number, JobView>([], { deep: false })
  recent: JobSummary[] = []
  recentLoaded = false
  /** How many followed jobs are kept in memory. */
  keep = 30

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, recent: observable.ref, views: false }, { autoBind: true })
  }

  /** The view of a job, if followed. */
  get(id: number): JobView | undefined {
    return this.views.get(id)
  }

  private view(summary: JobSummary): JobView {
    let v = this.views.get(summary.id)
    if (!v) {
      v = new JobView(summary)
      this.views.set(summary.id, v)
      if (this.views.size > this.keep) {
        const oldest = [...this.views.values()].find((x) => x.finished && x !== v)
        if (oldest) this.views.delete(oldest.summary.id)
      }
    }
    return v
  }

  /** Applies a job:progress event (counts, and the host that just finished). */
  onProgress(event: EventPayload<'job:progress'>): void {
    const v = this.view(event.job)
    v.mergeSummary(event.job)
    if (event.host) v.mergeHost(event.host)
    if (isFinal(event.job.state) && !event.host) {
      // The job ended: reconcile with the recorded result (events may have been missed on a reconnect).
      void this.load(event.job.id).catch(() => {})
      if (this.recentLoaded) void this.refreshList().catch(() => {})
    } else if (this.recentLoaded && !this.recent.some((j) => j.id === event.job.id)) {
      this.recent = [event.job, ...this.recent]
    } else if (this.recentLoaded) {
      this.recent = this.recent.map((j) => (j.id === event.job.id ? event.job : j))
    }
  }

  /** Starts a job on clients and follows it; resolves with its view. */
  async start(request: JobRequest, targets: JobTargets): Promise<JobView> {
    const t = { resourceIds: targets.resourceIds ?? [], collectionId: targets.collectionId ?? null }
    let job: JobDto
    switch (request.kind) {
      case 'scan':
        job = await this.transport.invoke('clients:scan', { targets: t, force: request.force })
        break
      case 'inventory':
        job = await this.transport.invoke('clients:inventory', { targets: t })
        break
      case 'connect':
        job = await this.transport.invoke('clients:connect', { targets: t })
        break
      case 'exec':
        job = await this.transport.invoke('clients:exec', {
          targets: t,
          command: request.command,
          timeoutSeconds: request.timeoutSeconds,
        })
        break
      case 'reboot':
        job = await this.transport.invoke('clients:reboot', {
          targets: t,
          force: request.force,
          timeoutMinutes: request.timeoutMinutes,
        })
        break
    }
    return runInAction(() => {
      const v = this.view(job)
      v.mergeJob(job)
      v.request = request
      v.targets = t
      return v
    })
  }

  /** Runs a job again on some of its hosts, with the same request (a scan kind defaults to forced). */
  async rerun(jobId: number, resourceIds: number[]): Promise<JobView> {
    const v = this.views.get(jobId)
    const kind = v?.summary.kind ?? 'scan'
    const request: JobRequest =
      v?.request ??
      (kind === 'exec'
        ? { kind: 'scan', force: true }
        : kind === 'scan'
          ? { kind, force: true }
          : kind === 'reboot'
            ? { kind, force: false, timeoutMinutes: 15 }
            : { kind })
    return this.start(request, { resourceIds })
  }

  /** Loads a job with its hosts (to open a finished one, or reconcile a followed one). */
  async load(id: number): Promise<JobView> {
    const job = await this.transport.invoke('jobs:get', { id })
    return runInAction(() => {
      const v = this.view(job)
      v.mergeJob(job)
      return v
    })
  }

  /** Cancels a running job: hosts not yet finished end as cancelled. */
  async cancel(id: number): Promise<void> {
    const job = await this.transport.invoke('jobs:cancel', { id })
    runInAction(() => this.view(job).mergeJob(job))
  }

  /** Reloads the list of recent jobs. */
  async refreshList(): Promise<void> {
    const jobs = await this.transport.invoke('jobs:list', {})
    runInAction(() => {
      this.recent = jobs.map(({ hosts: _hosts, ...j }) => j)
      this.recentLoaded = true
    })
  }

  /** Reloads followed jobs that are still running (after a reconnect, events may have been missed). */
  reconcile(): void {
    for (const v of this.views.values()) if (!v.finished) void this.load(v.summary.id).catch(() => {})
  }

  /** Loads the list once (when System Status › Jobs is first shown). */
  ensureList(): void {
    if (!this.recentLoaded) void this.refreshList().catch(this.root.ui.reportError)
  }
}
