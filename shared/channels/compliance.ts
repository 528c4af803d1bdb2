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
  remediationDto,
  remediationInput,
  scanAndCheckInput,
} from '../dto/approvals'
import { jobDto } from '../dto/job'

/** Approvals, compliance checks and recommendations: channel name → request and response schemas. */
export const complianceChannels = {
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
  'remediation:deploy': channel(remediationInput, remediationDto),
} as const

/** A channel of this domain. */
export type ComplianceChannel = keyof typeof complianceChannels
