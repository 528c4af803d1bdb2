import type { ClientJobsChannel } from '../../../shared/channels/client-jobs'
import type { Handlers } from '../runtime/handlers'
import type { ClientRebootService } from './reboot'
import type { ClientJobsService } from './service'

/** The services the client job channels answer from. */
export interface ClientJobsHandlerDeps {
  clientJobs: ClientJobsService
  reboot: ClientRebootService
}

/** The clients and jobs channels: connect, scan, run, inventory and restart jobs, and the job list. */
export function clientJobsHandlers(deps: ClientJobsHandlerDeps): Pick<Handlers, ClientJobsChannel> {
  const { clientJobs, reboot } = deps
  return {
    'clients:connect': (input) => clientJobs.connect(input),
    'clients:scan': (input) => clientJobs.scan(input),
    'clients:exec': (input) => clientJobs.exec(input),
    'clients:inventory': (input) => clientJobs.inventory(input),
    'jobs:list': () => clientJobs.runner.list(),
    'jobs:get': (input) => clientJobs.runner.get(input.id),
    'jobs:cancel': (input) => clientJobs.runner.cancel(input.id),
    'clients:reboot': (input) => reboot.reboot(input),
  }
}
