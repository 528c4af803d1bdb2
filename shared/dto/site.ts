import { z } from 'zod'
import { isoTime } from './common'

/** Which database engine holds the site. */
export const siteDbKinds = ['sqlite', 'postgres'] as const

/** The site this console is connected to. */
export const siteInfoDto = z.object({
  code: z.string(),
  name: z.string(),
  dbKind: z.enum(siteDbKinds),
  location: z.string(),
  schemaVersion: z.number().int(),
  createdAt: isoTime,
  frontDoor: z.enum(['electron', 'browser', 'in-process']),
  /**
   * The folders on this machine that file and folder fields may name (browser mode), each writable or read only;
   * null when paths are not confined (the Electron console, the CLI).
   */
  localFolders: z.array(z.object({ path: z.string(), access: z.enum(['read', 'write']) })).nullable(),
})

/** The site crossing the process boundary. */
export type SiteInfoDto = z.infer<typeof siteInfoDto>

/** Longest "refresh package lists older than" setting: one year, in hours. */
export const MAX_LISTS_REFRESH_HOURS = 8784

/** Site-wide settings an admin changes (Site Settings, `patchbay site settings`). */
export const siteSettingsDto = z.object({
  /** Scans refresh a client's package lists first when they are at least this many hours old; 0: every scan does. */
  listsRefreshHours: z
    .number({ error: 'Refresh package lists older than (hours) must be a number' })
    .int('Refresh package lists older than (hours) must be a whole number')
    .min(0, 'Refresh package lists older than (hours) must be 0 or more')
    .max(
      MAX_LISTS_REFRESH_HOURS,
      `Refresh package lists older than (hours) must be at most ${MAX_LISTS_REFRESH_HOURS}`,
    ),
})

/** Site settings crossing the process boundary. */
export type SiteSettingsDto = z.infer<typeof siteSettingsDto>

/** A change to the site settings: only the fields it names. */
export const siteSettingsPatch = siteSettingsDto.partial()

/** Severities of a status message (SMS: Informational, Warning, Error). */
export const severities = ['info', 'warning', 'error'] as const

/** A status message: something the site did or saw (System Status › Status Messages). */
export const statusMessageDto = z.object({
  id: z.number().int(),
  time: isoTime,
  severity: z.enum(severities),
  component: z.string(),
  objectId: z.string(),
  message: z.string(),
})

/** A status message crossing the process boundary. */
export type StatusMessageDto = z.infer<typeof statusMessageDto>

/** Ask for the newest status messages. */
export const statusQuery = z
  .object({ limit: z.number().int().min(1).max(10_000).default(500) })
  .default({ limit: 500 })

/** A state name from v_StateNames (TopicType, StateID → name). */
export const stateNameDto = z.object({
  topicType: z.number().int(),
  stateId: z.number().int(),
  stateName: z.string(),
})

/** A state name crossing the process boundary. */
export type StateNameDto = z.infer<typeof stateNameDto>
