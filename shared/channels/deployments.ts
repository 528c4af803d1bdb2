import { z } from 'zod'
import { channel } from '../channel'
import { byId, byNumber, deletedDto, noInput } from '../dto/common'
import {
  deployLogLineDto,
  deployLogsQuery,
  deploymentDto,
  deploymentInput,
  deploymentRetryInput,
  deploymentRunDto,
  deploymentRunInput,
  deploymentStatusDto,
  updateRunDto,
  updateRunsQuery,
  webhookDto,
  webhookInput,
} from '../dto/deployment'
import { templateDto, templateInput, templateUpdate } from '../dto/deployment-template'

/** Deployments, their runs and logs, deployment templates and webhooks: channel name → request and response schemas. */
export const deploymentsChannels = {
  'templates:list': channel(noInput, z.array(templateDto)),
  'templates:get': channel(byNumber, templateDto),
  'templates:create': channel(templateInput, templateDto),
  'templates:update': channel(templateUpdate, templateDto),
  'templates:delete': channel(byNumber, deletedDto),
  'deploy:create': channel(deploymentInput, deploymentDto),
  'deploy:list': channel(noInput, z.array(deploymentDto)),
  'deploy:get': channel(byId, deploymentDto),
  /** Records the deployment's job (or resumes its unfinished one) and, with start, runs it in this process. */
  'deploy:run': channel(deploymentRunInput, deploymentRunDto),
  'deploy:status': channel(byId, deploymentStatusDto),
  'deploy:cancel': channel(byId, deploymentRunDto),
  /** Retries the current run's failed (or cancelled) hosts — all, or only resourceIds. */
  'deploy:retry': channel(deploymentRetryInput, deploymentRunDto),
  /** Resolves when the deployment's current job has ended (it must run in this process). */
  'deploy:wait': channel(byId, deploymentRunDto),
  /** Update runs: name, duration limit, computers, options and job state, newest first. */
  'deploy:runs': channel(updateRunsQuery, z.array(updateRunDto)),
  /** Per-computer run log lines, searchable by run name, deployment, computer and text (KB, package, title…). */
  'deploy:logs': channel(deployLogsQuery, z.array(deployLogLineDto)),
  'deploy:webhooks-list': channel(noInput, z.array(webhookDto)),
  'deploy:webhooks-add': channel(webhookInput, webhookDto),
  'deploy:webhooks-remove': channel(byNumber, deletedDto),
} as const

/** A channel of this domain. */
export type DeploymentsChannel = keyof typeof deploymentsChannels
