import { z } from 'zod'
import { runtimeChannels } from './channels/runtime'
import { resourcesChannels } from './channels/resources'
import { collectionsChannels } from './channels/collections'
import { clientJobsChannels } from './channels/client-jobs'
import { packagesChannels } from './channels/packages'
import { advertisementsChannels } from './channels/advertisements'
import { catalogChannels } from './channels/catalog'
import { complianceChannels } from './channels/compliance'
import { updateListsChannels } from './channels/update-lists'
import { wizardChannels } from './channels/wizard'
import { distributionChannels } from './channels/distribution'
import { bundlesChannels } from './channels/bundles'
import { deploymentsChannels } from './channels/deployments'
import { maintenanceWindowsChannels } from './channels/maintenance-windows'
import { reportsChannels } from './channels/reports'
import { labChannels } from './channels/lab'
import { deployLogLineDto } from './dto/deployment'
import { jobProgressEvent } from './dto/job'
import { taskProgressEvent } from './dto/task'

/**
 * Every main↔renderer call: channel name (`domain:verb`) → request and response schemas, one file per domain
 * under ./channels. Electron (ipcMain), browser mode (HTTP) and in-process bindings all serve exactly this map.
 */
export const channels = {
  ...runtimeChannels,
  ...resourcesChannels,
  ...collectionsChannels,
  ...clientJobsChannels,
  ...packagesChannels,
  ...advertisementsChannels,
  ...catalogChannels,
  ...complianceChannels,
  ...updateListsChannels,
  ...wizardChannels,
  ...distributionChannels,
  ...bundlesChannels,
  ...deploymentsChannels,
  ...maintenanceWindowsChannels,
  ...reportsChannels,
  ...labChannels,
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

/**
 * Browser-mode wire: POST `${apiPrefix}/call/<channel>` with the JSON input and `Authorization: Bearer <token>`
 * answers a Result; WebSocket `${apiPrefix}/events` (token in a subprotocol) pushes `{ event, payload }`.
 */
export const apiPrefix = '/api'

/** The events socket's subprotocol; the page also offers `${tokenProtocolPrefix}<token>`, which the server never echoes. */
export const eventsProtocol = 'patchbay'

/** Prefix of the subprotocol that carries the per-launch token on the events socket (pages cannot set headers there). */
export const tokenProtocolPrefix = 'patchbay.token.'
