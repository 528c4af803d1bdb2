import type { MaintenanceWindowsChannel } from '../../../shared/channels/maintenance-windows'
import type { Handlers } from '../runtime/handlers'
import type { WindowsService } from './service'

/** The maintenance window channels, each a call of the maintenance windows service. */
export function maintenanceWindowsHandlers(s: WindowsService): Pick<Handlers, MaintenanceWindowsChannel> {
  return {
    'windows:list': (input) => s.list(input.collectionId),
    'windows:create': (input) => s.create(input),
    'windows:update': (input) => s.update(input),
    'windows:delete': (input) => s.remove(input.id),
    'windows:next': (input) => s.next(input),
    'windows:next-all': () => s.nextAll(),
  }
}
