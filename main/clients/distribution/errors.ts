import { isHostError } from '../ssh'

/** Why distributing to a point failed; `transient` failures (a dropped connection, a timeout) are retried. */
export class DistributionError extends Error {
  override readonly name = 'DistributionError'

  constructor(
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that name a lasting problem with a path. */
const SFTP_PERMANENT: Record<number, string> = {
  2: 'no such file or directory',
  3: 'permission denied',
  8: 'operation not supported',
}

/** Turns an SFTP or ssh failure on `path` into a DistributionError with a message an admin understands. */
export function toDistributionError(err: unknown, path: string): DistributionError {
  if (err instanceof DistributionError) return err
  if (isHostError(err)) {
    const transient = ['unreachable', 'timeout', 'disconnected'].includes(err.kind)
    return new DistributionError(err.message, transient, { cause: err })
  }
  const code = (err as { code?: unknown }).code
  if (typeof code === 'number' && SFTP_PERMANENT[code])
    return new DistributionError(`${SFTP_PERMANENT[code]}: ${path}`, false, { cause: err })
  const message = err instanceof Error ? err.message : String(err)
  if (typeof code === 'number' && code === 4 && /permission/i.test(message))
    return new DistributionError(`permission denied: ${path}`, false, { cause: err })
  return new DistributionError(`${message}${path ? ` (${path})` : ''}`, true, { cause: err })
}
