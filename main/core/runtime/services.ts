import type { JobDto } from '../../../shared/dto/job'
import type { SiteInfoDto } from '../../../shared/dto/site'
import type { TaskDto } from '../../../shared/dto/task'
import type { SiteDb } from '../../site/site-db'
import { advertisementsHandlers } from '../advertisements/handlers'
import { createAdvertisementRuns } from '../advertisements/runs'
import { createAdvertisementsService } from '../advertisements/service'
import { bundlesHandlers } from '../bundles/handlers'
import { createBundlesService } from '../bundles/service'
import { catalogHandlers } from '../catalog/handlers'
import { createCatalogScheduler } from '../catalog/schedule'
import { createCatalogService } from '../catalog/service'
import { createUpdatesService } from '../catalog/updates-service'
import { clientJobsHandlers } from '../client-jobs/handlers'
import { createClientRebootService } from '../client-jobs/reboot'
import { createClientJobsService } from '../client-jobs/service'
import { collectionsHandlers } from '../collections/handlers'
import { createCollectionsService } from '../collections/service'
import { createApprovalsService } from '../compliance/approvals-service'
import { complianceHandlers } from '../compliance/handlers'
import { createRecommendationsService } from '../compliance/recommendations-service'
import { createRemediation } from '../compliance/remediation'
import { deploymentsHandlers } from '../deployments/handlers'
import { createDeploymentsService } from '../deployments/service'
import { createDeploymentTemplatesService } from '../deployments/templates-service'
import { distributionHandlers } from '../distribution/handlers'
import { createDistributionService } from '../distribution/service'
import { maintenanceWindowsHandlers } from '../maintenance-windows/handlers'
import { createWindowsService } from '../maintenance-windows/service'
import { createPackageContentService } from '../packages/content-service'
import { packagesHandlers } from '../packages/handlers'
import { createPackagesService } from '../packages/service'
import { reportsHandlers } from '../reports/handlers'
import { createReportsService } from '../reports/service'
import { createClientAccessService } from '../resources/access-service'
import { labHandlers } from '../lab/handlers'
import { createLabService } from '../lab/service'
import { resourcesHandlers } from '../resources/handlers'
import { createResourceImportService } from '../resources/import-service'
import { createInventoryService } from '../resources/inventory-service'
import { createResourcesService } from '../resources/service'
import { updateListsHandlers } from '../update-lists/handlers'
import { createUpdateRulesService } from '../update-lists/rules'
import { createSearchFoldersService } from '../update-lists/search-folders-service'
import { createUpdateListsService } from '../update-lists/service'
import { wizardHandlers } from '../wizard/handlers'
import { createWizardService } from '../wizard/service'
import { EventBus } from './event-bus'
import type { Handlers } from './handlers'
import type { LocalPathPolicy } from './local-paths'
import type { Ports } from './ports'
import { runtimeHandlers } from './runtime-handlers'
import { createSiteContext } from './site-context'
import { createSiteService } from './site-service'
import { TaskRegistry } from './task-registry'

/** The running services of one site: a handler per channel, the event bus, and shutdown. */
export interface Services {
  handlers: Handlers
  /** The folders dispatch confines local path fields to; absent, they are not confined. */
  localPaths?: LocalPathPolicy
  events: EventBus
  /** The site these services run on. */
  info(): Promise<SiteInfoDto>
  /** Resolves when a job has finished (for the CLI and tests; the console follows job:progress events). */
  wait(jobId: number): Promise<JobDto>
  /** Resolves when a task (download, upload, bundle build) has ended. */
  waitTask(taskId: string): Promise<TaskDto>
  /** Cancels running jobs and closes the site database. */
  close(): Promise<void>
}

