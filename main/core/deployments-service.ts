/**
 * Software update deployments (seed 002) on the durable job engine: create, list, run (record the job
 * with one step per client of the collection, then run or resume it), status per client with its newest
 * enforcement state, cancel, retry, and the webhook targets compliance tickets go to.
 */
import type { z } from 'zod'
import type { deploymentInput, DeploymentStatusDto } from '../../shared/dto/deployment'
import { PatchbayError } from '../../shared/errors'
import { stateNameOf } from '../../shared/state-names'
import { TopicType } from '../../shared/state-ids'
import type { SshPoolOptions } from '../clients/ssh'
import { membersOf } from './collections-service'
import { parseWebhookUrl, redactUrl, type WebhookTarget } from './deploy/webhooks'
import { deploymentStepHandler } from './deployment-host'
import { createDeploymentIo } from './deployment-io'
import { DEPLOYMENT_JOB, insertDeployment, listDeployments, readDeployment } from './deployment-rows'
import { JobEngine, readJob, readSteps, type EngineLimits } from './engine'
import type { Handlers } from './handlers'
import type { SecretsPort } from './secrets'
import type { SiteContext } from './site-context'

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
  const webhooks = async (): Promise<WebhookTarget[]> => {
    const rows = await ctx.db
      .selectFrom('webhook_target')
      .select(['url', 'secret'])
      .where('enabled', '=', 1)
      .execute()
    return rows.map((r) => ({ url: r.url, secret: r.secret ? options.secrets.decrypt(r.secret) : null }))
  }
  engine.register(DEPLOYMENT_JOB, {
    ...deploymentStepHandler(ctx, { io, webhooks }),
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

  const runDto = async (deploymentId: string, jobId: number) => ({
    deploymentId,
    jobId,
    state: (await readJob(ctx.db, jobId)).state,
  })

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

    /** Resumes the deployment's unfinished job, or records a new one (one step per client); start runs it here. */
    async run(id: string, start: boolean) {
      const d = await readDeployment(ctx.db, id)
      let jobId = d.jobId
      if (jobId === null || ['succeeded', 'failed', 'cancelled'].includes(d.jobState ?? '')) {
        const members = await membersOf(ctx.db, d.collectionId)
        if (members.length === 0)
          throw new PatchbayError(
            'invalid-input',
            `Collection ${d.collectionName} has no clients`,
            'collectionId',
          )
        const s = d.settings
        jobId = await engine.createJob(
          DEPLOYMENT_JOB,
          id,
          {
            maxConcurrent: s.maxConcurrent,
            batchSize: s.batchSize,
            batchPercent: s.batchPercent,
            failureThreshold: s.failureThreshold,
            failureThresholdPercent: s.failureThresholdPercent,
            maxAttempts: s.maxAttempts,
          },
          members.map((m) => ({
            resourceId: m.id,
            step: 'deploy',
            name: m.name,
            address: m.address,
            collectionId: d.collectionId,
            data: { manual: d.deadline === null },
          })),
        )
        await ctx.audit(
          ctx.db,
          'info',
          'Deployment Manager',
          id,
          `Deployment ${id} run ${jobId} recorded for ${members.length} clients.`,
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

    async retry(id: string) {
      const jobId = await currentJob(id)
      await engine.retry(jobId)
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
        job: job ? { id: job.id, state: job.state, error: job.error, counts } : null,
        clients,
      }
    },

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
      const secret = input.secret ? options.secrets.encrypt(input.secret) : ''
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

/** The deploy:* channel handlers; the engine runs from the start in long-lived front doors. */
export function deploymentHandlers(
  s: ReturnType<typeof createDeploymentsService>,
): Pick<Handlers, `deploy:${string}` & keyof Handlers> {
  return {
    'deploy:create': (input) => s.create(input),
    'deploy:list': () => s.list(),
    'deploy:get': (input) => s.get(input.id),
    'deploy:run': (input) => s.run(input.id, input.start),
    'deploy:status': (input) => s.status(input.id),
    'deploy:cancel': (input) => s.cancel(input.id),
    'deploy:retry': (input) => s.retry(input.id),
    'deploy:wait': (input) => s.wait(input.id),
    'deploy:webhooks-list': () => s.webhooksList(),
    'deploy:webhooks-add': (input) => s.webhooksAdd(input),
    'deploy:webhooks-remove': (input) => s.webhooksRemove(input.id),
  }
}
