import type { z } from 'zod'
import type { JobDto } from '../../../shared/dto/job'
import type { scanInput } from '../../../shared/dto/job'
import type { Handlers } from '../runtime/handlers'
import { createApprovalsService } from './approvals-service'
import type { createCatalogService } from '../catalog/service'
import { runComplianceCheck } from './compliance-check'
import { createDeploymentTemplatesService } from '../deployments/templates-service'
import { createRecommendationsService } from './recommendations-service'
import { createSearchFoldersService } from '../update-lists/search-folders-service'
import type { SiteContext } from '../runtime/site-context'
import { createUpdateListsService } from '../update-lists/service'
import { createUpdateRulesService } from '../update-lists/rules'
import type { UpdatesService } from '../catalog/updates-service'

/** What the approvals handlers use of the other services. */
export interface ApprovalDeps {
  catalog: ReturnType<typeof createCatalogService>
  updates: UpdatesService
  scan(input: z.output<typeof scanInput>): Promise<JobDto>
  waitJob(jobId: number): Promise<JobDto>
}

type ApprovalChannel =
  | `${'approvals' | 'compliance' | 'recommendations' | 'updatelists' | 'updaterules' | 'searchfolders' | 'templates'}:${string}`
  | 'catalog:import'
  | 'catalog:schedule'
  | 'updates:search'

/**
 * Handlers of #3 (approvals, compliance checks, recommendations, update lists, rules, search folders,
 * deployment templates, catalog import and schedule).
 */
export function createApprovalHandlers(
  ctx: SiteContext,
  deps: ApprovalDeps,
): Pick<Handlers, Extract<keyof Handlers, ApprovalChannel>> {
  const approvals = createApprovalsService(ctx)
  const recommendations = createRecommendationsService(ctx)
  const lists = createUpdateListsService(ctx, deps.updates)
  const rules = createUpdateRulesService(ctx)
  const folders = createSearchFoldersService(ctx, deps.updates)
  const templates = createDeploymentTemplatesService(ctx)

  return {
    'catalog:import': (input) => deps.catalog.import(input),
    'catalog:schedule': (input) => deps.catalog.schedule(input),
    'updates:search': (input) => deps.updates.search(input),

    'approvals:list': (input) => approvals.list(input),
    'approvals:approve': (input) => approvals.approve(input),
    'approvals:decline': (input) => approvals.decline(input),
    'approvals:settings-get': (input) => approvals.settings(input.collectionId),
    'approvals:settings-set': (input) => approvals.setSettings(input),

    'compliance:check': (input) => runComplianceCheck(ctx, input.collectionId),
    'compliance:run-scan-and-check': async (input) => {
      const job = await deps.scan({
        targets: { collectionId: input.collectionId, resourceIds: [] },
        force: input.force,
        trustNewHostKeys: input.trustNewHostKeys,
      })
      void deps
        .waitJob(job.id)
        .then(() => runComplianceCheck(ctx, input.collectionId))
        .catch(() => undefined)
      return job
    },

    'recommendations:list': (input) => recommendations.list(input),
    'recommendations:by-update': (input) => recommendations.groups(input),
    'recommendations:set-state': (input) => recommendations.setState(input),

    'updatelists:list': () => lists.list(),
    'updatelists:get': (input) => lists.get(input.id),
    'updatelists:create': (input) => lists.create(input),
    'updatelists:update': (input) => lists.update(input),
    'updatelists:add': (input) => lists.add(input),
    'updatelists:remove-updates': (input) => lists.removeUpdates(input),
    'updatelists:delete': (input) => lists.remove(input.id),
    'updatelists:properties': (input) => lists.properties(input.id),

    'updaterules:list': () => rules.list(),
    'updaterules:create': (input) => rules.create(input),
    'updaterules:update': (input) => rules.update(input),
    'updaterules:delete': (input) => rules.remove(input.id),
    'updaterules:run': (input) => rules.run(input.id),

    'searchfolders:list': () => folders.list(),
    'searchfolders:create': (input) => folders.create(input),
    'searchfolders:update': (input) => folders.update(input),
    'searchfolders:delete': (input) => folders.remove(input.id),
    'searchfolders:results': (input) => folders.results(input.id),

    'templates:list': () => templates.list(),
    'templates:get': (input) => templates.get(input.id),
    'templates:create': (input) => templates.create(input),
    'templates:update': (input) => templates.update(input),
    'templates:delete': (input) => templates.remove(input.id),
  }
}
