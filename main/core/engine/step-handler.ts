/** What a job kind plugs into the engine: a handler that runs one step, given its context, to a result. */
import type { EngineJob, EngineStep } from './job-rows'

/** What a step handler gets: its step, the job, cancellation, the clock and durable checkpoints. */
export interface StepContext {
  step: EngineStep
  job: EngineJob
  signal: AbortSignal
  now(): Date
  /** Records the phase (and merged data) BEFORE the side effect it names; throws if the lease was lost. */
  checkpoint(phase: string, data?: Record<string, unknown>, message?: string): Promise<void>
}

/** How a step run ended: final, wait (until a time, or until started again when null), or retry later. */
export type StepResult =
  | { state: 'succeeded' | 'skipped' | 'failed'; message: string }
  | { state: 'wait'; until: Date | null; message: string }
  | { state: 'retry'; message: string }

/** Runs the steps of one job kind. */
export interface StepHandler {
  run(ctx: StepContext): Promise<StepResult>
  /** Called once when a job of this kind has ended. */
  jobFinished?(job: EngineJob): Promise<void>
}
