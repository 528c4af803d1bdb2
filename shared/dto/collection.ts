import { z } from 'zod'
import { commentField, isoTime, nameField, smsId } from './common'
import { resourceDto } from './resource'

/**
 * Resource attributes a query rule can test. listsAgeHours is how many whole hours old the package lists were at
 * the client's last scan (clients without one — Windows, never scanned — never match it). restartPending is
 * "true" or "false" as the last scan said; servicesToRestart is how many services ran outdated libraries at the
 * last scan (clients whose services were not checked — Windows, SUSE, no needrestart, never scanned — never
 * match it).
 */
export const queryAttributes = [
  'name',
  'address',
  'platform',
  'osFamily',
  'osVersion',
  'role',
  'listsAgeHours',
  'restartPending',
  'servicesToRestart',
] as const

/** Attributes holding a number, the only ones greaterThan and lessThan apply to (and the only ones they accept). */
export const numericQueryAttributes: readonly QueryAttribute[] = ['listsAgeHours', 'servicesToRestart']

/** Attributes holding true or false: they take only equals and notEquals with "true" or "false". */
export const booleanQueryAttributes: readonly QueryAttribute[] = ['restartPending']

/** A resource attribute a query rule can test. */
export type QueryAttribute = (typeof queryAttributes)[number]

/**
 * Comparison operators of a query condition. "like" takes * and ? (or % and _) wildcards; "inRange" takes a CIDR
 * block or a first-last IPv4 range; "greaterThan" and "lessThan" compare a numeric attribute with a number.
 */
export const queryOperators = [
  'equals',
  'notEquals',
  'like',
  'notLike',
  'inRange',
  'greaterThan',
  'lessThan',
] as const

/** A comparison operator of a query condition. */
export type QueryOperator = (typeof queryOperators)[number]

/** One test of a resource attribute. */
export const queryCondition = z.object({
  attribute: z.enum(queryAttributes),
  operator: z.enum(queryOperators),
  value: z.string().trim().min(1, 'Each condition needs a value').max(256),
})

/** One condition of a query rule. */
export type QueryCondition = z.infer<typeof queryCondition>

/** Whether a rule adds its resources to the collection or takes them out. */
export const ruleEffects = ['include', 'exclude'] as const

/** A direct membership rule: one named resource. */
export const directRule = z.object({
  kind: z.literal('direct'),
  effect: z.enum(ruleEffects).default('include'),
  resourceId: z.number().int().positive(),
})

/** A query rule: every resource matching all conditions. */
export const queryRule = z.object({
  kind: z.literal('query'),
  effect: z.enum(ruleEffects).default('include'),
  name: nameField('Rule name'),
  conditions: z.array(queryCondition).min(1, 'A query rule needs at least one condition'),
})

/** A membership rule of a collection. */
export const collectionRule = z.discriminatedUnion('kind', [directRule, queryRule])

/** A membership rule crossing the process boundary. */
export type CollectionRuleDto = z.infer<typeof collectionRule>

/** Fields an admin sets on a collection, without defaults. */
export const collectionFields = z.object({
  name: nameField('Collection name'),
  comment: commentField,
  parentId: smsId.nullable(),
  limitingCollectionId: smsId.nullable(),
  rules: z.array(collectionRule),
})

/** Input to create a collection; a collection without a limiting collection is limited to All Systems. */
export const collectionInput = collectionFields.extend({
  comment: commentField,
  parentId: smsId.nullable().default(null),
  limitingCollectionId: smsId.nullable().default(null),
  rules: z.array(collectionRule).default([]),
})

/** Input to create a collection. */
export type CollectionInput = z.input<typeof collectionInput>

/** Update of a collection: its ID plus any fields to change (rules replace the whole list). */
export const collectionUpdate = collectionFields.partial().extend({ id: smsId })

/** A collection with its rules and live member count. */
export const collectionDto = z.object({
  id: smsId,
  name: z.string(),
  comment: z.string(),
  parentId: smsId.nullable(),
  limitingCollectionId: smsId.nullable(),
  builtIn: z.boolean(),
  rules: z.array(collectionRule),
  memberCount: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
})

/** A collection crossing the process boundary. */
export type CollectionDto = z.infer<typeof collectionDto>

/** Add resources to a collection as direct members. */
export const addMembersInput = z.object({
  id: smsId,
  resourceIds: z.array(z.number().int().positive()).min(1, 'Select at least one resource'),
})

/** Ask which resources some rules would select, before saving them. */
export const previewInput = z.object({
  rules: z.array(collectionRule),
  limitingCollectionId: smsId.nullable().default(null),
})

/** Members of a collection. */
export const membersDto = z.array(resourceDto)
