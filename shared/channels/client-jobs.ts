import { z } from 'zod'
import { channel } from '../channel'
import { noInput } from '../dto/common'
import { rebootInput } from '../dto/deployment'
import { connectInput, execInput, inventoryInput, jobDto, jobRef, scanInput } from '../dto/job'

/** Jobs on clients: connect, scan, run a command, refresh inventory, restart: channel name → request and response schemas. */
export const clientJobsChannels = {
  'clients:connect': channel(connectInput, jobDto),
  'clients:scan': channel(scanInput, jobDto),
  'clients:exec': channel(execInput, jobDto),
  'clients:inventory': channel(inventoryInput, jobDto),
  'jobs:list': channel(noInput, z.array(jobDto)),
  'jobs:get': channel(jobRef, jobDto),
  'jobs:cancel': channel(jobRef, jobDto),
  /** Restarts clients (force: even those with no pending restart), waits for them and rescans: a job titled "Restart …". */
  'clients:reboot': channel(rebootInput, jobDto),
} as const

/** A channel of this domain. */
export type ClientJobsChannel = keyof typeof clientJobsChannels
