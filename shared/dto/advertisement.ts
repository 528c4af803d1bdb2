import { z } from 'zod'
import { commentField, isoTime, nameField, smsId } from './common'

/** Rerun behaviours of an advertisement (SMS Advertisement Properties › Schedule). */
export const rerunBehaviours = ['never', 'always', 'if-failed', 'if-succeeded'] as const

/** Labels for rerun behaviours as the SMS console words them. */
export const rerunLabels: Record<(typeof rerunBehaviours)[number], string> = {
  never: 'Never rerun advertised program',
  always: 'Always rerun program',
  'if-failed': 'Rerun if failed previous attempt',
  'if-succeeded': 'Rerun if succeeded on previous attempt',
}

/** Units of a recurring mandatory assignment. */
export const recurUnits = ['hours', 'days', 'weeks'] as const

/** A mandatory assignment: a time, optionally recurring every N hours, days or weeks. */
export const assignmentDto = z.object({
  startAt: isoTime,
  recurEvery: z.number().int().min(1, 'Recurrence must be at least 1').max(999).nullable().default(null),
  recurUnit: z.enum(recurUnits).nullable().default(null),
})

/** A mandatory assignment crossing the process boundary. */
export type AssignmentDto = z.infer<typeof assignmentDto>

/** Fields an admin sets on an advertisement, without defaults. */
export const advertisementFields = z.object({
  name: nameField('Advertisement name'),
  comment: commentField,
  packageId: smsId,
  programName: z.string({ error: 'Program is required' }).trim().min(1, 'Program is required'),
  collectionId: smsId,
  includeSubCollections: z.boolean(),
  availableAt: isoTime,
  expiresAt: isoTime.nullable(),
  mandatory: z.boolean(),
  assignments: z.array(assignmentDto),
  rerun: z.enum(rerunBehaviours),
})

/** Input to create an advertisement; cross-field rules (expiry after start, a mandatory advertisement has an assignment) are checked by the service. */
export const advertisementInput = advertisementFields.extend({
  comment: commentField,
  includeSubCollections: z.boolean().default(true),
  expiresAt: isoTime.nullable().default(null),
  mandatory: z.boolean().default(false),
  assignments: z.array(assignmentDto).default([]),
  rerun: advertisementFields.shape.rerun.default('never'),
})

/** Input to create an advertisement. */
export type AdvertisementInput = z.input<typeof advertisementInput>

/** Update of an advertisement. */
export const advertisementUpdate = advertisementFields.partial().extend({ id: smsId })

/** An advertisement with the names of what it points at. */
export const advertisementDto = advertisementFields.extend({
  id: smsId,
  packageName: z.string(),
  collectionName: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
})

/** An advertisement crossing the process boundary. */
export type AdvertisementDto = z.infer<typeof advertisementDto>
