import type { UpdateListsChannel } from '../../../shared/channels/update-lists'
import type { Handlers } from '../runtime/handlers'
import type { UpdateRulesService } from './rules'
import type { createSearchFoldersService } from './search-folders-service'
import type { UpdateListsService } from './service'

/** The services the update list channels answer from. */
export interface UpdateListsHandlerDeps {
  lists: UpdateListsService
  rules: UpdateRulesService
  folders: ReturnType<typeof createSearchFoldersService>
}

/** The update list, update rule and search folder channels, each a call of its service. */
export function updateListsHandlers(deps: UpdateListsHandlerDeps): Pick<Handlers, UpdateListsChannel> {
  const { lists, rules, folders } = deps
  return {
    'updatelists:list': () => lists.list(),
    'updatelists:get': (input) => lists.get(input.id),
    'updatelists:create': (input) => lists.create(input),
    'updatelists:update': (input) => lists.update(input),
    'updatelists:add': (input) => lists.add(input),
    'updatelists:remove-updates': (input) => lists.removeUpdates(input),
    'updatelists:delete': (input) => lists.remove(input.id),
    'updatelists:properties': (input) => lists.properties(input.id),
    'updaterules:list': () => rules.list(),
    'updaterules:create': (input) => rules.create(input),
    'updaterules:update': (input) => rules.update(input),
    'updaterules:delete': (input) => rules.remove(input.id),
    'updaterules:run': (input) => rules.run(input.id),
    'searchfolders:list': () => folders.list(),
    'searchfolders:create': (input) => folders.create(input),
    'searchfolders:update': (input) => folders.update(input),
    'searchfolders:delete': (input) => folders.remove(input.id),
    'searchfolders:results': (input) => folders.results(input.id),
  }
}
