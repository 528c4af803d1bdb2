/** Exponential backoff with ±50 % jitter: base·2^attempt, capped; attempt counts from 0. */
export function backoffDelay(attempt: number, baseMs: number, maxMs = 5_000, random = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** attempt)
  return Math.round(raw * (0.5 + random()))
}
