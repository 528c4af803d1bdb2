import type { CollectionsChannel } from '../../../shared/channels/collections'
import type { Handlers } from '../runtime/handlers'
import type { CollectionsService } from './service'

/** The collections channels, each a call of the collections service. */
export function collectionsHandlers(collections: CollectionsService): Pick<Handlers, CollectionsChannel> {
  return {
    'collections:list': () => collections.list(),
    'collections:get': (input) => collections.get(input.id),
    'collections:create': (input) => collections.create(input),
    'collections:update': (input) => collections.update(input),
    'collections:delete': (input) => collections.remove(input.id),
    'collections:members': (input) => collections.members(input.id),
    'collections:add-members': (input) => collections.addMembers(input),
    'collections:preview': (input) => collections.preview(input),
  }
}
