import type { z } from 'zod'

/** Defines one request/response channel. */
export function channel<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output }
}
