import { z } from 'zod'
import { channel } from '../channel'
import { advertisementDto, advertisementInput, advertisementUpdate } from '../dto/advertisement'
import { advertisementRunDto, advertisementRunInput, advertisementStatusDto } from '../dto/advertisement-run'
import { byId, deletedDto, noInput } from '../dto/common'

/** Advertisements, their runs and Advertisement Status: channel name → request and response schemas. */
export const advertisementsChannels = {
  'advertisements:list': channel(noInput, z.array(advertisementDto)),
  'advertisements:get': channel(byId, advertisementDto),
  'advertisements:create': channel(advertisementInput, advertisementDto),
  'advertisements:update': channel(advertisementUpdate, advertisementDto),
  'advertisements:delete': channel(byId, deletedDto),
  /** Runs an advertisement: one engine step per member client (waits for its available time / assignment). */
  'advertisements:run': channel(advertisementRunInput, advertisementRunDto),
  /** Resolves when the advertisement's current run has ended (it must run in this process). */
  'advertisements:wait': channel(byId, advertisementRunDto),
  /** Advertisement Status: received / running / succeeded / failed, per client, and status messages. */
  'advertisements:status': channel(byId, advertisementStatusDto),
} as const

/** A channel of this domain. */
export type AdvertisementsChannel = keyof typeof advertisementsChannels
