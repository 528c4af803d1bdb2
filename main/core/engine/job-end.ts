/**
 * How a job ends: finished once no step is open (failed if any step failed or the job was stopped),
 * stopped when failures pass its threshold, or cancelled; steps not started end as cancelled.
 */
import type { SiteContext } from '../runtime/site-context'
import { readSteps, selectSteps, stepOutput, toStep, type EngineJob } from './job-rows'
import { RUN_TIME_LIMIT_MESSAGE, RUN_TIME_LIMIT_STOP } from './policy'

/**
 * Records the end of a job whose steps have all ended, with an error naming failures and steps the run
 * time limit left unstarted. Returns the ended job, or null when another pass ended it first.
 */
export async function endJob(site: SiteContext, job: EngineJob): Promise<EngineJob | null> {
  const steps = await readSteps(site.db, job.id)
  const failed = steps.filter((s) => s.state === 'failed').length
  const unstarted = steps.filter(
    (s) => s.state === 'cancelled' && s.message === RUN_TIME_LIMIT_MESSAGE,
  ).length
  const state = job.error || failed ? 'failed' : 'succeeded'
  const now = site.ports.clock().toISOString()
  const failures = failed ? `${failed} of ${steps.length} failed` : ''
  const error =
    job.error ||
    (unstarted
      ? `${RUN_TIME_LIMIT_STOP} — ${unstarted} of ${steps.length} not started${failures ? `; ${failures}` : ''}`
      : failures)
  const res = await site.db
    .updateTable('job')
    .set({ state, finished_at: now, updated_at: now, error })
    .where('id', '=', job.id)
    .where('state', 'in', ['queued', 'active'])
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) return null
  return { ...job, state, error, finishedAt: now }
}

/** Stops a job whose failures passed its threshold: steps not started are cancelled, running ones finish. */
export async function stopJob(site: SiteContext, jobId: number, failed: number): Promise<void> {
  const why = `Stopped: ${failed} failures passed the threshold`
  await cancelOpenSteps(site, jobId, `Not started: ${why.toLowerCase()}`)
  await site.db
    .updateTable('job')
    .set({ error: why, updated_at: site.ports.clock().toISOString() })
    .where('id', '=', jobId)
    .execute()
}

/** Marks a job cancelled and cancels its queued and waiting steps (running ones are aborted by their owner). */
export async function cancelJob(site: SiteContext, jobId: number): Promise<void> {
  const now = site.ports.clock().toISOString()
  await site.db
    .updateTable('job')
    .set({ state: 'cancelled', finished_at: now, updated_at: now, error: 'Cancelled' })
    .where('id', '=', jobId)
    .execute()
  await cancelOpenSteps(site, jobId, 'Cancelled')
}

/** Cancels a job's queued and waiting steps (only never-started ones when asked); returns how many. */
export async function cancelOpenSteps(
  site: SiteContext,
  jobId: number,
  message: string,
  neverStarted = false,
): Promise<number> {
  let q = selectSteps(site.db).where('job_id', '=', jobId).where('state', 'in', ['queued', 'waiting'])
  if (neverStarted) q = q.where('started_at', 'is', null)
  const open = await q.execute()
  const now = site.ports.clock().toISOString()
  for (const r of open) {
    const s = toStep(r)
    await site.db
      .updateTable('job_step')
      .set({
        state: 'cancelled',
        finished_at: now,
        output: stepOutput({ ...s, state: 'cancelled', message }),
      })
      .where('id', '=', s.id)
      .where('state', '=', s.state)
      .execute()
  }
  return open.length
}
