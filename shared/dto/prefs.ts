import { z } from 'zod'

/** Window placement remembered between launches. */
export const windowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
})

/** Console preferences kept per user (electron-store in Electron, conf in browser mode). */
export const prefsDto = z.object({
  theme: z.enum(['light', 'dark']).default('light'),
  lastNode: z.string().max(256).default('site'),
  columnWidths: z.record(z.string(), z.record(z.string(), z.number().min(24).max(2000))).default({}),
  hiddenColumns: z.record(z.string(), z.array(z.string())).default({}),
  windowBounds: windowBounds.nullable().default(null),
  detailsPaneOpen: z.boolean().default(true),
})

/** Console preferences crossing the process boundary. */
export type PrefsDto = z.infer<typeof prefsDto>

/** A partial change to the preferences. */
export const prefsPatch = z.object({
  theme: z.enum(['light', 'dark']).optional(),
  lastNode: z.string().max(256).optional(),
  columnWidths: z.record(z.string(), z.record(z.string(), z.number().min(24).max(2000))).optional(),
  hiddenColumns: z.record(z.string(), z.array(z.string())).optional(),
  windowBounds: windowBounds.nullable().optional(),
  detailsPaneOpen: z.boolean().optional(),
})
