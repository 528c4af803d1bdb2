import type { ReportsChannel } from '../../../shared/channels/reports'
import type { Handlers } from '../runtime/handlers'
import type { ReportsService } from './service'

/** The reports channels: the list of reports and running one now. */
export function reportsHandlers(s: ReportsService): Pick<Handlers, ReportsChannel> {
  return {
    'reports:list': async () => s.list(),
    'reports:run': (input) => s.run(input),
  }
}
