import type { AdvertisementsChannel } from '../../../shared/channels/advertisements'
import type { Handlers } from '../runtime/handlers'
import type { createAdvertisementRuns } from './runs'
import type { AdvertisementsService } from './service'

/** The services the advertisements channels answer from. */
export interface AdvertisementsHandlerDeps {
  advertisements: AdvertisementsService
  runs: ReturnType<typeof createAdvertisementRuns>
}

/** The advertisement, run and Advertisement Status channels, each a call of its service. */
export function advertisementsHandlers(
  deps: AdvertisementsHandlerDeps,
): Pick<Handlers, AdvertisementsChannel> {
  const { advertisements, runs } = deps
  return {
    'advertisements:list': () => advertisements.list(),
    'advertisements:get': (input) => advertisements.get(input.id),
    'advertisements:create': (input) => advertisements.create(input),
    'advertisements:update': (input) => advertisements.update(input),
    'advertisements:delete': (input) => advertisements.remove(input.id),
    'advertisements:run': (input) => runs.run(input.id, input.start),
    'advertisements:wait': (input) => runs.wait(input.id),
    'advertisements:status': (input) => runs.status(input.id),
  }
}
