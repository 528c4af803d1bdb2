/** How to authenticate to a host: a private key (optionally passphrase-protected), a password, or ssh-agent. */
export type SshAuth =
  | { kind: 'key'; privateKey: string | Buffer; passphrase?: string }
  | { kind: 'password'; password: string }
  | { kind: 'agent'; socket?: string }

/** One host to reach over ssh; `name` (e.g. the resource name) is only used in messages and defaults to `host`. */
export interface SshTarget {
  host: string
  port: number
  user: string
  auth: SshAuth
  name?: string
}

/** What a command did on a host; a non-zero exit is a result, not an error (see `expectSuccess`). */
export interface ExecResult {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
  durationMs: number
}

/** The one reason a host failed. */
export type HostErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'auth-failed'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'command-failed'
  | 'disconnected'
  | 'cancelled'

/** A host key as stored and as presented: algorithm, base64 key blob, `SHA256:` fingerprint. */
export interface KnownHostKey {
  algorithm: string
  key: string
  fingerprint: string
}

/** Details a `HostError` may carry. */
export interface HostErrorDetails {
  user?: string
  name?: string
  exitCode?: number | null
  signal?: string | null
  stderr?: string
  /** Fingerprint of the key the host presented (host-key-unknown / host-key-changed). */
  fingerprint?: string
  /** Fingerprint of the key on record (host-key-changed). */
  expectedFingerprint?: string
  /** The presented key, so a console can trust exactly the key the admin saw. */
  presentedKey?: KnownHostKey
  cause?: unknown
}

/** `web-01 (127.0.0.5:22)`, or `127.0.0.5:22` when the target has no separate name. */
export function hostLabel(host: string, port: number, name?: string): string {
  return name && name !== host ? `${name} (${host}:${port})` : `${host}:${port}`
}

/** A per-host failure with a message a sysadmin understands, e.g. `web-01 (127.0.0.5:22): authentication failed …`. */
export class HostError extends Error {
  override readonly name = 'HostError'
  readonly kind: HostErrorKind
  readonly host: string
  readonly port: number
  readonly user?: string
  readonly hostName?: string
  readonly exitCode?: number | null
  readonly signal?: string | null
  readonly stderr?: string
  readonly fingerprint?: string
  readonly expectedFingerprint?: string
  readonly presentedKey?: KnownHostKey

  constructor(
    kind: HostErrorKind,
    host: string,
    port: number,
    detail: string,
    details: HostErrorDetails = {},
  ) {
    super(`${hostLabel(host, port, details.name)}: ${detail}`, details.cause ? { cause: details.cause } : {})
    this.kind = kind
    this.host = host
    this.port = port
    this.user = details.user
    this.hostName = details.name
    this.exitCode = details.exitCode
    this.signal = details.signal
    this.stderr = details.stderr
    this.fingerprint = details.fingerprint
    this.expectedFingerprint = details.expectedFingerprint
    this.presentedKey = details.presentedKey
  }
}

/** Whether a value is a `HostError` (optionally of one kind). */
export function isHostError(err: unknown, kind?: HostErrorKind): err is HostError {
  return err instanceof HostError && (kind === undefined || err.kind === kind)
}
