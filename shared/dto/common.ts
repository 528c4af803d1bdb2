import { z } from 'zod'

/** A trimmed, non-empty name of at most 128 characters. */
export const nameField = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(128, `${what} must be at most 128 characters`)

/** Optional free text (comments, descriptions), at most 512 characters. */
export const commentField = z.string().trim().max(512, 'Comment must be at most 512 characters').default('')

/** An ISO-8601 timestamp with timezone. */
export const isoTime = z.iso.datetime({ offset: true, error: 'must be a date and time (ISO 8601)' })

/** An SMS-style object ID (site code + five hex digits). */
export const smsId = z.string().regex(/^[A-Z0-9]{3}[0-9A-F]{5}$/, 'must be an ID such as LAB00012')

/** Request with a single SMS ID. */
export const byId = z.object({ id: smsId })

/** Request with a numeric row ID. */
export const byNumber = z.object({ id: z.number().int().positive() })

/** An empty request. */
export const noInput = z.object({}).default({})

/** Count of rows a delete removed. */
export const deletedDto = z.object({ deleted: z.number().int() })
