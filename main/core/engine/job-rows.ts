/**
 * The engine's rows: jobs and their steps in the site database (job, job_step with the 0010 columns).
 * Every step is written before it runs; its state, phase and data are updated as it goes, so another
 * process can take over what a dead one left.
 */
import type { JobHostDto } from '../../../shared/dto/job'
import { PatchbayError } from '../../../shared/errors'
import type { Db, SiteContext } from '../runtime/site-context'
import {
  batchOf,
  batchSizeFor,
  engineJobSettings,
  type EngineJobSettings,
  type EngineJobSettingsInput,
} from './policy'

/** States of an engine step. 'waiting' steps run again at not_before (never when it is null). */
export type StepState = 'queued' | 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled'

/** States of an engine job. */
export type EngineJobState = 'queued' | 'active' | 'succeeded' | 'failed' | 'cancelled'

/** Step states that end a step. */
export const finalStepStates: readonly StepState[] = ['succeeded', 'failed', 'skipped', 'cancelled']

/** Job states that end a job. */
export const finalJobStates: readonly EngineJobState[] = ['succeeded', 'failed', 'cancelled']

/** A step to create: which host, what it counts against, and its display name and address. */
export interface NewStep {
  resourceId: number | null
  step: string
  name: string
  address: string
  collectionId?: string
  distributionPointId?: number | null
  data?: Record<string, unknown>
}

/** One step as the engine and its handlers see it. */
export interface EngineStep {
  id: number
  jobId: number
  resourceId: number | null
  step: string
  state: StepState
  phase: string
  data: Record<string, unknown>
  attempts: number
  idemKey: string
  batch: number
  notBefore: string | null
  error: string
  name: string
  address: string
  message: string
  startedAt: string | null
  finishedAt: string | null
}

/** One engine job. */
export interface EngineJob {
  id: number
  kind: string
  objectId: string
  state: EngineJobState
  settings: EngineJobSettings
  error: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

type StepRow = {
  id: number | string
  job_id: number | string
  resource_id: number | null
  step: string
  state: string
  phase: string
  data: string
  attempts: number
  idem_key: string
  batch: number
  not_before: string | null
  error: string
  output: string
  started_at: string | null
  finished_at: string | null
}

/** A step from its row. */
export function toStep(r: StepRow): EngineStep {
  const out = JSON.parse(r.output || '{}') as Partial<JobHostDto>
  return {
    id: Number(r.id),
    jobId: Number(r.job_id),
    resourceId: r.resource_id === null ? null : Number(r.resource_id),
    step: r.step,
    state: r.state as StepState,
    phase: r.phase,
    data: JSON.parse(r.data || '{}') as Record<string, unknown>,
    attempts: Number(r.attempts),
    idemKey: r.idem_key,
    batch: Number(r.batch),
    notBefore: r.not_before,
    error: r.error,
    name: out.name ?? '',
    address: out.address ?? '',
    message: out.message ?? '',
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }
}

/** The JobHostDto-shaped output column (so `jobs:get` lists engine jobs too). */
export function stepOutput(
  s: Pick<EngineStep, 'resourceId' | 'name' | 'address' | 'state' | 'message'>,
): string {
  const state = s.state === 'waiting' ? 'queued' : s.state
  const host: JobHostDto = {
    resourceId: s.resourceId ?? 0,
    name: s.name,
    address: s.address,
    state,
    message: s.message,
    errorKind: null,
    fingerprint: null,
    exitCode: null,
    stdout: '',
    stderr: '',
    durationMs: null,
  }
  return JSON.stringify(host)
}

const stepColumns = [
  'id',
  'job_id',
  'resource_id',
  'step',
  'state',
  'phase',
  'data',
  'attempts',
  'idem_key',
  'batch',
  'not_before',
  'error',
  'output',
  'started_at',
  'finished_at',
] as const

/** Selects steps with every column the engine reads. */
export function selectSteps(db: Db) {
  return db.selectFrom('job_step').select(stepColumns)
}

/** A job from its row. */
export function toJob(r: {
  id: number | string
  kind: string
  object_id: string
  state: string
  settings: string
  error: string
  created_at: string
  started_at: string | null
  finished_at: string | null
}): EngineJob {
  return {
    id: Number(r.id),
    kind: r.kind,
    objectId: r.object_id,
    state: r.state as EngineJobState,
    settings: engineJobSettings.parse(JSON.parse(r.settings || '{}')),
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }
}

/** Reads one engine job; throws not-found. */
export async function readJob(db: Db, id: number): Promise<EngineJob> {
  const row = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new PatchbayError('not-found', `No job with ID ${id}`)
  return toJob(row)
}

/** Every step of a job, in creation order. */
export async function readSteps(db: Db, jobId: number): Promise<EngineStep[]> {
  return (await selectSteps(db).where('job_id', '=', jobId).orderBy('id').execute()).map(toStep)
}

/**
 * Writes a job and all its steps in one transaction (before anything runs). Each step gets the idempotency
 * key `<kind>:<jobId>:<step>:<resource>` and its rolling batch number.
 */
export async function insertJob(
  ctx: SiteContext,
  trx: Db,
  kind: string,
  objectId: string,
  settingsInput: EngineJobSettingsInput,
  steps: NewStep[],
): Promise<number> {
  if (steps.length === 0)
    throw new PatchbayError('invalid-input', 'The job has no steps: no clients to work on', 'targets')
  const settings = engineJobSettings.parse(settingsInput)
  const now = ctx.now()
  const row = await trx
    .insertInto('job')
    .values({
      kind,
      object_id: objectId,
      state: 'queued',
      attempts: 0,
      error: '',
      settings: JSON.stringify(settings),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const jobId = Number(row.id)
  const size = batchSizeFor(steps.length, settings)
  for (let i = 0; i < steps.length; i += 200)
    await trx
      .insertInto('job_step')
      .values(
        steps.slice(i, i + 200).map((s, k) => ({
          job_id: jobId,
          resource_id: s.resourceId,
          step: s.step,
          state: 'queued',
          attempts: 0,
          output: stepOutput({ ...s, state: 'queued', message: '' }),
          idem_key: `${kind}:${jobId}:${s.step}:${s.resourceId ?? i + k}`,
          batch: batchOf(i + k, size),
          scope_collection: s.collectionId ?? '',
          scope_dp: s.distributionPointId ?? null,
          data: JSON.stringify(s.data ?? {}),
        })),
      )
      .execute()
  return jobId
}
