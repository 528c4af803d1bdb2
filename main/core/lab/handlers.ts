import type { LabChannel } from '../../../shared/channels/lab'
import type { Handlers } from '../runtime/handlers'
import type { LabService } from './service'

/** The lab channels, each a call of the lab service. */
export function labHandlers(lab: LabService): Pick<Handlers, LabChannel> {
  return {
    'lab:status': async () => lab.status(),
    'lab:start': (input) => lab.start(input),
    'lab:stop': () => lab.stop(),
  }
}
