import { makeObservable, observable, runInAction } from 'mobx'
import type { EventPayload } from '../../../shared/contract'
import type { ConnectionState, ConsoleTransport } from '../transport/connection'
import { AccessStore } from '../features/resources/access-store'
import { AdvertisementStore } from '../features/advertisements/advertisement-store'
import { CollectionStore } from '../features/collections/collection-store'
import { ExplorerStore } from '../features/resources/explorer-store'
import { JobStore } from '../features/client-jobs/job-store'
import { PackageStore } from '../features/packages/package-store'
import { PrefsStore } from './prefs-store'
import { ResourceStore } from '../features/resources/resource-store'
import { SiteStore } from './site-store'
import { StatusStore } from './status-store'
import { UiStore } from './ui-store'
import { UpdateStore } from '../features/catalog/update-store'
import { connectCatalog } from '../features/catalog/catalog-views'

type Entity = EventPayload<'site:changed'>['entity']

/** Builds every store, loads the site, and keeps the stores current from 'site:changed' events. */
export class RootStore {
  readonly site: SiteStore
  readonly resources: ResourceStore
  readonly collections: CollectionStore
  readonly packages: PackageStore
  readonly advertisements: AdvertisementStore
  readonly status: StatusStore
  readonly prefs: PrefsStore
  readonly ui: UiStore
  readonly jobs: JobStore
  readonly updates: UpdateStore
  readonly access: AccessStore
  /** The Resource Explorer on screen (its own route, or the in-app full-pane view), if any. */
  explorer: ExplorerStore | null = null
  connection: ConnectionState
  started = false
  loadError: string | null = null
  private readonly disposers: (() => void)[] = []
  private pending = new Set<Entity>()
  private flushTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    readonly transport: ConsoleTransport,
    /** Delay that coalesces bursts of change events into one refresh per entity. */
    private readonly coalesceMs = 40,
  ) {
    this.site = new SiteStore(this, transport)
    this.resources = new ResourceStore(this, transport)
    this.collections = new CollectionStore(this, transport)
    this.packages = new PackageStore(this, transport)
    this.advertisements = new AdvertisementStore(this, transport)
    this.status = new StatusStore(this, transport)
    this.prefs = new PrefsStore(this, transport)
    this.ui = new UiStore(this, transport)
    this.jobs = new JobStore(this, transport)
    this.updates = new UpdateStore(this, transport, coalesceMs ? 300 : 0)
    this.access = new AccessStore(this, transport)
    this.connection = transport.state
    makeObservable(this, {
      connection: observable,
      started: observable,
      loadError: observable,
      explorer: observable.ref,
    })
  }

  /** Loads everything, restores the last node and starts listening for changes. */
  async start(): Promise<void> {
    connectCatalog(this)
    this.disposers.push(
      this.transport.on('site:changed', (p) => {
        // Resource Explorer follows changes of its own client only.
        if (this.explorer && ['inventory', 'updates', 'resources'].includes(p.entity))
          this.explorer.onChanged(p.ids)
        this.onChanged(p.entity)
      }),
    )
    this.disposers.push(this.transport.on('job:progress', (p) => this.jobs.onProgress(p)))
    this.disposers.push(
      this.transport.onState((state) => {
        const wasDown = this.connection === 'disconnected'
        runInAction(() => (this.connection = state))
        if (state === 'connected' && wasDown) void this.refreshAll().catch(this.ui.reportError)
      }),
    )
    try {
      await this.refreshAll()
      runInAction(() => {
        this.started = true
        this.ui.restoreLastNode()
      })
    } catch (err) {
      runInAction(() => (this.loadError = (err as Error).message))
    }
  }

  /** Reloads every store (F5). */
  async refreshAll(): Promise<void> {
    this.updates.markStale()
    this.jobs.reconcile()
    await Promise.all([
      ...(this.updates.shown ? [this.updates.refresh()] : []),
      ...(this.jobs.recentLoaded ? [this.jobs.refreshList()] : []),
      ...(this.explorer ? [this.explorer.refresh()] : []),
      this.prefs.refresh(),
      this.site.refresh(),
      this.resources.refresh(),
      this.collections.refresh(),
      this.packages.refresh(),
      this.advertisements.refresh(),
      this.status.refresh(),
    ])
  }

  /** Queues a refresh of the entity a change event names. */
  onChanged(entity: Entity): void {
    this.pending.add(entity)
    if (this.flushTimer) return
    this.flushTimer = setTimeout(() => void this.flush(), this.coalesceMs)
  }

  /** Refreshes every entity queued by change events; resolves when done. */
  async flush(): Promise<void> {
    this.flushTimer = null
    const entities = [...this.pending]
    this.pending.clear()
    const jobs: Promise<void>[] = []
    const has = (e: Entity) => entities.includes(e)
    if (has('resources')) jobs.push(this.resources.refresh())
    // Member counts follow resources and rules, so collections refresh on either.
    if (has('resources') || has('collections')) jobs.push(this.collections.refresh())
    if (has('packages')) jobs.push(this.packages.refresh())
    if (has('advertisements') || has('packages') || has('collections'))
      jobs.push(this.advertisements.refresh())
    if (has('status')) jobs.push(this.status.refresh())
    if (has('prefs')) jobs.push(this.prefs.refresh())
    if (has('updates')) this.updates.onChanged()
    if (has('hostkeys') && !has('resources')) jobs.push(this.resources.refresh())
    try {
      await Promise.all(jobs)
    } catch (err) {
      this.ui.reportError(err)
    }
  }

  /** Opens Resource Explorer for a client (its own route, or the in-app view); null closes it. */
  openExplorer(resourceId: number | null): ExplorerStore | null {
    if (this.explorer?.resourceId === resourceId) return this.explorer
    const explorer = resourceId === null ? null : new ExplorerStore(this, this.transport, resourceId)
    runInAction(() => (this.explorer = explorer))
    if (explorer) void explorer.refresh()
    return explorer
  }

  /** Stops listening and closes the transport. */
  dispose(): void {
    for (const d of this.disposers.splice(0)) d()
    this.updates.dispose()
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.transport.close()
  }
}
