import { z } from 'zod'
import { isoTime, smsId } from './common'

/** States of an advertised program on one client (Advertisement Status). */
export const advertisementClientStates = ['Received', 'Running', 'Succeeded', 'Failed'] as const

/** Run (or resume) an advertisement; start: false only records the run for a running console to pick up. */
export const advertisementRunInput = z.object({ id: smsId, start: z.boolean().default(true) })

/** What running an advertisement started: its engine job. */
export const advertisementRunDto = z.object({
  advertisementId: smsId,
  jobId: z.number().int(),
  state: z.string(),
})

/** One client of an advertisement: its status row. */
export const advertisementClientStatusDto = z.object({
  resourceId: z.number().int(),
  name: z.string(),
  state: z.enum(advertisementClientStates),
  message: z.string(),
  updatedAt: isoTime,
})

/** One advertisement status message (SMS message IDs 10002 received, 10005 started, 10008 succeeded, 10006 failed). */
export const advertisementMessageDto = z.object({
  time: isoTime,
  severity: z.string(),
  messageId: z.number().int().nullable(),
  text: z.string(),
})

/** Advertisement Status: the summary (received, running, succeeded, failed), per-client rows and messages. */
export const advertisementStatusDto = z.object({
  advertisementId: smsId,
  jobId: z.number().int().nullable(),
  jobState: z.string().nullable(),
  /** When the current run's clients run the program (a future mandatory assignment), if still ahead. */
  nextRunAt: isoTime.nullable(),
  summary: z.object({
    targeted: z.number().int(),
    received: z.number().int(),
    running: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
  }),
  clients: z.array(advertisementClientStatusDto),
  messages: z.array(advertisementMessageDto),
})

/** An advertisement's status. */
export type AdvertisementStatusDto = z.infer<typeof advertisementStatusDto>
