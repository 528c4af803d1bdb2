import type { BundlesChannel } from '../../../shared/channels/bundles'
import type { Handlers } from '../runtime/handlers'
import type { BundlesService } from './service'

/** The signing key and bundle channels, each a call of the bundles service. */
export function bundlesHandlers(bundles: BundlesService): Pick<Handlers, BundlesChannel> {
  return {
    'keys:create': (input) => bundles.createKeys(input),
    'bundles:build': (input) => bundles.build(input),
    'bundles:verify': (input) => bundles.verify(input),
    'bundles:import': (input) => bundles.import(input),
  }
}
