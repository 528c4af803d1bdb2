import type { ResourcesChannel } from '../../../shared/channels/resources'
import type { Handlers } from '../runtime/handlers'
import type { createClientAccessService } from './access-service'
import type { ResourceImportService } from './import-service'
import type { createInventoryService } from './inventory-service'
import type { ResourcesService } from './service'

/** The services the resources channels answer from. */
export interface ResourcesHandlerDeps {
  resources: ResourcesService
  access: ReturnType<typeof createClientAccessService>
  inventory: ReturnType<typeof createInventoryService>
  importer: ResourceImportService
}

/** The resources, host key, secret and inventory channels, each a call of its service. */
export function resourcesHandlers(deps: ResourcesHandlerDeps): Pick<Handlers, ResourcesChannel> {
  const { resources, access, inventory, importer } = deps
  return {
    'resources:list': () => resources.list(),
    'resources:create': (input) => resources.create(input),
    'resources:update': (input) => resources.update(input),
    'resources:delete': (input) => resources.remove(input.ids),
    'resources:import': (input) => importer.importFile(input),
    'hostkeys:list': () => access.list(),
    'hostkeys:trust': (input) => access.trust(input),
    'hostkeys:remove': (input) => access.remove(input),
    'secrets:set': (input) => access.setSecret(input),
    'secrets:clear': (input) => access.clearSecret(input),
    'inventory:get': (input) => inventory.get(input.resourceId),
  }
}
