import { z } from 'zod'
import { channel } from '../channel'
import { byId, byNumber, deletedDto, noInput } from '../dto/common'
import { searchFolderDto, searchFolderInput, searchFolderUpdate } from '../dto/search-folder'
import { updateDto } from '../dto/update'
import {
  updateListDto,
  updateListInput,
  updateListItemsInput,
  updateListPropertiesDto,
  updateListUpdate,
  updateRuleDto,
  updateRuleInput,
  updateRuleRun,
  updateRuleRunDto,
  updateRuleUpdate,
} from '../dto/update-list'

/** Update lists, the rules that fill them and search folders: channel name → request and response schemas. */
export const updateListsChannels = {
  'updatelists:list': channel(noInput, z.array(updateListDto)),
  'updatelists:get': channel(byId, updateListDto),
  'updatelists:create': channel(updateListInput, updateListDto),
  'updatelists:update': channel(updateListUpdate, updateListDto),
  'updatelists:add': channel(updateListItemsInput, updateListDto),
  'updatelists:remove-updates': channel(updateListItemsInput, updateListDto),
  'updatelists:delete': channel(byId, deletedDto),
  'updatelists:properties': channel(byId, updateListPropertiesDto),
  'updaterules:list': channel(noInput, z.array(updateRuleDto)),
  'updaterules:create': channel(updateRuleInput, updateRuleDto),
  'updaterules:update': channel(updateRuleUpdate, updateRuleDto),
  'updaterules:delete': channel(byNumber, deletedDto),
  'updaterules:run': channel(updateRuleRun, z.array(updateRuleRunDto)),
  'searchfolders:list': channel(noInput, z.array(searchFolderDto)),
  'searchfolders:create': channel(searchFolderInput, searchFolderDto),
  'searchfolders:update': channel(searchFolderUpdate, searchFolderDto),
  'searchfolders:delete': channel(byNumber, deletedDto),
  'searchfolders:results': channel(byNumber, z.array(updateDto)),
} as const

/** A channel of this domain. */
export type UpdateListsChannel = keyof typeof updateListsChannels
