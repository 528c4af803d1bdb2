import { z } from 'zod'
import { isoTime, nameField, smsId } from './common'

/** Saved deployment settings, used by the Distribute Software Updates wizard and by deployments. */
export const templateSettings = z.object({
  /** The collection deployments made from this template target, if fixed. */
  collectionId: smsId.nullable().default(null),
  /** How long a deployment stays available, in hours (0 = no expiry). */
  durationHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 366)
    .default(0),
  /** Deadline this many hours after availability (null = no deadline, optional install). */
  deadlineOffsetHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 366)
    .nullable()
    .default(null),
  /** Maintenance windows: respected, or installs (and restarts) allowed outside them. */
  maintenanceWindow: z.enum(['respect', 'install-outside', 'install-and-restart-outside']).default('respect'),
  /** Suppress the restart after install on servers / workstations. */
  suppressRestartServers: z.boolean().default(false),
  suppressRestartWorkstations: z.boolean().default(false),
  userNotification: z.enum(['display-all', 'display-restarts-only', 'hide-all']).default('display-all'),
  /** Clients on a slow or unreliable link: download and install, or do not install. */
  downloadBehaviour: z.enum(['download-and-install', 'do-not-install']).default('download-and-install'),
})

/** Template settings after defaults. */
export type TemplateSettings = z.output<typeof templateSettings>

/** A deployment template. */
export const templateDto = z.object({
  id: z.number().int(),
  name: z.string(),
  settings: templateSettings,
  createdAt: isoTime,
})

/** A deployment template crossing the process boundary. */
export type TemplateDto = z.infer<typeof templateDto>

/** Create a deployment template. */
export const templateInput = z.object({
  name: nameField('Template name'),
  settings: templateSettings.prefault({}),
})

/** Edit a deployment template. */
export const templateUpdate = z.object({
  id: z.number().int().positive(),
  name: nameField('Template name').optional(),
  settings: templateSettings.optional(),
})
