// Software update deployments and the durable job engine (#4): channels spread into the one contract in ../contract.ts.
import { z } from 'zod'
import { channel } from '../channel'
import { byId, byNumber, deletedDto, noInput } from '../dto/common'
import {
  deploymentDto,
  deploymentInput,
  deploymentRunDto,
  deploymentRunInput,
  deploymentStatusDto,
  webhookDto,
  webhookInput,
} from '../dto/deployment'

/** Channels of this domain: name → { input, output } schemas. */
export const deploymentChannels = {
  'deploy:create': channel(deploymentInput, deploymentDto),
  'deploy:list': channel(noInput, z.array(deploymentDto)),
  'deploy:get': channel(byId, deploymentDto),
  /** Records the deployment's job (or resumes its unfinished one) and, with start, runs it in this process. */
  'deploy:run': channel(deploymentRunInput, deploymentRunDto),
  'deploy:status': channel(byId, deploymentStatusDto),
  'deploy:cancel': channel(byId, deploymentRunDto),
  'deploy:retry': channel(byId, deploymentRunDto),
  /** Resolves when the deployment's current job has ended (it must run in this process). */
  'deploy:wait': channel(byId, deploymentRunDto),
  'deploy:webhooks-list': channel(noInput, z.array(webhookDto)),
  'deploy:webhooks-add': channel(webhookInput, webhookDto),
  'deploy:webhooks-remove': channel(byNumber, deletedDto),
}
