// Approvals, compliance checks, recommendations, update lists, rules, search folders and deployment templates (#3): channels spread into the one contract in ../contract.ts.
import { z } from 'zod'
import { channel } from '../channel'
import {
  approvalDto,
  approvalInput,
  approvalResultDto,
  approvalsQuery,
  collectionRef,
  complianceSettingsDto,
  complianceSettingsInput,
  complianceSummaryDto,
  recommendationDto,
  recommendationGroupDto,
  recommendationStateInput,
  recommendationStateResult,
  recommendationsQuery,
  scanAndCheckInput,
} from '../dto/approvals'
import {
  catalogImportInput,
  catalogScheduleInput,
  catalogSourceDto,
  catalogSyncDto,
  catalogSyncInput,
} from '../dto/catalog'
import { byId, byNumber, deletedDto, noInput } from '../dto/common'
import { templateDto, templateInput, templateUpdate } from '../dto/deployment-template'
import { jobDto } from '../dto/job'
import { taskDto } from '../dto/task'
import { searchFolderDto, searchFolderInput, searchFolderUpdate } from '../dto/search-folder'
import { updateDto } from '../dto/update'
import { updateCriteria } from '../dto/update-criteria'
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

/** Channels of this domain: name → { input, output } schemas. */
export const approvalChannels = {
  'catalog:import': channel(catalogImportInput, catalogSyncDto),
  'catalog:schedule': channel(catalogScheduleInput, catalogSourceDto),
  /** Synchronize Now as a task: per-file byte progress, then the write; cancel writes nothing. */
  'catalog:sync-start': channel(catalogSyncInput, taskDto),
  'updates:search': channel(updateCriteria, z.array(updateDto)),

  'approvals:list': channel(approvalsQuery, z.array(approvalDto)),
  'approvals:approve': channel(approvalInput, approvalResultDto),
  'approvals:decline': channel(approvalInput, approvalResultDto),
  'approvals:settings-get': channel(collectionRef, complianceSettingsDto),
  'approvals:settings-set': channel(complianceSettingsInput, complianceSettingsDto),

  'compliance:check': channel(collectionRef, complianceSummaryDto),
  'compliance:run-scan-and-check': channel(scanAndCheckInput, jobDto),

  'recommendations:list': channel(recommendationsQuery, z.array(recommendationDto)),
  'recommendations:by-update': channel(recommendationsQuery, z.array(recommendationGroupDto)),
  'recommendations:set-state': channel(recommendationStateInput, recommendationStateResult),

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

  'templates:list': channel(noInput, z.array(templateDto)),
  'templates:get': channel(byNumber, templateDto),
  'templates:create': channel(templateInput, templateDto),
  'templates:update': channel(templateUpdate, templateDto),
  'templates:delete': channel(byNumber, deletedDto),
} as const
