import type { CatalogChannel } from '../../../shared/channels/catalog'
import type { Handlers } from '../runtime/handlers'
import type { SiteContext } from '../runtime/site-context'
import type { createCatalogService } from './service'
import { describeCatalogSnapshot, exportCatalogSnapshot } from './snapshot'
import type { UpdatesService } from './updates-service'

/** The services the catalog channels answer from. */
export interface CatalogHandlerDeps {
  catalog: ReturnType<typeof createCatalogService>
  updates: UpdatesService
}

/** The catalog channels: sources and sync, imports and schedules, snapshots, the Update Repository and state messages. */
export function catalogHandlers(ctx: SiteContext, deps: CatalogHandlerDeps): Pick<Handlers, CatalogChannel> {
  const { catalog, updates } = deps
  return {
    'updates:list': (input) => updates.list(input),
    'updates:search': (input) => updates.search(input),
    'state:list': (input) => updates.stateMessages(input),
    'catalog:sources-list': () => catalog.list(),
    'catalog:sources-add': (input) => catalog.add(input),
    'catalog:sources-remove': (input) => catalog.remove(input),
    'catalog:sync': (input) => catalog.sync(input),
    'catalog:sync-start': (input) => catalog.syncStart(input),
    'catalog:history': () => catalog.history(),
    'catalog:import': (input) => catalog.import(input),
    'catalog:schedule': (input) => catalog.schedule(input),
    'catalog:export-snapshot': (input) => exportCatalogSnapshot(ctx.db, input.out, ctx.siteCode),
    'catalog:read-snapshot': (input) => describeCatalogSnapshot(input.file),
  }
}
