import { z } from 'zod'
import { advertisementDto, advertisementInput, advertisementUpdate } from './dto/advertisement'
import {
  addMembersInput,
  collectionDto,
  collectionInput,
  collectionUpdate,
  membersDto,
  previewInput,
} from './dto/collection'
import {
  catalogSourceDto,
  catalogSourceInput,
  catalogSourceRef,
  catalogSyncDto,
  catalogSyncInput,
} from './dto/catalog'
import { byId, deletedDto, noInput } from './dto/common'
import {
  clearSecretInput,
  hostKeyDto,
  removeHostKeyInput,
  secretStatusDto,
  setSecretInput,
  trustHostKeyInput,
} from './dto/client-access'
import { inventoryDto } from './dto/inventory'
import {
  connectInput,
  execInput,
  inventoryInput,
  jobDto,
  jobProgressEvent,
  jobRef,
  scanInput,
} from './dto/job'
import { stateMessageDto, stateQuery, updateDto, updatesQuery } from './dto/update'
import { prefsDto, prefsPatch } from './dto/prefs'
import {
  packageDto,
  packageInput,
  packageUpdate,
  programDelete,
  programDto,
  programInput,
  programUpdate,
} from './dto/package'
import { resourceDelete, resourceDto, resourceInput, resourceUpdate } from './dto/resource'
import { siteInfoDto, stateNameDto, statusMessageDto, statusQuery } from './dto/site'
import { channel } from './channel'
import { taskDto, taskProgressEvent, taskRef } from './dto/task'
import { approvalChannels } from './channels/approvals'
import { contentChannels } from './channels/content'
import { distributionChannels } from './channels/distribution'
import { wizardChannels } from './channels/wizard'
import { deploymentChannels } from './channels/deployments'
import { reportChannels } from './channels/reports'
import { deployLogLineDto } from './dto/deployment'

/**
 * Every main↔renderer call: channel name (`domain:verb`) → request and response schemas.
 * Electron (ipcMain), browser mode (HTTP) and in-process bindings all serve exactly this map.
 */
export const channels = {
  'site:info': channel(noInput, siteInfoDto),
  'site:state-names': channel(noInput, z.array(stateNameDto)),
  'status:list': channel(statusQuery, z.array(statusMessageDto)),

  'resources:list': channel(noInput, z.array(resourceDto)),
  'resources:create': channel(resourceInput, resourceDto),
  'resources:update': channel(resourceUpdate, resourceDto),
  'resources:delete': channel(resourceDelete, deletedDto),

  'collections:list': channel(noInput, z.array(collectionDto)),
  'collections:get': channel(byId, collectionDto),
  'collections:create': channel(collectionInput, collectionDto),
  'collections:update': channel(collectionUpdate, collectionDto),
  'collections:delete': channel(byId, deletedDto),
  'collections:members': channel(byId, membersDto),
  'collections:add-members': channel(addMembersInput, collectionDto),
  'collections:preview': channel(previewInput, membersDto),

  'packages:list': channel(noInput, z.array(packageDto)),
  'packages:get': channel(byId, packageDto),
  'packages:create': channel(packageInput, packageDto),
  'packages:update': channel(packageUpdate, packageDto),
  'packages:delete': channel(byId, deletedDto),
  'programs:create': channel(programInput, programDto),
  'programs:update': channel(programUpdate, programDto),
  'programs:delete': channel(programDelete, deletedDto),

  'advertisements:list': channel(noInput, z.array(advertisementDto)),
  'advertisements:get': channel(byId, advertisementDto),
  'advertisements:create': channel(advertisementInput, advertisementDto),
  'advertisements:update': channel(advertisementUpdate, advertisementDto),
  'advertisements:delete': channel(byId, deletedDto),

  'clients:connect': channel(connectInput, jobDto),
  'clients:scan': channel(scanInput, jobDto),
  'clients:exec': channel(execInput, jobDto),
  'clients:inventory': channel(inventoryInput, jobDto),
  'jobs:list': channel(noInput, z.array(jobDto)),
  'jobs:get': channel(jobRef, jobDto),
  'jobs:cancel': channel(jobRef, jobDto),
  'hostkeys:list': channel(noInput, z.array(hostKeyDto)),
  'hostkeys:trust': channel(trustHostKeyInput, hostKeyDto),
  'hostkeys:remove': channel(removeHostKeyInput, deletedDto),
  'secrets:set': channel(setSecretInput, secretStatusDto),
  'secrets:clear': channel(clearSecretInput, secretStatusDto),
  'updates:list': channel(updatesQuery, z.array(updateDto)),
  'catalog:sources-list': channel(noInput, z.array(catalogSourceDto)),
  'catalog:sources-add': channel(catalogSourceInput, catalogSourceDto),
  'catalog:sources-remove': channel(catalogSourceRef, deletedDto),
  'catalog:sync': channel(catalogSyncInput, z.array(catalogSyncDto)),
  'catalog:history': channel(noInput, z.array(catalogSyncDto)),
  'state:list': channel(stateQuery, z.array(stateMessageDto)),
  'inventory:get': channel(z.object({ resourceId: z.number().int().positive() }), inventoryDto),

  'console:open-explorer': channel(
    z.object({ resourceId: z.number().int().positive() }),
    z.object({ opened: z.boolean() }),
  ),
  'prefs:get': channel(noInput, prefsDto),
  'prefs:set': channel(prefsPatch, prefsDto),
  'tasks:get': channel(taskRef, taskDto),
  'tasks:cancel': channel(taskRef, taskDto),

  ...contentChannels,
  ...distributionChannels,
  ...wizardChannels,
  ...approvalChannels,
  ...deploymentChannels,
  ...reportChannels,
} as const

