import { z } from 'zod'
import { isoTime } from './common'

/** Applicability states a client reports per update (TopicType 500). */
export const applicabilityStates = ['unknown', 'not-required', 'required', 'installed'] as const

/** An applicability state by name. */
export type ApplicabilityState = (typeof applicabilityStates)[number]

/** TopicType 500 StateID of each applicability state. */
export const applicabilityStateIds: Record<ApplicabilityState, number> = {
  unknown: 0,
  'not-required': 1,
  required: 2,
  installed: 3,
}

/** A software update in the Update Repository, with live counts (and one client's state when asked). */
export const updateDto = z.object({
  id: z.string(),
  vendor: z.string(),
  title: z.string(),
  classification: z.string(),
  severity: z.string(),
  kb: z.string(),
  /** The vendor's description (WSUS: the catalog's localized Description); '' when none. */
  description: z.string(),
  /** The vendor's support page (WSUS: SupportUrl); '' when none. */
  supportUrl: z.string(),
  /** Security bulletin IDs, comma-separated; '' when none. */
  securityBulletin: z.string(),
  package: z.string(),
  availableVersion: z.string(),
  suite: z.string(),
  products: z.array(z.string()),
  size: z.number(),
  sha256: z.string(),
  releaseDate: z.string().nullable(),
  supersededBy: z.string(),
  source: z.string(),
  /** In no catalog source: known only because clients reported it in a scan. */
  reportedByClients: z.boolean(),
  required: z.number().int(),
  installed: z.number().int(),
  notRequired: z.number().int(),
  unknown: z.number().int(),
  /** With a client: its applicability state, state ID and installed version. */
  state: z.enum(applicabilityStates).nullable(),
  stateId: z.number().int().nullable(),
  installedVersion: z.string().nullable(),
  stateTime: isoTime.nullable(),
})

/** An update crossing the process boundary. */
export type UpdateDto = z.infer<typeof updateDto>

/** Ask for updates: all, or one client's, optionally in one state. */
export const updatesQuery = z
  .object({
    resourceId: z.number().int().positive().nullable().default(null),
    state: z.enum(applicabilityStates).nullable().default(null),
    /** Only the updates one catalog source offers. */
    sourceName: z.string().trim().min(1).nullable().default(null),
  })
  .default({ resourceId: null, state: null, sourceName: null })

/** A state message as stored: client, topic, state, update, time. */
export const stateMessageDto = z.object({
  id: z.number().int(),
  resourceId: z.number().int(),
  resourceName: z.string(),
  topicType: z.number().int(),
  stateId: z.number().int(),
  stateName: z.string(),
  updateId: z.string().nullable(),
  time: isoTime,
  detail: z.string(),
})

/** A state message crossing the process boundary. */
export type StateMessageDto = z.infer<typeof stateMessageDto>

/** Ask for state messages, newest first. */
export const stateQuery = z
  .object({
    resourceId: z.number().int().positive().nullable().default(null),
    topicType: z.number().int().nullable().default(null),
    updateId: z.string().nullable().default(null),
    limit: z.number().int().min(1).max(100_000).default(1000),
  })
  .default({ resourceId: null, topicType: null, updateId: null, limit: 1000 })
