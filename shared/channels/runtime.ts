import { z } from 'zod'
import { channel } from '../channel'
import { noInput } from '../dto/common'
import { prefsDto, prefsPatch } from '../dto/prefs'
import {
  siteInfoDto,
  siteSettingsDto,
  siteSettingsPatch,
  stateNameDto,
  statusMessageDto,
  statusQuery,
} from '../dto/site'
import { taskDto, taskRef } from '../dto/task'

/** The site itself, status messages, preferences, background tasks and console windows: channel name → request and response schemas. */
export const runtimeChannels = {
  'site:info': channel(noInput, siteInfoDto),
  'site:state-names': channel(noInput, z.array(stateNameDto)),
  'site:settings-get': channel(noInput, siteSettingsDto),
  'site:settings-set': channel(siteSettingsPatch, siteSettingsDto),
  'status:list': channel(statusQuery, z.array(statusMessageDto)),
  'console:open-explorer': channel(
    z.object({ resourceId: z.number().int().positive() }),
    z.object({ opened: z.boolean() }),
  ),
  'prefs:get': channel(noInput, prefsDto),
  'prefs:set': channel(prefsPatch, prefsDto),
  'tasks:get': channel(taskRef, taskDto),
  'tasks:cancel': channel(taskRef, taskDto),
} as const

/** A channel of this domain. */
export type RuntimeChannel = keyof typeof runtimeChannels
