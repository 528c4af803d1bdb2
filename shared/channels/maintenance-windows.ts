import { z } from 'zod'
import { channel } from '../channel'
import { byNumber, deletedDto, noInput } from '../dto/common'
import {
  windowDto,
  windowInput,
  windowListInput,
  windowNextDto,
  windowNextInput,
  windowNextRowDto,
  windowUpdate,
} from '../dto/maintenance-window'

/** Maintenance windows and blackout periods of collections: channel name → request and response schemas. */
export const maintenanceWindowsChannels = {
  /** Maintenance windows and blackout periods of collections (site:changed 'collections' on change). */
  'windows:list': channel(windowListInput, z.array(windowDto)),
  'windows:create': channel(windowInput, windowDto),
  'windows:update': channel(windowUpdate, windowDto),
  'windows:delete': channel(byNumber, deletedDto),
  /** The next window of one collection or one client (its collections' windows, blackouts cut out). */
  'windows:next': channel(windowNextInput, windowNextDto),
  /** The next window of every collection and every client. */
  'windows:next-all': channel(noInput, z.array(windowNextRowDto)),
} as const

/** A channel of this domain. */
export type MaintenanceWindowsChannel = keyof typeof maintenanceWindowsChannels
