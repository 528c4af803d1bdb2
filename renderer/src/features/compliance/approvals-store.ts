import { makeAutoObservable, observable, runInAction } from 'mobx'
import type {
  ApprovalDto,
  ComplianceSummaryDto,
  RecommendationDto,
  RecommendationGroupDto,
  RecommendationState,
  RemediationDto,
} from '../../../../shared/dto/approvals'
import { formatTime, plural } from '../../lib/format'
import { formatNodeId } from '../../shell/node-id'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'

/** How the Compliance node lists a collection: per client and update, per update, or its approvals. */
export type RecommendationMode = 'computer' | 'recommendation' | 'approvals'

/** States an admin may move recommendations to (Implemented comes from scans). */
export type SettableState = Exclude<RecommendationState, 'Implemented'>

/** The Compliance node's tree ID. */
export const COMPLIANCE_NODE = formatNodeId({ kind: 'static', name: 'updates:compliance' })

/**
 * Approvals, compliance checks and recommendations of one collection at a time:
 * approve updates, Check / Run Scan and Check, then approve or ignore the recommendations.
 */
export class ApprovalsStore {
  collectionId: string | null = null
  mode: RecommendationMode = 'computer'
  stateFilter: RecommendationState | 'all' = 'all'
  recommendations: RecommendationDto[] = []
  groups: RecommendationGroupDto[] = []
  approvals: ApprovalDto[] = []
  autoApprove = false
  lastCheckAt: string | null = null
  /** What the last check run from this console found. */
  summary: ComplianceSummaryDto | null = null
  loaded = false
  checking = false
  private loading: Promise<void> | null = null
  private again = false
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<ApprovalsStore, 'loading' | 'again' | 'disposers'>(
      this,
      {
        root: false,
        transport: false,
        disposers: false,
        loading: false,
        again: false,
        recommendations: observable.ref,
        groups: observable.ref,
        approvals: observable.ref,
      },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (!this.loaded) return
        if (p.entity === 'approvals' && (p.ids.length === 0 || p.ids.includes(this.collectionId ?? '')))
          void this.refresh()
        if (p.entity === 'collections' || p.entity === 'resources') void this.refresh()
      }),
    )
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
  }

  /** The collection shown: the chosen one, else the first with members, else the first. */
  get collection() {
    const { collections } = this.root
    if (this.collectionId) {
      const c = collections.byId.get(this.collectionId)
      if (c) return c
    }
    return collections.items.find((c) => !c.builtIn && c.memberCount > 0) ?? collections.items[0] ?? null
  }

  /** Loads the shown collection once. */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading && this.collection) void this.refresh()
  }

  /** Reloads recommendations, groups, approvals and settings of the shown collection. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true
      return this.loading
    }
    this.loading = this.load().finally(() => (this.loading = null))
    return this.loading
  }

  private async load(): Promise<void> {
    try {
      do {
        this.again = false
        const c = this.collection
        if (!c) return
        const collectionId = c.id
        const { transport } = this
        const [recommendations, groups, approvals, settings] = await Promise.all([
          transport.invoke('recommendations:list', { collectionId }),
          transport.invoke('recommendations:by-update', { collectionId }),
          transport.invoke('approvals:list', { collectionId }),
          transport.invoke('approvals:settings-get', { collectionId }),
        ])
        runInAction(() => {
          if (this.collection?.id !== collectionId) return
          this.recommendations = recommendations
          this.groups = groups
          this.approvals = approvals
          this.autoApprove = settings.autoApprove
          this.lastCheckAt = settings.lastCheckAt
          this.loaded = true
        })
      } while (this.again)
    } catch (err) {
      this.root.ui.reportError(err)
    }
  }

  /** Shows another collection. */
  setCollection(id: string): void {
    if (this.collectionId === id) return
    this.collectionId = id
    this.recommendations = []
    this.groups = []
    this.approvals = []
    this.summary = null
    this.loaded = false
    void this.refresh()
  }

  /** View by Computer, View by Recommendation, or Approved Updates. */
  setMode(mode: RecommendationMode): void {
    this.mode = mode
  }

  /** Shows only recommendations in one state ('all' for every state). */
  setStateFilter(state: RecommendationState | 'all'): void {
    this.stateFilter = state
  }

  /** Recommendations of the shown collection passing the state filter. */
  get shownRecommendations(): RecommendationDto[] {
    const f = this.stateFilter
    return f === 'all' ? this.recommendations : this.recommendations.filter((r) => r.state === f)
  }

  /** Groups of the shown collection passing the state filter (a group shows when it holds that state). */
  get shownGroups(): RecommendationGroupDto[] {
    const f = this.stateFilter
    if (f === 'all') return this.groups
    const key = f.toLowerCase() as 'opened' | 'approved' | 'implemented' | 'ignored' | 'closed'
    return this.groups.filter((g) => g[key] > 0)
  }

  /** Recommendations counted by state. */
  get counts(): Record<RecommendationState, number> {
    const out: Record<RecommendationState, number> = {
      Opened: 0,
      Approved: 0,
      Implemented: 0,
      Ignored: 0,
      Closed: 0,
    }
    for (const r of this.recommendations) out[r.state]++
    return out
  }

  /** Approves updates for a collection (only approved updates are reported missing). */
  async approve(collectionId: string, updateIds: string[]): Promise<number> {
    const { changed } = await this.transport.invoke('approvals:approve', { collectionId, updateIds })
    if (collectionId === this.collection?.id) await this.refresh()
    return changed
  }

  /** Declines updates for a collection (their recommendations close). */
  async decline(collectionId: string, updateIds: string[]): Promise<number> {
    const { changed } = await this.transport.invoke('approvals:decline', { collectionId, updateIds })
    if (collectionId === this.collection?.id) await this.refresh()
    return changed
  }

  /** Moves recommendations (by ID) to a state: bulk Approve / Ignore / Open / Close. */
  async setState(ids: number[], state: SettableState): Promise<void> {
    const { changed } = await this.transport.invoke('recommendations:set-state', { ids, state })
    this.root.ui.notify(`${plural(changed, 'recommendation')} set to ${state}.`)
    await this.refresh()
  }

  /** Moves every recommendation of some updates in the shown collection to a state (View by Recommendation). */
  async setGroupState(updateIds: string[], state: SettableState): Promise<void> {
    const collectionId = this.collection?.id
    if (!collectionId) return
    const { changed } = await this.transport.invoke('recommendations:set-state', {
      collectionId,
      updateIds,
      state,
    })
    this.root.ui.notify(`${plural(changed, 'recommendation')} set to ${state}.`)
    await this.refresh()
  }

  /**
   * Run Now / Schedule: one deployment of exactly the chosen Approved recommendations (by ID, or of updates in the
   * shown collection), or of the collection's Approved Updates rows; `at` null runs now.
   */
  async remediate(choice: RemediationChoice, at: string | null): Promise<RemediationDto> {
    const collectionId = this.collection?.id ?? null
    const out = await this.transport.invoke('remediation:deploy', {
      from: choice.from,
      ids: choice.ids ?? [],
      collectionId: choice.ids?.length ? null : collectionId,
      updateIds: choice.updateIds ?? [],
      at,
    })
    const skipped = out.skipped ? `; ${plural(out.skipped, 'recommendation')} not Approved left out` : ''
    this.root.ui.notify(
      `Deployment ${out.deploymentId}: ${plural(out.updateIds.length, 'update')} to ${plural(out.resourceIds.length, 'computer')}, ${at ? `scheduled for ${formatTime(out.availableAt)}` : 'running now'}${skipped}.`,
    )
    await this.refresh()
    return out
  }

  /** Check: evaluates the last scan results against the approved updates, without contacting clients. */
  async check(collectionId: string): Promise<ComplianceSummaryDto> {
    this.checking = true
    try {
      const summary = await this.transport.invoke('compliance:check', { collectionId })
      runInAction(() => {
        if (collectionId === this.collection?.id) this.summary = summary
      })
      this.root.ui.notify(
        checkText(summary, this.root.collections.byId.get(collectionId)?.name ?? collectionId),
      )
      if (collectionId === this.collection?.id) await this.refresh()
      return summary
    } finally {
      runInAction(() => (this.checking = false))
    }
  }

  /** Run Scan and Check: scans the collection's clients (a job), then checks when the scan ends. */
  async runScanAndCheck(collectionId: string): Promise<number> {
    const job = await this.transport.invoke('compliance:run-scan-and-check', { collectionId })
    await this.root.jobs.load(job.id)
    this.root.ui.openDialog({ kind: 'job', jobId: job.id })
    return job.id
  }

  /** Compliance Settings: Enable automatic approval for a collection. */
  async setAutoApprove(collectionId: string, autoApprove: boolean): Promise<void> {
    const s = await this.transport.invoke('approvals:settings-set', { collectionId, autoApprove })
    runInAction(() => {
      if (collectionId === this.collection?.id) this.autoApprove = s.autoApprove
    })
  }
}

/** What Run Now / Schedule act on: recommendations by ID, updates of the shown collection, or its Approved Updates rows. */
export interface RemediationChoice {
  from: 'recommendations' | 'approvals'
  ids?: number[]
  updateIds?: string[]
}

/** A compliance check's result in one status-bar line. */
export function checkText(s: ComplianceSummaryDto, name: string): string {
  const unscanned = s.unscanned.length ? `; never scanned: ${s.unscanned.join(', ')}` : ''
  return `Compliance check of ${name}: ${s.compliantClients} of ${plural(s.clients, 'client')} compliant with ${plural(s.approvedUpdates, 'approved update')}, ${plural(s.created, 'new recommendation')}${unscanned}.`
}