/** Builds every service over an open, seeded site (each once) and binds each domain's handlers to the contract. */
export function createServices(site: SiteDb, siteCode: string, ports: Ports): Services {
  const events = new EventBus()
  const ctx = createSiteContext(site, siteCode, ports, events)
  const siteService = createSiteService(ctx)
  const resources = createResourcesService(ctx)
  const collections = createCollectionsService(ctx)
  const packages = createPackagesService(ctx)
  const advertisements = createAdvertisementsService(ctx)
  const clientJobs = createClientJobsService(ctx, {
    secrets: ports.secrets,
    ssh: ports.ssh,
    scanTtlMs: ports.scanTtlMs,
    listsRefreshAptOptions: ports.listsRefreshAptOptions,
  })
  const access = createClientAccessService(ctx, ports.secrets, clientJobs.presented)
  const updates = createUpdatesService(ctx)
  const inventory = createInventoryService(ctx)
  const importer = createResourceImportService({ resources, collections })
  const lab = createLabService({ resources, collections, access })
  const tasks = new TaskRegistry(events)
  const catalog = createCatalogService(ctx, tasks)
  // Long-running front doors (Electron, browser) run deployments and the sync host's schedule themselves;
  // the CLI and tests drive them explicitly.
  const background = ports.frontDoor !== 'in-process'
  const deployments = createDeploymentsService(ctx, {
    secrets: ports.secrets,
    ssh: ports.ssh,
    autoStart: background,
  })
  const catalogSchedule = createCatalogScheduler(ctx, catalog)
  if (background) catalogSchedule.start()
  void clientJobs.runner.recover()

  const content = createPackageContentService(ctx, tasks)
  const bundles = createBundlesService(ctx, tasks)
  const distribution = createDistributionService(ctx, {
    tasks,
    secrets: ports.secrets,
    ssh: ports.ssh,
    presented: clientJobs.presented,
  })
  const wizard = createWizardService(ctx, { tasks, updates, distribution })
  const reboot = createClientRebootService(ctx, { runner: clientJobs.runner, io: deployments.io })
  const windows = createWindowsService(ctx)
  const advertisementRuns = createAdvertisementRuns(ctx, { deployments, advertisements, packages })
  const reports = createReportsService(ctx)
  const approvals = createApprovalsService(ctx)
  const recommendations = createRecommendationsService(ctx)
  const remediation = createRemediation(ctx, deployments)
  const updateLists = createUpdateListsService(ctx, updates)
  const updateRules = createUpdateRulesService(ctx)
  const searchFolders = createSearchFoldersService(ctx, updates)
  const templates = createDeploymentTemplatesService(ctx)

  const handlers: Handlers = {
    ...runtimeHandlers(ctx, { site: siteService, tasks }),
    ...resourcesHandlers({ resources, access, inventory, importer }),
    ...collectionsHandlers(collections),
    ...clientJobsHandlers({ clientJobs, reboot }),
    ...packagesHandlers({ packages, content }),
    ...advertisementsHandlers({ advertisements, runs: advertisementRuns }),
    ...catalogHandlers(ctx, { catalog, updates }),
    ...complianceHandlers(ctx, { approvals, recommendations, clientJobs, remediation }),
    ...updateListsHandlers({ lists: updateLists, rules: updateRules, folders: searchFolders }),
    ...wizardHandlers(wizard),
    ...distributionHandlers(distribution),
    ...bundlesHandlers(bundles),
    ...deploymentsHandlers({ deployments, templates }),
    ...maintenanceWindowsHandlers(windows),
    ...reportsHandlers(reports),
    ...labHandlers(lab),
  }

  return {
    handlers,
    localPaths: ports.localPaths,
    events,
    info: () => siteService.info(),
    wait: (jobId) => clientJobs.runner.wait(jobId),
    waitTask: (taskId) => tasks.wait(taskId),
    async close() {
      catalogSchedule.stop()
      await lab.stop()
      await deployments.stop()
      await tasks.stopAll()
      await clientJobs.runner.stopAll()
      await site.close()
    },
  }
}
