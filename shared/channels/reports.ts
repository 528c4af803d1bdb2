import { z } from 'zod'
import { channel } from '../channel'
import { noInput } from '../dto/common'
import { reportInfoDto, reportResultDto, reportRunInput } from '../dto/report'

/** Reports computed live from state messages: channel name → request and response schemas. */
export const reportsChannels = {
  /** The available reports: name, title, description and chart kind. */
  'reports:list': channel(noInput, z.array(reportInfoDto)),
  /** Runs a report now: columns, rows and chart, every number computed live. */
  'reports:run': channel(reportRunInput, reportResultDto),
} as const

/** A channel of this domain. */
export type ReportsChannel = keyof typeof reportsChannels
