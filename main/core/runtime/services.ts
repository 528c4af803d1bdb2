import type { JobDto } from '../../../shared/dto/job'
import type { SiteInfoDto } from '../../../shared/dto/site'
import { createAdvertisementsService } from '../advertisements/service'
import { createCollectionsService } from '../collections/service'
import { EventBus } from './event-bus'
import type { Handlers } from './handlers'
import { createPackagesService } from '../packages/service'
import type { Ports } from './ports'
import { createResourcesService } from '../resources/service'
import { createSiteContext } from './site-context'
import { createSiteService } from './site-service'
import type { SiteDb } from '../../site/site-db'
import { createCatalogService } from '../catalog/service'
import { createClientAccessService } from '../resources/access-service'
import { createClientJobsService } from '../client-jobs/service'
import { createInventoryService } from '../resources/inventory-service'
import { getResource } from '../resources/rows'
import { createUpdatesService } from '../catalog/updates-service'
import { TaskRegistry } from './task-registry'
import { contentHandlers } from '../packages/content-service'
import { distributionHandlers } from '../distribution/service'
import { wizardHandlers } from '../wizard/service'
import { createApprovalHandlers } from '../compliance/approvals-handlers'
import { createDeploymentsService, deploymentHandlers } from '../deployments/service'
import { windowsHandlers } from '../maintenance-windows/service'
import { advertisementRunHandlers } from '../advertisements/runs'
import { reportHandlers } from '../reports/service'
import { createCatalogScheduler } from '../catalog/schedule'
import { createClientRebootService } from '../client-jobs/reboot'
import type { TaskDto } from '../../../shared/dto/task'

/** The running services of one site: a handler per channel, the event bus, and shutdown. */
export interface Services {
  handlers: Handlers
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

/** Builds every service over an open, seeded site and binds them to the contract's channels. */
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
  })
  const access = createClientAccessService(ctx, ports.secrets, clientJobs.presented)
  const updates = createUpdatesService(ctx)
  const inventory = createInventoryService(ctx)
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

  const handlers: Handlers = {
    'site:info': () => siteService.info(),
    'site:state-names': () => siteService.stateNames(),
    'status:list': (input) => siteService.statusMessages(input.limit),
    'resources:list': () => resources.list(),
    'resources:create': (input) => resources.create(input),
    'resources:update': (input) => resources.update(input),
    'resources:delete': (input) => resources.remove(input.ids),
    'collections:list': () => collections.list(),
    'collections:get': (input) => collections.get(input.id),
    'collections:create': (input) => collections.create(input),
    'collections:update': (input) => collections.update(input),
    'collections:delete': (input) => collections.remove(input.id),
    'collections:members': (input) => collections.members(input.id),
    'collections:add-members': (input) => collections.addMembers(input),
    'collections:preview': (input) => collections.preview(input),
    'packages:list': () => packages.list(),
    'packages:get': (input) => packages.get(input.id),
    'packages:create': (input) => packages.create(input),
    'packages:update': (input) => packages.update(input),
    'packages:delete': (input) => packages.remove(input.id),
    'programs:create': (input) => packages.createProgram(input),
    'programs:update': (input) => packages.updateProgram(input),
    'programs:delete': (input) => packages.removeProgram(input),
    'advertisements:list': () => advertisements.list(),
    'advertisements:get': (input) => advertisements.get(input.id),
    'advertisements:create': (input) => advertisements.create(input),
    'advertisements:update': (input) => advertisements.update(input),
    'advertisements:delete': (input) => advertisements.remove(input.id),
    'clients:connect': (input) => clientJobs.connect(input),
    'clients:scan': (input) => clientJobs.scan(input),
    'clients:exec': (input) => clientJobs.exec(input),
    'clients:inventory': (input) => clientJobs.inventory(input),
    'jobs:list': () => clientJobs.runner.list(),
    'jobs:get': (input) => clientJobs.runner.get(input.id),
    'jobs:cancel': (input) => clientJobs.runner.cancel(input.id),
    'hostkeys:list': () => access.list(),
    'hostkeys:trust': (input) => access.trust(input),
    'hostkeys:remove': (input) => access.remove(input),
    'secrets:set': (input) => access.setSecret(input),
    'secrets:clear': (input) => access.clearSecret(input),
    'updates:list': (input) => updates.list(input),
    'catalog:sources-list': () => catalog.list(),
    'catalog:sources-add': (input) => catalog.add(input),
    'catalog:sources-remove': (input) => catalog.remove(input),
    'catalog:sync': (input) => catalog.sync(input),
    'catalog:sync-start': (input) => catalog.syncStart(input),
    'catalog:history': () => catalog.history(),
    'state:list': (input) => updates.stateMessages(input),
    'inventory:get': (input) => inventory.get(input.resourceId),
    'console:open-explorer': async (input) => {
      if (!ports.openResourceExplorer) return { opened: false }
      await getResource(ctx.db, input.resourceId)
      ports.openResourceExplorer(input.resourceId)
      return { opened: true }
    },
    'prefs:get': async () => ports.prefs.get(),
    'prefs:set': async (input) => {
      const prefs = ports.prefs.set(input)
      events.emit('site:changed', { entity: 'prefs', ids: [] })
      return prefs
    },
    'tasks:get': async (input) => tasks.get(input.taskId),
    'tasks:cancel': async (input) => tasks.cancel(input.taskId),
    // Domain handler sets, one factory per file: spread them here.
    ...contentHandlers(ctx, tasks),
    ...wizardHandlers(ctx, tasks, () => handlers),
    ...distributionHandlers(ctx, {
      tasks,
      secrets: ports.secrets,
      ssh: ports.ssh,
      presented: clientJobs.presented,
    }),
    ...deploymentHandlers(deployments),
    'clients:reboot': (input) =>
      createClientRebootService(ctx, { runner: clientJobs.runner, io: deployments.io }).reboot(input),
    ...windowsHandlers(ctx),
    ...advertisementRunHandlers(ctx, deployments),
    ...reportHandlers(ctx),
    ...createApprovalHandlers(ctx, {
      catalog,
      updates,
      scan: (input) => clientJobs.scan(input),
      waitJob: (id) => clientJobs.runner.wait(id),
    }),
  }

  return {
    handlers,
    events,
    info: () => siteService.info(),
    wait: (jobId) => clientJobs.runner.wait(jobId),
    waitTask: (taskId) => tasks.wait(taskId),
    async close() {
      catalogSchedule.stop()
      await deployments.stop()
      await tasks.stopAll()
      await clientJobs.runner.stopAll()
      await site.close()
    },
  }
}
