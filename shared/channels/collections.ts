import { z } from 'zod'
import { channel } from '../channel'
import {
  addMembersInput,
  collectionDto,
  collectionInput,
  collectionUpdate,
  membersDto,
  previewInput,
} from '../dto/collection'
import { byId, deletedDto, noInput } from '../dto/common'

/** Collections and their membership rules: channel name → request and response schemas. */
export const collectionsChannels = {
  'collections:list': channel(noInput, z.array(collectionDto)),
  'collections:get': channel(byId, collectionDto),
  'collections:create': channel(collectionInput, collectionDto),
  'collections:update': channel(collectionUpdate, collectionDto),
  'collections:delete': channel(byId, deletedDto),
  'collections:members': channel(byId, membersDto),
  'collections:add-members': channel(addMembersInput, collectionDto),
  'collections:preview': channel(previewInput, membersDto),
} as const

/** A channel of this domain. */
export type CollectionsChannel = keyof typeof collectionsChannels
