/**
 * Software update deployments on the durable job engine: create, list, run (record the job
 * with one step per client of the collection, then run or resume it), status per client with its newest
 * enforcement state, cancel, retry, and the webhook targets compliance tickets go to.
 */
import type { z } from 'zod'
import type {
  deployLogsQuery,
  deploymentInput,
  deploymentRunInput,
  DeploymentStatusDto,
} from '../../../shared/dto/deployment'
import { PatchbayError } from '../../../shared/errors'
import { stateNameOf } from '../../../shared/state-names'
import { TopicType } from '../../../shared/state-ids'
import type { SshPoolOptions } from '../../clients/ssh'
import { membersOf } from '../collections/service'
import { parseWebhookUrl, redactUrl, type WebhookTarget } from './webhooks'
import { deploymentPoint } from './content'
import { deploymentStepHandler } from './host-step'
import { createDeploymentIo } from './client-io'
import { DEPLOYMENT_JOB, insertDeployment, listDeployments, readDeployment } from './rows'
import { hitTimeLimit, JobEngine, readJob, readSteps, type EngineLimits } from '../engine'
import { webhookContext, type SecretsPort } from '../runtime/secrets'
import type { SiteContext } from '../runtime/site-context'
import {
  createRunLog,
  insertUpdateRun,
  listUpdateRuns,
  queryRunLogs,
  readUpdateRun,
  setUpdateRunEndsAt,
} from './update-runs'

/** What the deployments service needs besides the site. */
export interface DeploymentsOptions {
  secrets: SecretsPort
  ssh?: Omit<SshPoolOptions, 'hostKeys' | 'trustNewHostKeys'>
  limits?: Partial<EngineLimits>
  /** Run the engine from the start (long-lived front doors); otherwise `deploy:run` starts it. */
  autoStart?: boolean
}