/** The channel map's type. */
export type Channels = typeof channels

/** A channel name. */
export type Channel = keyof Channels

/** What a caller passes on a channel (defaults may be left out). */
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>

/** What a handler receives on a channel, after validation and defaults. */
export type ChannelParsed<C extends Channel> = z.output<Channels[C]['input']>

/** What a channel answers. */
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>

/** The site entities whose change is announced. */
export const entities = [
  'resources',
  'collections',
  'packages',
  'advertisements',
  'status',
  'prefs',
  'updates',
  'inventory',
  'hostkeys',
  /** Package source files, downloads and bundles. */
  'content',
  /** Distribution points and package status per distribution point. */
  'distribution',
  /** Approvals, compliance checks and recommendations. */
  'approvals',
  'updatelists',
  'searchfolders',
  'templates',
  'catalog',
] as const

/** Every main→renderer event: event name → payload schema. */
export const events = {
  /** Something in the site changed; views showing that entity refresh. */
  'site:changed': z.object({ entity: z.enum(entities), ids: z.array(z.string()).default([]) }),
  /** A job's counts changed; `host` is the host that just finished (null when the job itself changed state). */
  'job:progress': jobProgressEvent,
  /** A task (download, upload, bundle build…) changed; `item` is the file that just changed, or null. */
  'task:progress': taskProgressEvent,
  /** One new log line of an update run (a deployment's per-computer log), for live tailing. */
  'deploy:log': deployLogLineDto,
} as const

/** The event map's type. */
export type Events = typeof events

/** An event name. */
export type EventName = keyof Events

/** An event's payload. */
export type EventPayload<E extends EventName> = z.output<Events[E]>

/** The list of channel names, for bindings that register every channel. */
export const channelNames = Object.keys(channels) as Channel[]

/** The list of event names. */
export const eventNames = Object.keys(events) as EventName[]

/** The wire envelope of a call's result. */
export type Result<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } }

/** How any front end calls the services: one typed invoke and one typed subscription. */
export interface Transport {
  /** Calls a channel; rejects with a PatchbayError on failure. */
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>
  /** Listens for an event; returns an unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/**
 * What the Electron preload exposes as `window.patchbay`: one function per channel (answering the
 * Result envelope) and one subscribe function per event.
 */
export interface PatchbayBridge {
  frontDoor: 'electron'
  invoke: { [C in Channel]: (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>> }
  on: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void }
}

/** Browser-mode wire: POST `${apiPrefix}/call/<channel>` with the JSON input answers a Result; WebSocket `${apiPrefix}/events` pushes `{ event, payload }`. */
export const apiPrefix = '/api'

/** Name of the cookie carrying the per-launch browser-mode token (the printed URL passes it once as `?token=`). */
export const tokenCookie = 'patchbay_token'
