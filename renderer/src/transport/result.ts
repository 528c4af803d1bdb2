import type { Result } from '../../../shared/contract'
import { errorCodes, PatchbayError, type ErrorCode } from '../../../shared/errors'

/** Unwraps a wire Result, rebuilding a PatchbayError from its error. */
export function unwrapResult<T>(result: Result<T>): T {
  if (result && typeof result === 'object' && 'ok' in result) {
    if (result.ok) return result.value
    const { code, message, field } = result.error
    const known = (errorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal'
    throw new PatchbayError(known, message, field)
  }
  throw new PatchbayError('internal', 'The service answered something that is not a result.')
}

/** Any thrown value as a PatchbayError (network failures become "unavailable"). */
export function toPatchbayError(err: unknown): PatchbayError {
  if (err instanceof PatchbayError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new PatchbayError('unavailable', `Cannot reach the Patchbay service: ${message}`)
}
