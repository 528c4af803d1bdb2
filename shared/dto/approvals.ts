import { z } from 'zod'
import { isoTime, smsId } from './common'

/** What an admin decided for an update in a collection. */
export const approvalActions = ['approved', 'declined'] as const

/** Approve or decline updates for one collection. */
export const approvalInput = z.object({
  collectionId: smsId,
  updateIds: z.array(z.string().trim().min(1)).min(1, 'Choose at least one update'),
})

/** One approval or decline of an update in a collection. */
export const approvalDto = z.object({
  collectionId: z.string(),
  updateId: z.string(),
  title: z.string(),
  classification: z.string(),
  action: z.enum(approvalActions),
  decidedAt: isoTime,
  supersededBy: z.string(),
})

/** An approval crossing the process boundary. */
export type ApprovalDto = z.infer<typeof approvalDto>

/** A collection's approvals (or every collection's when null). */
export const approvalsQuery = z
  .object({ collectionId: smsId.nullable().default(null) })
  .default({ collectionId: null })

/** How many approvals a decision wrote. */
export const approvalResultDto = z.object({ collectionId: z.string(), changed: z.number().int() })

/** A collection's compliance-check settings. */
export const complianceSettingsDto = z.object({
  collectionId: z.string(),
  /** "Enable automatic approval": new required updates are approved, and recommendations start Approved. */
  autoApprove: z.boolean(),
  lastCheckAt: isoTime.nullable(),
})

/** Change a collection's compliance-check settings. */
export const complianceSettingsInput = z.object({ collectionId: smsId, autoApprove: z.boolean() })

/** Ask about one collection. */
export const collectionRef = z.object({ collectionId: smsId })

/** Run Scan and Check: scan the collection's clients, then check (force skips the scan TTL). */
export const scanAndCheckInput = z.object({
  collectionId: smsId,
  force: z.boolean().default(true),
  trustNewHostKeys: z.boolean().default(false),
})

/** Recommendation states: Opened → Approved or Ignored; Implemented; Closed. */
export const recommendationStates = ['Opened', 'Approved', 'Implemented', 'Ignored', 'Closed'] as const

/** A recommendation state by name. */
export type RecommendationState = (typeof recommendationStates)[number]

/** What a compliance check found in one collection. */
export const complianceSummaryDto = z.object({
  collectionId: z.string(),
  checkedAt: isoTime.nullable(),
  clients: z.number().int(),
  /** Members with a completed scan (the others are reported as "run patch discovery scan again"). */
  scannedClients: z.number().int(),
  /** Members missing no approved update. */
  compliantClients: z.number().int(),
  approvedUpdates: z.number().int(),
  /** Updates approved automatically by this check. */
  autoApproved: z.number().int(),
  /** Recommendations by state after the check. */
  opened: z.number().int(),
  approved: z.number().int(),
  implemented: z.number().int(),
  ignored: z.number().int(),
  closed: z.number().int(),
  /** Recommendations this check created. */
  created: z.number().int(),
  /** Members never scanned. */
  unscanned: z.array(z.string()),
})

/** A compliance check's result crossing the process boundary. */
export type ComplianceSummaryDto = z.infer<typeof complianceSummaryDto>

/** One recommendation: install this update on this client (View by Computer). */
export const recommendationDto = z.object({
  id: z.number().int(),
  collectionId: z.string(),
  resourceId: z.number().int(),
  computer: z.string(),
  updateId: z.string(),
  title: z.string(),
  classification: z.string(),
  /** "Install the required software "…"." */
  recommendation: z.string(),
  state: z.enum(recommendationStates),
  createdAt: isoTime,
  updatedAt: isoTime,
  note: z.string(),
})

/** A recommendation crossing the process boundary. */
export type RecommendationDto = z.infer<typeof recommendationDto>

/** Ask for recommendations, by collection, client, update and state. */
export const recommendationsQuery = z
  .object({
    collectionId: smsId.nullable().default(null),
    resourceId: z.number().int().positive().nullable().default(null),
    updateId: z.string().nullable().default(null),
    state: z.enum(recommendationStates).nullable().default(null),
  })
  .default({ collectionId: null, resourceId: null, updateId: null, state: null })

/** One update's recommendations counted by state (View by Recommendation). */
export const recommendationGroupDto = z.object({
  collectionId: z.string(),
  updateId: z.string(),
  title: z.string(),
  classification: z.string(),
  recommendation: z.string(),
  computers: z.number().int(),
  opened: z.number().int(),
  approved: z.number().int(),
  implemented: z.number().int(),
  ignored: z.number().int(),
  closed: z.number().int(),
})

/** A View by Recommendation row crossing the process boundary. */
export type RecommendationGroupDto = z.infer<typeof recommendationGroupDto>

/** Move recommendations (by ID, or every one of a collection's updates) to a state an admin may set. */
export const recommendationStateInput = z
  .object({
    ids: z.array(z.number().int().positive()).default([]),
    /** With updateIds: every recommendation of these updates in this collection (View by Recommendation). */
    collectionId: smsId.nullable().default(null),
    updateIds: z.array(z.string().min(1)).default([]),
    state: z.enum(['Opened', 'Approved', 'Ignored', 'Closed']),
  })
  .refine((v) => v.ids.length > 0 || (v.collectionId !== null && v.updateIds.length > 0), {
    message: 'Choose recommendations (ids) or a collection and its updates',
    path: ['ids'],
  })

/** How many recommendations changed state. */
export const recommendationStateResult = z.object({ changed: z.number().int() })

/**
 * Run or Schedule remediation: Approved recommendations (by ID, or of these updates in a collection), or a
 * collection's Approved Updates rows; `at` null runs now, a time schedules the deployment for then.
 */
export const remediationInput = z
  .object({
    from: z.enum(['recommendations', 'approvals']).default('recommendations'),
    ids: z.array(z.number().int().positive()).default([]),
    collectionId: smsId.nullable().default(null),
    updateIds: z.array(z.string().min(1)).default([]),
    at: isoTime.nullable().default(null),
  })
  .refine((v) => v.ids.length > 0 || (v.collectionId !== null && v.updateIds.length > 0), {
    message: 'Choose recommendations (ids) or a collection and its updates',
    path: ['ids'],
  })
  .refine((v) => v.from === 'recommendations' || v.ids.length === 0, {
    message: 'Approved Updates rows are chosen by collection and updates, not recommendation IDs',
    path: ['ids'],
  })

/** The deployment remediation made: exactly these updates to exactly these computers, now or at a time. */
export const remediationDto = z.object({
  deploymentId: smsId,
  collectionId: smsId,
  updateIds: z.array(z.string()),
  resourceIds: z.array(z.number().int()),
  availableAt: isoTime,
  jobId: z.number().int(),
  /** Chosen recommendations left out because they were not Approved. */
  skipped: z.number().int(),
})

/** A remediation result crossing the process boundary. */
export type RemediationDto = z.infer<typeof remediationDto>
