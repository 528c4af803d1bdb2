import { HostError, type SshAuth, type SshTarget } from './types'

/** An ssh2 / socket error as it reaches us: Node's `code`, ssh2's `level`. */
type WireError = Error & { code?: string; level?: string }

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'])
const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EADDRNOTAVAIL: 'address not available',
}

/** The ssh authentication method named in messages, as OpenSSH names it. */
export function authMethodName(auth: SshAuth): string {
  if (auth.kind === 'password') return 'password'
  return auth.kind === 'agent' ? 'publickey via ssh-agent' : 'publickey'
}

/**
 * Whether a failed connect attempt is worth retrying: a reset or dropped connection before the handshake
 * (sshd's MaxStartups, a busy host) or an OS-level connect timeout. Refused ports, auth and host-key
 * failures and our own handshake timeout are final.
 */
export function isTransientConnectError(err: unknown): boolean {
  if (err instanceof HostError || !(err instanceof Error)) return false
  const e = err as WireError
  if (e.level === 'client-authentication' || e.level === 'agent' || e.level === 'client-timeout') return false
  return TRANSIENT_CODES.has(e.code ?? '') || e.message === 'Connection lost before handshake'
}

/** Turns whatever ended a connect attempt into the one `HostError` reported for the host. */
export function connectError(err: unknown, target: SshTarget, connectTimeoutMs: number): HostError {
  if (err instanceof HostError) return err
  const e = (err instanceof Error ? err : new Error(String(err))) as WireError
  const at = (kind: HostError['kind'], detail: string) =>
    new HostError(kind, target.host, target.port, detail, { name: target.name, user: target.user, cause: e })
  if (e.level === 'client-authentication')
    return at('auth-failed', `authentication failed for user ${target.user} (${authMethodName(target.auth)})`)
  if (e.level === 'agent')
    return at('auth-failed', `authentication failed for user ${target.user} (ssh-agent: ${e.message})`)
  if (e.level === 'client-timeout')
    return at('timeout', `timed out after ${seconds(connectTimeoutMs)} waiting for the ssh handshake`)
  const code = e.code ?? ''
  if (UNREACHABLE_CODES[code]) return at('unreachable', `unreachable — ${UNREACHABLE_CODES[code]}`)
  if (code === 'ETIMEDOUT') return at('timeout', 'timed out connecting (no answer to the TCP connect)')
  if (code === 'ECONNRESET' || e.message === 'Connection lost before handshake')
    return at('unreachable', 'unreachable — the host closed the connection before the ssh handshake')
  return at('unreachable', `unreachable — ${e.message}`)
}

/** `500 ms`, `10 s`: durations as messages show them. */
export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`
}
