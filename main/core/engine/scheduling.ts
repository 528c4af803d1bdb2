/**
 * What a scheduling pass reads and writes: open jobs, the steps running now (against the concurrency
 * limits), each job's step counts and lowest open batch, the steps it may claim, and the claim itself.
 */
import type { SiteContext, Db } from '../runtime/site-context'
import { finalStepStates, selectSteps, toJob, type EngineJob, type StepState } from './job-rows'
import type { EngineLimits } from './policy'

/** Milliseconds until the earliest waiting step of an open job is due (50 ms – 30 s; 30 s when none). */
export async function nextWakeMs(site: SiteContext): Promise<number> {
  const row = await site.db
    .selectFrom('job_step')
    .innerJoin('job', 'job.id', 'job_step.job_id')
    .select((eb) => eb.fn.min('job_step.not_before').as('t'))
    .where('job.state', 'in', ['queued', 'active'])
    .where('job_step.state', '=', 'waiting')
    .where('job_step.not_before', 'is not', null)
    .executeTakeFirst()
  const at = row?.t ? Date.parse(String(row.t)) : NaN
  const ms = Number.isNaN(at) ? 30_000 : at - site.ports.clock().getTime()
  return Math.max(50, Math.min(30_000, ms))
}

/** Queued and active jobs of these kinds, oldest first. */
export async function openJobs(db: Db, kinds: string[]): Promise<EngineJob[]> {
  return (
    await db
      .selectFrom('job')
      .selectAll()
      .where('kind', 'in', kinds)
      .where('state', 'in', ['queued', 'active'])
      .orderBy('id')
      .execute()
  ).map(toJob)
}

const add = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1)

/** Steps running now, counted globally, per collection, per distribution point and per job. */
export class RunningSteps {
  private readonly byCollection = new Map<string, number>()
  private readonly byDp = new Map<number, number>()
  private readonly byJob = new Map<number, number>()

  private constructor(private global: number) {}

  /** Counts the running steps of jobs of these kinds (whoever runs them). */
  static async load(db: Db, kinds: string[]): Promise<RunningSteps> {
    const running = await db
      .selectFrom('job_step')
      .innerJoin('job', 'job.id', 'job_step.job_id')
      .select(['job_step.job_id', 'job_step.scope_collection', 'job_step.scope_dp'])
      .where('job_step.state', '=', 'running')
      .where('job.kind', 'in', kinds)
      .execute()
    const counts = new RunningSteps(running.length)
    for (const r of running) {
      if (r.scope_collection) add(counts.byCollection, r.scope_collection)
      if (r.scope_dp !== null) add(counts.byDp, Number(r.scope_dp))
      add(counts.byJob, Number(r.job_id))
    }
    return counts
  }

  /** How many more steps of this job may start: its own maxConcurrent and the global limit (0 = none). */
  free(job: EngineJob, limits: EngineLimits): number {
    const jobFree = job.settings.maxConcurrent
      ? job.settings.maxConcurrent - (this.byJob.get(job.id) ?? 0)
      : Infinity
    return Math.min(jobFree, limits.global ? limits.global - this.global : Infinity)
  }

  /** Whether the step's collection or distribution point already runs as many steps as allowed. */
  full(limits: EngineLimits, collection: string, dp: number | null): boolean {
    if (
      collection &&
      limits.perCollection &&
      (this.byCollection.get(collection) ?? 0) >= limits.perCollection
    )
      return true
    return (
      dp !== null && !!limits.perDistributionPoint && (this.byDp.get(dp) ?? 0) >= limits.perDistributionPoint
    )
  }

  /** Counts a step just claimed. */
  add(jobId: number, collection: string, dp: number | null): void {
    this.global++
    if (collection) add(this.byCollection, collection)
    if (dp !== null) add(this.byDp, dp)
    add(this.byJob, jobId)
  }
}

/** A job's steps: how many, how many failed, and the lowest batch with an open step (null: all ended). */
export async function summarizeSteps(
  db: Db,
  jobId: number,
): Promise<{ total: number; failed: number; openBatch: number | null }> {
  const counts = await db
    .selectFrom('job_step')
    .select(['state', (eb) => eb.fn.min('batch').as('batch'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('job_id', '=', jobId)
    .groupBy('state')
    .execute()
  const n = (s: StepState) => Number(counts.find((c) => c.state === s)?.n ?? 0)
  const total = counts.reduce((a, c) => a + Number(c.n), 0)
  const open = counts.filter((c) => !finalStepStates.includes(c.state as StepState))
  if (open.length === 0) return { total, failed: n('failed'), openBatch: null }
  return { total, failed: n('failed'), openBatch: Math.min(...open.map((c) => Number(c.batch))) }
}

/** Marks a queued job active, owned by this process (no-op if another pass got there first). */
export async function activateJob(db: Db, jobId: number, owner: string, nowIso: string): Promise<void> {
  await db
    .updateTable('job')
    .set({ state: 'active', started_at: nowIso, owner, updated_at: nowIso })
    .where('id', '=', jobId)
    .where('state', '=', 'queued')
    .execute()
}

/** Steps of a job up to `batch` that may start now (queued, or waiting and due), oldest first. */
export async function claimableSteps(db: Db, jobId: number, batch: number, nowIso: string, free: number) {
  return selectSteps(db)
    .select(['scope_collection', 'scope_dp'])
    .where('job_id', '=', jobId)
    .where('batch', '<=', batch)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'queued'),
        eb.and([
          eb('state', '=', 'waiting'),
          eb('not_before', 'is not', null),
          eb('not_before', '<=', nowIso),
        ]),
      ]),
    )
    .orderBy('id')
    .limit(Math.min(1000, Number.isFinite(free) ? free * 4 + 20 : 1000))
    .execute()
}

/** Takes a step for this owner until `leaseUntil`; false when its state changed since it was read. */
export async function claimStep(
  db: Db,
  step: { id: number | string; state: string },
  owner: string,
  leaseUntil: string,
  nowIso: string,
): Promise<boolean> {
  const res = await db
    .updateTable('job_step')
    .set((eb) => ({
      state: 'running',
      lease_owner: owner,
      lease_until: leaseUntil,
      started_at: eb.fn.coalesce('started_at', eb.val(nowIso)),
    }))
    .where('id', '=', Number(step.id))
    .where('state', '=', step.state)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}
