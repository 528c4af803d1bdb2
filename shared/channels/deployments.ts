// Software update deployments and the durable job engine (#4): channels spread into the one contract in ../contract.ts.
import { z } from 'zod'
import { channel } from '../channel'
import { jobDto } from '../dto/job'
import { byId, byNumber, deletedDto, noInput } from '../dto/common'
import {
  deploymentDto,
  deploymentInput,
  deploymentRunDto,
  deploymentRunInput,
  deploymentStatusDto,
  deployLogLineDto,
  deployLogsQuery,
  deploymentRetryInput,
  rebootInput,
  updateRunDto,
  updateRunsQuery,
  webhookDto,
  webhookInput,
} from '../dto/deployment'
import { advertisementRunDto, advertisementRunInput, advertisementStatusDto } from '../dto/advertisement-run'
import {
  windowDto,
  windowInput,
  windowListInput,
  windowNextDto,
  windowNextInput,
  windowNextRowDto,
  windowUpdate,
} from '../dto/maintenance-window'

/** Channels of this domain: name → { input, output } schemas. */
export const deploymentChannels = {
  'deploy:create': channel(deploymentInput, deploymentDto),
  'deploy:list': channel(noInput, z.array(deploymentDto)),
  'deploy:get': channel(byId, deploymentDto),
  /** Records the deployment's job (or resumes its unfinished one) and, with start, runs it in this process. */
  'deploy:run': channel(deploymentRunInput, deploymentRunDto),
  'deploy:status': channel(byId, deploymentStatusDto),
  'deploy:cancel': channel(byId, deploymentRunDto),
  /** Retries the current run's failed (or cancelled) hosts — all, or only resourceIds. */
  'deploy:retry': channel(deploymentRetryInput, deploymentRunDto),
  /** Restarts clients (force: even those with no pending restart), waits for them and rescans: a job titled "Restart …". */
  'clients:reboot': channel(rebootInput, jobDto),
  /** Resolves when the deployment's current job has ended (it must run in this process). */
  'deploy:wait': channel(byId, deploymentRunDto),
  /** Update runs (seed 001): name, duration limit, computers, options and job state, newest first. */
  'deploy:runs': channel(updateRunsQuery, z.array(updateRunDto)),
  /** Per-computer run log lines, searchable by run name, deployment, computer and text (KB, package, title…). */
  'deploy:logs': channel(deployLogsQuery, z.array(deployLogLineDto)),
  'deploy:webhooks-list': channel(noInput, z.array(webhookDto)),
  'deploy:webhooks-add': channel(webhookInput, webhookDto),
  'deploy:webhooks-remove': channel(byNumber, deletedDto),
  /** Maintenance windows and blackout periods of collections (site:changed 'collections' on change). */
  'windows:list': channel(windowListInput, z.array(windowDto)),
  'windows:create': channel(windowInput, windowDto),
  'windows:update': channel(windowUpdate, windowDto),
  'windows:delete': channel(byNumber, deletedDto),
  /** The next window of one collection or one client (its collections' windows, blackouts cut out). */
  'windows:next': channel(windowNextInput, windowNextDto),
  /** The next window of every collection and every client. */
  'windows:next-all': channel(noInput, z.array(windowNextRowDto)),
  /** Runs an advertisement: one engine step per member client (waits for its available time / assignment). */
  'advertisements:run': channel(advertisementRunInput, advertisementRunDto),
  /** Resolves when the advertisement's current run has ended (it must run in this process). */
  'advertisements:wait': channel(byId, advertisementRunDto),
  /** Advertisement Status: received / running / succeeded / failed, per client, and status messages. */
  'advertisements:status': channel(byId, advertisementStatusDto),
}
