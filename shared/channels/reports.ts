// Reporting node (#4 item 8): channels spread into the one contract in ../contract.ts.
import { z } from 'zod'
import { channel } from '../channel'
import { noInput } from '../dto/common'
import { reportInfoDto, reportResultDto, reportRunInput } from '../dto/report'

/** Channels of this domain: name → { input, output } schemas. */
export const reportChannels = {
  /** The available reports: name, title, description and chart kind. */
  'reports:list': channel(noInput, z.array(reportInfoDto)),
  /** Runs a report now: columns, rows and chart, every number computed live. */
  'reports:run': channel(reportRunInput, reportResultDto),
}
