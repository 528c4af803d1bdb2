import { z } from 'zod'
import { isoTime, nameField, smsId } from './common'

const every = (max: number) => z.number().int().min(1).max(max).default(1)
const weekday = z.number().int().min(0).max(6)

/** How a maintenance window repeats (weekdays: Sunday = 0 … Saturday = 6); see main/core/maintenance-windows/windows.ts. */
export const recurrenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('daily'), every: every(365) }),
  z.object({ kind: z.literal('weekly'), every: every(52), days: z.array(weekday).min(1) }),
  z.object({ kind: z.literal('monthly-day'), every: every(12), day: z.number().int().min(0).max(31) }),
  z.object({
    kind: z.literal('monthly-weekday'),
    every: every(12),
    week: z.number().int().min(1).max(5),
    weekday,
    offsetDays: z.number().int().min(-27).max(27).default(0),
  }),
])

/** Create a maintenance window or blackout period of a collection (start: local wall time in timeZone). */
export const windowInput = z.object({
  collectionId: smsId,
  name: nameField('Window name'),
  kind: z.enum(['window', 'blackout']).default('window'),
  /** Local wall time 'YYYY-MM-DDTHH:mm' in timeZone: the first day and the time of day. */
  start: z.string().trim(),
  timeZone: z.string().trim().default('UTC'),
  durationMinutes: z.number().int(),
  recurrence: recurrenceSchema,
  enabled: z.boolean().default(true),
})

/** Change a window: its ID and the fields to change. */
export const windowUpdate = z.object({
  id: z.number().int().positive(),
  name: nameField('Window name').optional(),
  kind: z.enum(['window', 'blackout']).optional(),
  start: z.string().trim().optional(),
  timeZone: z.string().trim().optional(),
  durationMinutes: z.number().int().optional(),
  recurrence: recurrenceSchema.optional(),
  enabled: z.boolean().optional(),
})

/** List windows, of one collection or all. */
export const windowListInput = z.object({ collectionId: smsId.optional() }).default({})

/** A stored maintenance window with its description and next opening. */
export const windowDto = z.object({
  id: z.number().int(),
  collectionId: smsId,
  collectionName: z.string(),
  name: z.string(),
  kind: z.enum(['window', 'blackout']),
  start: z.string(),
  timeZone: z.string(),
  durationMinutes: z.number().int(),
  recurrence: recurrenceSchema,
  enabled: z.boolean(),
  /** e.g. "Every month on the second Tuesday + 2 days at 22:00 (Europe/Berlin), 3 h". */
  description: z.string(),
  /** This window's own next occurrence (blackouts of other windows not cut out); null when none. */
  nextStart: isoTime.nullable(),
  nextEnd: isoTime.nullable(),
})

/** A stored maintenance window. */
export type WindowDto = z.infer<typeof windowDto>

/** The next window of a collection or of a client (the union of its collections' windows minus blackouts). */
export const windowNextInput = z
  .object({ collectionId: smsId.optional(), resourceId: z.number().int().positive().optional() })
  .refine((i) => (i.collectionId === undefined) !== (i.resourceId === undefined), {
    message: 'Give a collection or a client',
    path: ['collectionId'],
  })

/** When a collection's or client's next maintenance window opens. */
export const windowNextDto = z.object({
  /** Open window in progress or the next one; null when none (no windows: installs at any time). */
  start: isoTime.nullable(),
  end: isoTime.nullable(),
  /** The windows opening then, described; or why there is none. */
  description: z.string(),
  /** How many windows and blackouts apply. */
  windows: z.number().int(),
  /** The blackout in progress now, if any. */
  blackoutUntil: isoTime.nullable(),
})

/** A next-window answer. */
export type WindowNextDto = z.infer<typeof windowNextDto>

/** The next window of every collection and every client, for the console's columns. */
export const windowNextRowDto = windowNextDto.extend({
  target: z.enum(['collection', 'client']),
  id: z.string(),
  name: z.string(),
})
