/**
 * One step run by this process: the context its handler gets (checkpoints renew the lease and fail once
 * another process took the step over), what an error or abort means, and how the outcome is recorded.
 */
import { PatchbayError } from '../../../shared/errors'
import type { SiteContext } from '../runtime/site-context'
import { finalStepStates, stepOutput, type EngineJob, type EngineStep, type StepState } from './job-rows'
import { retryDelayMs } from './policy'
import type { StepContext, StepResult } from './step-handler'

/** Abort reason when the engine stops or loses a lease: the step goes back to queued for a later run. */
export const STOP = 'engine stopping'
/** Abort reason when the job was cancelled: the step ends as cancelled. */
export const CANCEL = 'cancelled'

/** How a step run ended, including an abort: cancelled (job cancelled) or released (engine stopped). */
export type StepOutcome = StepResult | { state: 'cancelled' | 'released'; message: string }

/** The handler's context for a step this owner holds: checkpoints write phase and data and renew the lease. */
export function stepContext(
  site: SiteContext,
  owner: string,
  leaseMs: number,
  step: EngineStep,
  job: EngineJob,
  abort: AbortController,
): StepContext {
  return {
    step,
    job,
    signal: abort.signal,
    now: () => site.ports.clock(),
    checkpoint: async (phase, data, message) => {
      if (abort.signal.aborted) throw new PatchbayError('unavailable', String(abort.signal.reason))
      step.phase = phase
      if (data) step.data = { ...step.data, ...data }
      if (message !== undefined) step.message = message
      const res = await site.db
        .updateTable('job_step')
        .set({
          phase,
          data: JSON.stringify(step.data),
          output: stepOutput({ ...step, state: 'running' }),
          lease_until: new Date(site.ports.clock().getTime() + leaseMs).toISOString(),
        })
        .where('id', '=', step.id)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'running')
        .executeTakeFirst()
      if (Number(res.numUpdatedRows) !== 1) {
        abort.abort(STOP)
        throw new PatchbayError('unavailable', 'Another process took over this step')
      }
    },
  }
}

/** What a handler's error means: aborts cancel or release the step, invalid input fails it, the rest retry. */
export function outcomeOfError(err: unknown, signal: AbortSignal, step: EngineStep): StepOutcome {
  const message = err instanceof Error ? err.message : String(err)
  if (signal.aborted)
    return signal.reason === CANCEL
      ? { state: 'cancelled', message: 'Cancelled' }
      : { state: 'released', message: step.message }
  if (err instanceof PatchbayError && err.code === 'invalid-input') return { state: 'failed', message }
  return { state: 'retry', message }
}

/**
 * Records a step's outcome and gives up its lease: waits keep their time, retries back off until
 * maxAttempts (then fail), released steps go back to queued, and final states get finished_at.
 */
export async function recordStepOutcome(
  site: SiteContext,
  owner: string,
  step: EngineStep,
  job: EngineJob,
  result: StepOutcome,
): Promise<void> {
  const now = site.ports.clock()
  let state: StepState
  let notBefore: string | null = null
  let attempts = step.attempts
  let message = result.message
  if (result.state === 'wait') {
    state = 'waiting'
    notBefore = result.until ? result.until.toISOString() : null
  } else if (result.state === 'retry') {
    attempts++
    if (attempts >= job.settings.maxAttempts) {
      state = 'failed'
      message = `${result.message} (gave up after ${attempts} tries)`
    } else {
      state = 'waiting'
      notBefore = new Date(now.getTime() + retryDelayMs(attempts, job.settings)).toISOString()
      message = `${result.message} — retry ${attempts} of ${job.settings.maxAttempts - 1} at ${notBefore}`
    }
  } else if (result.state === 'released') state = 'queued'
  else state = result.state
  const final = finalStepStates.includes(state)
  await site.db
    .updateTable('job_step')
    .set({
      state,
      attempts,
      not_before: notBefore,
      lease_owner: '',
      lease_until: null,
      error: state === 'failed' ? message : '',
      output: stepOutput({ ...step, state, message }),
      finished_at: final ? now.toISOString() : null,
    })
    .where('id', '=', step.id)
    .where('lease_owner', '=', owner)
    .execute()
}
