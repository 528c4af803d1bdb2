import type { DeploymentsChannel } from '../../../shared/channels/deployments'
import type { Handlers } from '../runtime/handlers'
import type { DeploymentsService } from './service'
import type { createDeploymentTemplatesService } from './templates-service'

/** The services the deployments channels answer from. */
export interface DeploymentsHandlerDeps {
  deployments: DeploymentsService
  templates: ReturnType<typeof createDeploymentTemplatesService>
}

/** The deployment, run, log, webhook and deployment template channels, each a call of its service. */
export function deploymentsHandlers(deps: DeploymentsHandlerDeps): Pick<Handlers, DeploymentsChannel> {
  const { deployments: s, templates } = deps
  return {
    'templates:list': () => templates.list(),
    'templates:get': (input) => templates.get(input.id),
    'templates:create': (input) => templates.create(input),
    'templates:update': (input) => templates.update(input),
    'templates:delete': (input) => templates.remove(input.id),
    'deploy:create': (input) => s.create(input),
    'deploy:list': () => s.list(),
    'deploy:get': (input) => s.get(input.id),
    'deploy:run': (input) => s.run(input),
    'deploy:runs': (input) => s.runs(input.deploymentId),
    'deploy:logs': (input) => s.logs(input),
    'deploy:status': (input) => s.status(input.id),
    'deploy:cancel': (input) => s.cancel(input.id),
    'deploy:retry': (input) => s.retry(input.id, input.resourceIds),
    'deploy:wait': (input) => s.wait(input.id),
    'deploy:webhooks-list': () => s.webhooksList(),
    'deploy:webhooks-add': (input) => s.webhooksAdd(input),
    'deploy:webhooks-remove': (input) => s.webhooksRemove(input.id),
  }
}
