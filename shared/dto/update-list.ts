import { z } from 'zod'
import { commentField, isoTime, nameField, smsId } from './common'
import { updateCriteria, updateCriteriaFields } from './update-criteria'
import { updateDto } from './update'

/** An update list: a reviewed set of updates (SMS ID). */
export const updateListDto = z.object({
  id: z.string(),
  name: z.string(),
  comment: z.string(),
  updateCount: z.number().int(),
  /** Automatic rules feeding this list. */
  ruleCount: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
})

/** An update list crossing the process boundary. */
export type UpdateListDto = z.infer<typeof updateListDto>

/** Create an update list from any selection of updates. */
export const updateListInput = z.object({
  name: nameField('Update list name'),
  comment: commentField,
  updateIds: z.array(z.string().trim().min(1)).default([]),
  /** Keep superseded updates in the selection (left out by default). */
  includeSuperseded: z.boolean().default(false),
})

/** Edit an update list: rename, comment, or replace its updates. */
export const updateListUpdate = z.object({
  id: smsId,
  name: nameField('Update list name').optional(),
  comment: z.string().trim().max(512).optional(),
  updateIds: z.array(z.string().trim().min(1)).optional(),
})

/** Add or remove updates of a list. */
export const updateListItemsInput = z.object({
  id: smsId,
  updateIds: z.array(z.string().trim().min(1)).min(1, 'Choose at least one update'),
  includeSuperseded: z.boolean().default(false),
})

/** An update list's properties: its updates with live counts and a compliance summary. */
export const updateListPropertiesDto = z.object({
  list: updateListDto,
  updates: z.array(updateDto),
  /** Sums over the list's updates (client × update pairs). */
  summary: z.object({
    required: z.number().int(),
    installed: z.number().int(),
    notRequired: z.number().int(),
    unknown: z.number().int(),
    /** Clients needing none of the list's updates / at least one / never scanned. */
    compliantClients: z.number().int(),
    nonCompliantClients: z.number().int(),
    unknownClients: z.number().int(),
  }),
})

/** Update list properties crossing the process boundary. */
export type UpdateListPropertiesDto = z.infer<typeof updateListPropertiesDto>

/** An automatic rule: matching updates are added to a list on every sync. */
export const updateRuleDto = z.object({
  id: z.number().int(),
  name: z.string(),
  listId: z.string(),
  listName: z.string(),
  criteria: updateCriteria,
  enabled: z.boolean(),
  lastRunAt: isoTime.nullable(),
  lastAdded: z.number().int(),
  createdAt: isoTime,
})

/** A rule crossing the process boundary. */
export type UpdateRuleDto = z.infer<typeof updateRuleDto>

/** Create an automatic rule. */
export const updateRuleInput = z.object({
  name: nameField('Rule name'),
  listId: smsId,
  criteria: updateCriteria,
  enabled: z.boolean().default(true),
})

/** Edit an automatic rule. */
export const updateRuleUpdate = z.object({
  id: z.number().int().positive(),
  name: nameField('Rule name').optional(),
  listId: smsId.optional(),
  criteria: updateCriteriaFields.optional(),
  enabled: z.boolean().optional(),
})

/** Run one rule now, or every enabled rule. */
export const updateRuleRun = z
  .object({ id: z.number().int().positive().nullable().default(null) })
  .default({ id: null })

/** What one rule run added. */
export const updateRuleRunDto = z.object({
  ruleId: z.number().int(),
  name: z.string(),
  listId: z.string(),
  matched: z.number().int(),
  added: z.number().int(),
})
