import { noInput } from '../dto/common'
import { labStartInput, labStatusDto } from '../dto/lab'
import { channel } from '../channel'

/** The simulated lab fleet the console serves (demos, training): channel name → request and response schemas. */
export const labChannels = {
  'lab:status': channel(noInput, labStatusDto),
  /** Starts the fleet and registers its hosts as SIMULATED clients in the collection (refused while one runs). */
  'lab:start': channel(labStartInput, labStatusDto),
  /** Stops the fleet; its clients stay in the site. */
  'lab:stop': channel(noInput, labStatusDto),
} as const

/** A channel of this domain. */
export type LabChannel = keyof typeof labChannels
