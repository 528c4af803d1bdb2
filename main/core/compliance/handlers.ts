import type { ComplianceChannel } from '../../../shared/channels/compliance'
import type { Handlers } from '../runtime/handlers'
import type { SiteContext } from '../runtime/site-context'
import type { ApprovalsService } from './approvals-service'
import { runComplianceCheck, runScanAndCheck, type ScanJobs } from './compliance-check'
import type { RecommendationsService } from './recommendations-service'
import type { Remediation } from './remediation'

/** The services the compliance channels answer from. */
export interface ComplianceHandlerDeps {
  approvals: ApprovalsService
  recommendations: RecommendationsService
  /** The client jobs a scan-and-check starts. */
  clientJobs: ScanJobs
  remediation: Remediation
}

/** The approvals, compliance check and recommendations channels. */
export function complianceHandlers(
  ctx: SiteContext,
  deps: ComplianceHandlerDeps,
): Pick<Handlers, ComplianceChannel> {
  const { approvals, recommendations, clientJobs, remediation } = deps
  return {
    'approvals:list': (input) => approvals.list(input),
    'approvals:approve': (input) => approvals.approve(input),
    'approvals:decline': (input) => approvals.decline(input),
    'approvals:settings-get': (input) => approvals.settings(input.collectionId),
    'approvals:settings-set': (input) => approvals.setSettings(input),
    'compliance:check': (input) => runComplianceCheck(ctx, input.collectionId),
    'compliance:run-scan-and-check': (input) => runScanAndCheck(ctx, clientJobs, input),
    'recommendations:list': (input) => recommendations.list(input),
    'recommendations:by-update': (input) => recommendations.groups(input),
    'recommendations:set-state': (input) => recommendations.setState(input),
    'remediation:deploy': (input) => remediation.deploy(input),
  }
}
