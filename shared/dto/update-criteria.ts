import { z } from 'zod'

/** How superseded updates are treated by a search, a rule or a new list: left out by default. */
export const supersededModes = ['exclude', 'include', 'only'] as const

/**
 * What selects updates from the Update Repository, used by automatic rules and search folders (like a
 * ConfigMgr automatic deployment rule): every given criterion must hold; an empty list means "any".
 */
export const updateCriteriaFields = z.object({
  classifications: z.array(z.string().trim().min(1)).default([]),
  /** Product names (any of them, case-insensitive substring of the update's products). */
  products: z.array(z.string().trim().min(1)).default([]),
  severities: z.array(z.string().trim().min(1)).default([]),
  /** Vendors such as debian or microsoft. */
  vendors: z.array(z.string().trim().min(1)).default([]),
  /** Text in the title, package, KB or description (case-insensitive). */
  text: z.string().trim().max(200).default(''),
  /** Released at least this many days ago (deferral). */
  minAgeDays: z.number().int().min(0).max(36500).nullable().default(null),
  /** Released at most this many days ago. */
  maxAgeDays: z.number().int().min(0).max(36500).nullable().default(null),
  superseded: z.enum(supersededModes).default('exclude'),
  /** Required by at least this many clients (search folders; 0 = any). */
  minRequired: z.number().int().min(0).default(0),
})

/** Update criteria with every field defaulted (an empty object matches every current update). */
export const updateCriteria = updateCriteriaFields.prefault({})

/** Update criteria after defaults. */
export type UpdateCriteria = z.output<typeof updateCriteria>
