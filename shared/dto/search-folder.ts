import { z } from 'zod'
import { isoTime, nameField } from './common'
import { updateCriteria, updateCriteriaFields } from './update-criteria'

/** A saved search over the Update Repository, with its live count. */
export const searchFolderDto = z.object({
  id: z.number().int(),
  name: z.string(),
  criteria: updateCriteria,
  count: z.number().int(),
  createdAt: isoTime,
})

/** A search folder crossing the process boundary. */
export type SearchFolderDto = z.infer<typeof searchFolderDto>

/** Save a search. */
export const searchFolderInput = z.object({ name: nameField('Search folder name'), criteria: updateCriteria })

/** Rename a search folder or change its criteria. */
export const searchFolderUpdate = z.object({
  id: z.number().int().positive(),
  name: nameField('Search folder name').optional(),
  criteria: updateCriteriaFields.optional(),
})
