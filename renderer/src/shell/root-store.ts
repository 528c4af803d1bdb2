import { makeObservable, observable, reaction, runInAction } from 'mobx'
import type { EventPayload } from '../../../shared/contract'
import type { ConnectionState, ConsoleTransport } from '../transport/connection'
import { AccessStore } from '../features/resources/access-store'
import { AdvertisementStatusStore } from '../features/advertisements/advertisement-status-store'
import { AdvertisementStore } from '../features/advertisements/advertisement-store'
import { ApprovalsStore } from '../features/compliance/approvals-store'
import { BundleStore } from '../features/bundles/bundle-store'
import { CatalogDialogStore } from '../features/catalog/catalog-commands'
import { CatalogStore } from '../features/catalog/catalog-store'
import { ClientImportStore } from '../features/resources/client-import-store'
import { CollectionStore } from '../features/collections/collection-store'
import { DeploymentPackageStore } from '../features/wizard/deployment-package-store'
import { DeploymentStore } from '../features/deployments/deployment-store'
import { DistributionStore } from '../features/distribution/distribution-store'
import { ExplorerStore } from '../features/resources/explorer-store'
import { JobStore } from '../features/client-jobs/job-store'
import { LabStore } from '../features/lab/lab-store'
import { PackageStore } from '../features/packages/package-store'
import { ReportStore } from '../features/reports/report-store'
import { ResourceStore } from '../features/resources/resource-store'
import { RunLogStore } from '../features/deployments/run-log-store'
import { SearchFolderStore } from '../features/update-lists/search-folder-store'
import { TaskStore } from '../features/tasks/task-store'
import { TemplateStore } from '../features/deployments/template-store'
import { UpdateListStore } from '../features/update-lists/update-list-store'
import { UpdateStore } from '../features/catalog/update-store'
import { WebhookStore } from '../features/deployments/webhook-store'
import { WindowStore } from '../features/maintenance-windows/window-store'
import { WizardHost } from '../features/wizard/wizard-host'
import { parseNodeId } from './node-id'
import { loadNode } from './node-loads'
import { PrefsStore } from './prefs-store'
import { SiteStore } from './site-store'
import { StatusStore } from './status-store'
import { UiStore } from './ui-store'

type Entity = EventPayload<'site:changed'>['entity']

/** How the console starts. */
export interface StartOptions {
  /** Whether the console tree is shown (false in a Resource Explorer window): its child nodes load at start. */
  tree?: boolean
}

/**
 * Builds every store (each handed the root and the transport), loads the site, keeps the stores current from
 * 'site:changed' events, loads what the selected node shows, and disposes everything on dispose().
 */
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
  /** Background tasks with progress (downloads, syncs, bundle builds). */
  readonly tasks: TaskStore
  readonly catalog: CatalogStore
  readonly catalogDialogs: CatalogDialogStore
  readonly approvals: ApprovalsStore
  readonly updateLists: UpdateListStore
  readonly searchFolders: SearchFolderStore
  readonly templates: TemplateStore
  readonly deployments: DeploymentStore
  readonly runLogs: RunLogStore
  readonly deploymentPackages: DeploymentPackageStore
  readonly wizard: WizardHost
  readonly distribution: DistributionStore
  readonly bundles: BundleStore
  readonly advertisementStatus: AdvertisementStatusStore
  readonly windows: WindowStore
  readonly reports: ReportStore
  /** Import Clients (CSV, Ansible inventory, ssh_config). */
  readonly clientImport: ClientImportStore
  /** The simulated lab fleet this console serves. */
  readonly lab: LabStore
  /** Webhook targets for compliance tickets. */
  readonly webhooks: WebhookStore
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
    this.tasks = new TaskStore(this, transport)
    this.catalog = new CatalogStore(this, transport)
    this.catalogDialogs = new CatalogDialogStore(this, transport)
    this.approvals = new ApprovalsStore(this, transport)
    this.updateLists = new UpdateListStore(this, transport)
    this.searchFolders = new SearchFolderStore(this, transport)
    this.templates = new TemplateStore(this, transport)
    this.deployments = new DeploymentStore(this, transport)
    this.runLogs = new RunLogStore(this, transport)
    this.deploymentPackages = new DeploymentPackageStore(this, transport)
    this.wizard = new WizardHost(this, transport)
    this.distribution = new DistributionStore(this, transport)
    this.bundles = new BundleStore(this, transport)
    this.advertisementStatus = new AdvertisementStatusStore(this, transport)
    this.windows = new WindowStore(this, transport)
    this.reports = new ReportStore(this, transport)
    this.clientImport = new ClientImportStore(this, transport)
    this.lab = new LabStore(this, transport)
    this.webhooks = new WebhookStore(this, transport)
    this.connection = transport.state
    makeObservable(this, {
      connection: observable,
      started: observable,
      loadError: observable,
      explorer: observable.ref,
    })
    // The one reaction that loads data: what the selected node shows, when another node is selected.
    this.disposers.push(
      reaction(
        () => this.ui.selectedNodeId,
        (id) => this.loadNode(id),
      ),
    )
  }

  /** Loads everything, restores the last node and starts listening for changes. */
  async start(options: StartOptions = {}): Promise<void> {
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
      return
    }
    void this.windows.refreshNext()
    if (options.tree ?? true) this.loadTree()
  }

  /** Starts loading the tree's child nodes: deployments, reports, update lists, search folders, deployment packages. */
  loadTree(): void {
    this.deployments.ensureLoaded()
    this.reports.ensureListed()
    this.updateLists.ensureLoaded()
    this.searchFolders.ensureLoaded()
    this.deploymentPackages.ensureLoaded()
  }

  /** Starts loading what a node shows (see node-loads.ts). */
  loadNode(id: string): void {
    loadNode(this, parseNodeId(id))
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
    const refreshes: Promise<void>[] = []
    const has = (e: Entity) => entities.includes(e)
    if (has('resources')) refreshes.push(this.resources.refresh())
    // Member counts follow resources and rules, so collections refresh on either.
    if (has('resources') || has('collections')) refreshes.push(this.collections.refresh())
    if (has('packages')) refreshes.push(this.packages.refresh())
    if (has('advertisements') || has('packages') || has('collections'))
      refreshes.push(this.advertisements.refresh())
    if (has('status')) refreshes.push(this.status.refresh())
    if (has('prefs')) refreshes.push(this.prefs.refresh())
    if (has('updates')) this.updates.onChanged()
    if (has('hostkeys') && !has('resources')) refreshes.push(this.resources.refresh())
    try {
      await Promise.all(refreshes)
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

  /** Stops the node reaction, every store's subscriptions and timers, and closes the transport. */
  dispose(): void {
    for (const d of this.disposers.splice(0)) d()
    for (const store of [
      this.ui,
      this.updates,
      this.tasks,
      this.catalog,
      this.approvals,
      this.updateLists,
      this.searchFolders,
      this.templates,
      this.deployments,
      this.runLogs,
      this.deploymentPackages,
      this.distribution,
      this.advertisementStatus,
      this.windows,
      this.reports,
    ])
      store.dispose()
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.transport.close()
  }
}
