/**
 * Pure rules of the durable job engine: job settings (limits, rolling batches, failure threshold, retry
 * policy), retry backoff, batch numbers and when a job must stop.
 */
import { z } from 'zod'

/** Per-job engine settings, kept as JSON in job.settings. */
export const engineJobSettings = z.object({
  /** Steps of this job running at once (0 = only the engine's global limit). */
  maxConcurrent: z.number().int().min(0).default(0),
  /** Rolling batches: N hosts at a time, or N % of the hosts (at least one); null = one batch. */
  batchSize: z.number().int().min(1).nullable().default(null),
  batchPercent: z.number().min(1).max(100).nullable().default(null),
  /** Stop the job once more than this many steps failed (null = never) … */
  failureThreshold: z.number().int().min(0).nullable().default(null),
  /** … or more than this percentage of all steps (null = never). */
  failureThresholdPercent: z.number().min(0).max(100).nullable().default(null),
  /** Tries of a step that fails with a transient error, the first included. */
  maxAttempts: z.number().int().min(1).max(20).default(3),
  /** First retry delay; it doubles per try up to retryMaxMs. */
  retryBaseMs: z.number().int().min(0).default(30_000),
  retryMaxMs: z
    .number()
    .int()
    .min(0)
    .default(15 * 60_000),
  /** Duration limit: steps not started by this ISO time are not started (running and resumed ones go on). */
  endsAt: z.string().nullable().default(null),
})

/** Engine settings of a job, defaults filled in. */
export type EngineJobSettings = z.output<typeof engineJobSettings>

/** Engine settings as callers pass them. */
export type EngineJobSettingsInput = z.input<typeof engineJobSettings>

/** Site-wide concurrency limits of one engine (0 = no limit). */
export interface EngineLimits {
  global: number
  perCollection: number
  perDistributionPoint: number
}

/** Default limits: 20 steps at once, 10 per collection, 10 per distribution point. */
export const defaultLimits: EngineLimits = { global: 20, perCollection: 10, perDistributionPoint: 10 }

/** Delay before retry number `attempt` (1 = the first retry): base·2^(attempt−1), capped. */
export function retryDelayMs(
  attempt: number,
  settings: Pick<EngineJobSettings, 'retryBaseMs' | 'retryMaxMs'>,
) {
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempt - 1))
}

/** Hosts per rolling batch for a job of `total` steps (total when batches are off). */
export function batchSizeFor(
  total: number,
  s: Pick<EngineJobSettings, 'batchSize' | 'batchPercent'>,
): number {
  if (s.batchSize) return Math.max(1, Math.min(total, s.batchSize))
  if (s.batchPercent) return Math.max(1, Math.ceil((total * s.batchPercent) / 100))
  return Math.max(1, total)
}

/** The batch number of the step at `index` (0-based). */
export function batchOf(index: number, size: number): number {
  return Math.floor(index / size)
}

/** True when `failed` failures of `total` steps pass the job's threshold (more than allowed). */
export function failuresPassThreshold(
  failed: number,
  total: number,
  s: Pick<EngineJobSettings, 'failureThreshold' | 'failureThresholdPercent'>,
): boolean {
  if (s.failureThreshold !== null && failed > s.failureThreshold) return true
  if (s.failureThresholdPercent !== null && total > 0 && (failed * 100) / total > s.failureThresholdPercent)
    return true
  return false
}

/** The message of a step the duration limit left unstarted. */
export const RUN_TIME_LIMIT_MESSAGE = 'Not started — run time limit reached'

/** True when the job's duration limit has passed at `nowIso`. */
export function timeLimitPassed(s: Pick<EngineJobSettings, 'endsAt'>, nowIso: string): boolean {
  return s.endsAt !== null && Date.parse(nowIso) >= Date.parse(s.endsAt)
}

/** How a job that hit its duration limit with computers left unstarted ends (its error starts so). */
export const RUN_TIME_LIMIT_STOP = 'Stopped: run time limit reached'

/** True when a job's error says it hit its duration limit. */
export function hitTimeLimit(error: string): boolean {
  return error.startsWith(RUN_TIME_LIMIT_STOP)
}
