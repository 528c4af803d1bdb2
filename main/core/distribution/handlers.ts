import type { DistributionChannel } from '../../../shared/channels/distribution'
import type { Handlers } from '../runtime/handlers'
import type { DistributionService } from './service'

/** The distribution point and package status channels, each a call of the distribution service. */
export function distributionHandlers(dp: DistributionService): Pick<Handlers, DistributionChannel> {
  return {
    'distribution:points': () => dp.points(),
    'distribution:set-point': (input) => dp.setPoint(input),
    'distribution:status': (input) => dp.status(input.packageId),
    'distribution:distribute': (input) => dp.distribute(input),
    'distribution:redistribute': (input) => dp.redistribute(input),
    'distribution:remove': (input) => dp.remove(input),
  }
}
