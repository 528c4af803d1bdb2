import type { Transport } from '../../../shared/contract'
import { PatchbayError } from '../../../shared/errors'
import { dispatch } from './dispatch'
import type { Services } from './services'

/** The in-process binding of the contract, used by the CLI and tests: same guard, no wire. */
export function createInProcessTransport(services: Services): Transport {
  return {
    async invoke(channel, input) {
      const result = await dispatch(services, channel, input)
      if (!result.ok) throw PatchbayError.fromDto(result.error as never)
      return result.value as never
    },
    on(event, listener) {
      return services.events.on(event, listener)
    },
  }
}