/** Deployments and their engine over one site. */
export function createDeploymentsService(ctx: SiteContext, options: DeploymentsOptions) {
  const engine = new JobEngine(ctx, { limits: options.limits })
  const io = createDeploymentIo(ctx, options.secrets, options.ssh)
  const runLog = createRunLog(ctx)
  const webhooks = async (): Promise<WebhookTarget[]> => {
    const rows = await ctx.db
      .selectFrom('webhook_target')
      .select(['url', 'secret'])
      .where('enabled', '=', 1)
      .execute()
    return rows.map((r) => ({
      url: r.url,
      secret: r.secret ? options.secrets.decrypt(r.secret, webhookContext(r.url)) : null,
    }))
  }
  engine.register(DEPLOYMENT_JOB, {
    ...deploymentStepHandler(ctx, { io, webhooks, runLog }),
    async jobFinished(job) {
      await ctx.audit(
        ctx.db,
        job.state === 'succeeded' ? 'info' : 'warning',
        'Deployment Manager',
        job.objectId,
        `Deployment ${job.objectId} run ${job.id} ended: ${job.state}${job.error ? ` (${job.error})` : ''}.`,
      )
      ctx.events.emit('site:changed', { entity: 'status', ids: [job.objectId] })
    },
  })
  if (options.autoStart) engine.start()

  const runDto = async (deploymentId: string, jobId: number) => {
    const job = await readJob(ctx.db, jobId)
    return {
      deploymentId,
      jobId,
      state: job.state,
      runName:
        (await readUpdateRun(ctx.db, jobId))?.name ?? (await readDeployment(ctx.db, deploymentId)).name,
      error: job.error,
      timeLimitReached: hitTimeLimit(job.error),
    }
  }

  const currentJob = async (deploymentId: string) => {
    const d = await readDeployment(ctx.db, deploymentId)
    if (d.jobId === null)
      throw new PatchbayError('conflict', `Deployment ${deploymentId} has not run yet`, 'id')
    return d.jobId
  }

  return {
    engine,
    /** Client I/O over the service's SSH pool (closed by stop). */
    io,
    create: async (input: z.output<typeof deploymentInput>) => {
      const id = await insertDeployment(ctx, input)
      ctx.events.emit('site:changed', { entity: 'status', ids: [id] })
      return readDeployment(ctx.db, id)
    },
    list: () => listDeployments(ctx.db),
    get: (id: string) => readDeployment(ctx.db, id),

    /**
     * Resumes the deployment's unfinished job, or records a new update run (one step per client of the
     * collection, or of the run's computer list) with its name, duration limit and options; start runs it here.
     */
    async run(input: z.output<typeof deploymentRunInput>) {
      const id = input.id
      const start = input.start
      const d = await readDeployment(ctx.db, id)
      let jobId = d.jobId
      if (jobId === null || ['succeeded', 'failed', 'cancelled'].includes(d.jobState ?? '')) {
        const options = input.options ?? {}
        const s = { ...d.settings, ...options }
        const runName = input.runName ?? (d.settings.runName || d.name)
        const durationMinutes =
          input.durationMinutes !== undefined ? input.durationMinutes : d.settings.durationMinutes
        const chosen = input.resourceIds ?? d.settings.resourceIds
        const members = await membersOf(ctx.db, d.collectionId)
        const targets = chosen.length ? members.filter((m) => chosen.includes(m.id)) : members
        if (chosen.length) {
          const outside = chosen.filter((r) => !members.some((m) => m.id === r))
          if (outside.length)
            throw new PatchbayError(
              'invalid-input',
              `Computer(s) ${outside.join(', ')} are not members of collection ${d.collectionName}`,
              'resourceIds',
            )
        }
        if (targets.length === 0)
          throw new PatchbayError(
            'invalid-input',
            `Collection ${d.collectionName} has no clients`,
            'collectionId',
          )
        // Steps count against the point the content comes from (the per-distribution-point limit).
        const dp = await deploymentPoint(ctx.db, d)
        const now = ctx.now()
        const begins = Math.max(Date.parse(now), Date.parse(d.availableAt))
        const endsAt = durationMinutes ? new Date(begins + durationMinutes * 60_000).toISOString() : null
        jobId = await ctx.db.transaction().execute(async (trx) => {
          const job = await engine.createJob(
            DEPLOYMENT_JOB,
            id,
            {
              maxConcurrent: s.maxConcurrent,
              batchSize: s.batchSize,
              batchPercent: s.batchPercent,
              failureThreshold: s.failureThreshold,
              failureThresholdPercent: s.failureThresholdPercent,
              maxAttempts: s.maxAttempts,
              endsAt,
            },
            targets.map((m) => ({
              resourceId: m.id,
              step: 'deploy',
              name: m.name,
              address: m.address,
              collectionId: d.collectionId,
              distributionPointId: dp,
              data: { manual: d.deadline === null },
            })),
            trx,
          )
          await insertUpdateRun(trx, {
            jobId: job,
            deploymentId: id,
            name: runName,
            durationMinutes,
            endsAt,
            resourceIds: chosen,
            options,
            startedAt: now,
          })
          return job
        })
        await ctx.audit(
          ctx.db,
          'info',
          'Deployment Manager',
          id,
          `Deployment ${id} run ${jobId} "${runName}" recorded for ${targets.length} clients` +
            `${endsAt ? `, duration limit ${durationMinutes} min (until ${endsAt})` : ''}.`,
        )
      }
      if (start) {
        engine.start()
        engine.kick()
      }
      return runDto(id, jobId)
    },

    async wait(id: string) {
      const jobId = await currentJob(id)
      await engine.waitJob(jobId)
      return runDto(id, jobId)
    },

    async cancel(id: string) {
      const jobId = await currentJob(id)
      await engine.cancel(jobId)
      return runDto(id, jobId)
    },

    /** Retries the current run's failed and cancelled hosts — all, or only `resourceIds` — and runs them here. */
    async retry(id: string, resourceIds?: number[]) {
      const jobId = await currentJob(id)
      // A time-limited run's retry gets a fresh window: the run's duration limit counted from now.
      const run = await readUpdateRun(ctx.db, jobId)
      const endsAt = run?.durationMinutes
        ? new Date(Date.parse(ctx.now()) + run.durationMinutes * 60_000).toISOString()
        : undefined
      await engine.retry(jobId, resourceIds, endsAt)
      if (endsAt) await setUpdateRunEndsAt(ctx.db, jobId, endsAt)
      await ctx.audit(
        ctx.db,
        'info',
        'Deployment Manager',
        id,
        `Deployment ${id} run ${jobId}: retry of ${resourceIds?.length ? `computer(s) ${resourceIds.join(', ')}` : 'every failed computer'}` +
          `${endsAt ? `, duration limit until ${endsAt}` : ''}.`,
      )
      engine.start()
      engine.kick()
      return runDto(id, jobId)
    },

    /** Per client: its step and its newest enforcement (402) state in this deployment, per update too. */
    async status(id: string): Promise<DeploymentStatusDto> {
      const deployment = await readDeployment(ctx.db, id)
      const steps = deployment.jobId === null ? [] : await readSteps(ctx.db, deployment.jobId)
      const job = deployment.jobId === null ? null : await readJob(ctx.db, deployment.jobId)
      const counts: Record<string, number> = {}
      for (const s of steps) counts[s.state] = (counts[s.state] ?? 0) + 1
      const messages = await ctx.db
        .selectFrom('state_message')
        .select(['resource_id', 'update_id', 'state_id', 'id'])
        .where('object_id', '=', id)
        .where('topic_type', '=', TopicType.UpdateEnforcementState)
        .orderBy('id')
        .execute()
      const apps = await ctx.db
        .selectFrom('client_update_state')
        .select(['resource_id', 'update_id', 'state_id'])
        .where('update_id', 'in', deployment.updateIds.length ? deployment.updateIds : [''])
        .execute()
      const members = steps.length
        ? steps.map((s) => ({ id: s.resourceId!, name: s.name, state: s.state, message: s.message }))
        : (await membersOf(ctx.db, deployment.collectionId)).map((m) => ({
            id: m.id,
            name: m.name,
            state: 'not started',
            message: '',
          }))
      const clients = members.map((m) => {
        const mine = messages.filter((x) => Number(x.resource_id) === m.id)
        const last = mine[mine.length - 1]
        const lem = last ? Number(last.state_id) : null
        return {
          resourceId: m.id,
          name: m.name,
          stepState: m.state,
          message: m.message,
          enforcementStateId: lem,
          enforcementStateName: lem === null ? '' : stateNameOf(TopicType.UpdateEnforcementState, lem),
          updates: deployment.updateIds.map((u) => {
            const ofU = mine.filter((x) => x.update_id === u)
            const e = ofU.length ? Number(ofU[ofU.length - 1]!.state_id) : null
            const a = apps.find((x) => Number(x.resource_id) === m.id && x.update_id === u)
            return {
              updateId: u,
              enforcementStateId: e,
              enforcementStateName: e === null ? '' : stateNameOf(TopicType.UpdateEnforcementState, e),
              applicabilityStateId: a ? Number(a.state_id) : null,
            }
          }),
        }
      })
      return {
        deployment,
        job: job
          ? {
              id: job.id,
              state: job.state,
              error: job.error,
              timeLimitReached: hitTimeLimit(job.error),
              counts,
            }
          : null,
        clients,
      }
    },

    /** Update runs of one deployment (or all), newest first. */
    runs: (deploymentId?: string) => listUpdateRuns(ctx.db, deploymentId),
    /** Searches the runs' per-computer log lines. */
    logs: (query: z.output<typeof deployLogsQuery>) => queryRunLogs(ctx.db, query),

    async webhooksList() {
      const rows = await ctx.db.selectFrom('webhook_target').selectAll().orderBy('id').execute()
      return rows.map((r) => ({
        id: Number(r.id),
        url: redactUrl(r.url),
        hasSecret: r.secret !== '',
        enabled: Number(r.enabled) === 1,
      }))
    },
    async webhooksAdd(input: { url: string; secret: string }) {
      const url = parseWebhookUrl(input.url).toString()
      const secret = input.secret ? options.secrets.encrypt(input.secret, webhookContext(url)) : ''
      const row = await ctx.db
        .insertInto('webhook_target')
        .values({ url, secret, enabled: 1, created_at: ctx.now() })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { id: Number(row.id), url: redactUrl(url), hasSecret: secret !== '', enabled: true }
    },
    async webhooksRemove(id: number) {
      const r = await ctx.db.deleteFrom('webhook_target').where('id', '=', id).executeTakeFirst()
      return { deleted: Number(r.numDeletedRows) }
    },
    async stop() {
      await engine.stop()
      await io.close()
    },
  }
}

/** The deployments service's type. */
export type DeploymentsService = ReturnType<typeof createDeploymentsService>
