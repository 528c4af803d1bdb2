import { createHash } from 'node:crypto'
import type { Algorithms } from 'ssh2'
import { KeyCache } from './auth'
import { HostConnection, StaleConnection } from './connection'
import type { HostKeyStore } from './host-keys'
import { Semaphore, WaitAborted, abortable } from './semaphore'
import { HostError, type ExecResult, type SshAuth, type SshTarget } from './types'

/** Pool settings; every limit has a default fit for a console reaching up to thousands of hosts. */
export interface SshPoolOptions {
  /** Hosts worked on at once across the pool (default 50). */
  maxHosts?: number
  /** Commands at once on one connection; must stay below sshd's MaxSessions (10). Default 8. */
  channelsPerConnection?: number
  /** TCP connect + ssh handshake + authentication, per attempt (default 10 000 ms). */
  connectTimeoutMs?: number
  /** Per command unless the call says otherwise (default 60 000 ms). */
  commandTimeoutMs?: number
  /** ssh keepalive; three unanswered ones drop the connection (default 15 000 ms). */
  keepaliveIntervalMs?: number
  /** Extra connect attempts after transient failures (reset, dropped before handshake); default 2. */
  retries?: number
  /** First backoff step, doubled per attempt, ±50 % jitter (default 250 ms). */
  retryBaseDelayMs?: number
  /** Close a connection after this long without commands (default 60 000 ms). */
  idleCloseMs?: number
  /** After a timed-out or cancelled command, wait this long for its channel to close, then drop the connection. */
  closeGraceMs?: number
  /** Trusted host keys. */
  hostKeys: HostKeyStore
  /** Trust and store unknown host keys (explicit admin consent only, e.g. --trust-new-host-key). */
  trustNewHostKeys?: boolean
  /** ssh2 algorithm overrides; by default curve25519 kex and ed25519 host keys come first. */
  algorithms?: Algorithms
}

/** Per-command options. */
export interface ExecOptions {
  timeoutMs?: number
  signal?: AbortSignal
  stdin?: string | Buffer
  /** Output cap, stdout and stderr together (default MAX_EXEC_OUTPUT_BYTES, 64 MiB); past it the command is killed. */
  maxOutputBytes?: number
}

/** How one host of a `run` ended: a result (any exit code) or its one error. */
export type HostOutcome =
  { target: SshTarget; ok: true; result: ExecResult } | { target: SshTarget; ok: false; error: HostError }

/** Options for `run` over many hosts. */
export interface RunOptions extends ExecOptions {
  /** Hosts at once for this run (default: the pool's maxHosts, which still applies). */
  concurrency?: number
  /** Called after each host finishes, in completion order. */
  onProgress?: (done: number, total: number, perHost: HostOutcome) => void
}

/** Limits the pool's hosts-at-once: a host holds one slot while any of its commands runs or waits. */
class HostGate {
  users = 0
  private held = false
  private pending: Promise<void> | null = null

  constructor(
    private readonly slots: Semaphore,
    private readonly onIdle: () => void,
  ) {}

  get idle(): boolean {
    return this.users === 0 && !this.held && !this.pending
  }

  async enter(signal?: AbortSignal): Promise<void> {
    this.users++
    if (this.held) return
    this.pending ??= this.slots.acquire().then(() => {
      this.pending = null
      this.held = true
      if (this.users === 0) this.free()
    })
    try {
      await abortable(this.pending, signal)
    } catch (err) {
      this.leave()
      throw err
    }
  }

  leave(): void {
    this.users--
    if (this.users === 0 && this.held) this.free()
  }

  private free(): void {
    this.held = false
    this.slots.release()
    this.onIdle()
  }
}

/** Throws 'command-failed' (exit code or signal, first stderr line) unless the command exited 0; else returns it. */
export function expectSuccess(result: ExecResult, target: SshTarget): ExecResult {
  if (result.exitCode === 0) return result
  const firstLine = result.stderr.split('\n').find((l) => l.trim() !== '') ?? ''
  const how =
    result.exitCode === null
      ? `command was killed by signal ${result.signal ?? '(unknown)'}`
      : `command exited with code ${result.exitCode}`
  const { host, port, name, user } = target
  throw new HostError('command-failed', host, port, firstLine ? `${how}: ${firstLine.trim()}` : how, {
    name,
    user,
    exitCode: result.exitCode,
    signal: result.signal,
    stderr: result.stderr,
  })
}

function authId(auth: SshAuth): string {
  const h = createHash('sha256').update(auth.kind)
  if (auth.kind === 'key')
    h.update(auth.privateKey)
      .update('\0')
      .update(auth.passphrase ?? '')
  else if (auth.kind === 'password') h.update(auth.password)
  else h.update(auth.socket ?? '')
  return h.digest('hex').slice(0, 16)
}

/** Connections are per target (name, user, address, credentials): never shared across hosts. */
function connectionKey(t: SshTarget): string {
  return `${t.name ?? ''}|${t.user}@${t.host}:${t.port}|${authId(t.auth)}`
}

function checkRange(name: string, value: number, min: number, max = Infinity): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be an integer from ${min}${max === Infinity ? '' : ` to ${max}`}`)
  return value
}

/** An ssh2 connection pool: bounded hosts at once, one connection per host with a channel limit, clear per-host errors. */
export class SshPool {
  readonly maxHosts: number
  readonly channelsPerConnection: number
  readonly commandTimeoutMs: number
  private readonly idleCloseMs: number
  private readonly connections = new Map<string, HostConnection>()
  private readonly gates = new Map<string, HostGate>()
  private readonly slots: Semaphore
  private readonly settings: ConstructorParameters<typeof HostConnection>[1]
  private closed = false

  constructor(options: SshPoolOptions) {
    this.maxHosts = checkRange('maxHosts', options.maxHosts ?? 50, 1)
    this.channelsPerConnection = checkRange('channelsPerConnection', options.channelsPerConnection ?? 8, 1, 9)
    this.commandTimeoutMs = checkRange('commandTimeoutMs', options.commandTimeoutMs ?? 60_000, 1)
    this.idleCloseMs = checkRange('idleCloseMs', options.idleCloseMs ?? 60_000, 0)
    this.slots = new Semaphore(this.maxHosts)
    this.settings = {
      channelsPerConnection: this.channelsPerConnection,
      connectTimeoutMs: checkRange('connectTimeoutMs', options.connectTimeoutMs ?? 10_000, 1),
      keepaliveIntervalMs: checkRange('keepaliveIntervalMs', options.keepaliveIntervalMs ?? 15_000, 0),
      retries: checkRange('retries', options.retries ?? 2, 0, 10),
      retryBaseDelayMs: checkRange('retryBaseDelayMs', options.retryBaseDelayMs ?? 250, 0),
      closeGraceMs: checkRange('closeGraceMs', options.closeGraceMs ?? 2_000, 0),
      hostKeys: options.hostKeys,
      trustNewHostKeys: options.trustNewHostKeys ?? false,
      algorithms: options.algorithms,
      keys: new KeyCache(),
    }
  }

  /** Open (or opening) connections. */
  get connectionCount(): number {
    return this.connections.size
  }

  /** Runs a command on one host; resolves for any exit code, rejects with one `HostError`. */
  async exec(target: SshTarget, command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { signal } = options
    const key = connectionKey(target)
    let gate = this.gates.get(key)
    if (!gate) {
      const g = new HostGate(this.slots, () => {
        if (g.idle && this.gates.get(key) === g) this.gates.delete(key)
      })
      gate = g
      this.gates.set(key, g)
    }
    try {
      await gate.enter(signal)
    } catch (err) {
      throw this.hostError(err, target)
    }
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.closed) throw new WaitAborted('pool closed')
        const conn = this.connection(key, target)
        conn.enter()
        try {
          return await conn.exec(command, {
            timeoutMs: options.timeoutMs ?? this.commandTimeoutMs,
            signal,
            stdin: options.stdin,
            maxOutputBytes: options.maxOutputBytes,
          })
        } catch (err) {
          if (!(err instanceof StaleConnection) || attempt > 0) throw err
        } finally {
          conn.leave(this.idleCloseMs)
        }
      }
    } catch (err) {
      throw this.hostError(err, target)
    } finally {
      gate.leave()
      this.trimIdle()
    }
  }

  /** Runs a command on many hosts; never rejects: every host ends with its result or its one error. */
  async run(targets: SshTarget[], command: string, options: RunOptions = {}): Promise<HostOutcome[]> {
    const total = targets.length
    const outcomes = new Array<HostOutcome>(total)
    const limit = Math.max(1, Math.min(options.concurrency ?? this.maxHosts, total))
    const { concurrency: _c, onProgress, ...execOptions } = options
    let next = 0
    let done = 0
    const worker = async () => {
      while (next < total) {
        const i = next++
        const target = targets[i] as SshTarget
        let outcome: HostOutcome
        try {
          outcome = { target, ok: true, result: await this.exec(target, command, execOptions) }
        } catch (err) {
          outcome = { target, ok: false, error: this.hostError(err, target) }
        }
        outcomes[i] = outcome
        done++
        try {
          onProgress?.(done, total, outcome)
        } catch {
          // a failing progress callback must not lose hosts
        }
      }
    }
    await Promise.all(Array.from({ length: limit }, worker))
    return outcomes
  }

  /** Closes every connection; running commands end as 'disconnected', later calls as 'cancelled'. */
  async close(): Promise<void> {
    this.closed = true
    for (const conn of [...this.connections.values()]) conn.destroy()
    this.connections.clear()
  }

  private connection(key: string, target: SshTarget): HostConnection {
    let conn = this.connections.get(key)
    if (!conn || conn.dead) {
      const created = new HostConnection(target, this.settings, (gone) => {
        if (this.connections.get(key) === gone) this.connections.delete(key)
      })
      this.connections.set(key, created)
      conn = created
    }
    return conn
  }

  /** Keeps idle connections from piling up past maxHosts: closes the least recently used idle ones. */
  private trimIdle(): void {
    if (this.connections.size <= this.maxHosts) return
    const idle = [...this.connections.values()]
      .filter((c) => c.busy === 0)
      .sort((a, b) => a.lastUsed - b.lastUsed)
    for (const conn of idle) {
      if (this.connections.size <= this.maxHosts) break
      conn.end()
    }
  }

  private hostError(err: unknown, target: SshTarget): HostError {
    if (err instanceof HostError) return err
    const { host, port, name, user } = target
    if (err instanceof WaitAborted)
      return new HostError('cancelled', host, port, this.closed ? 'cancelled (pool closed)' : 'cancelled', {
        name,
        user,
      })
    const message = err instanceof Error ? err.message : String(err)
    return new HostError('disconnected', host, port, `ssh failure: ${message}`, { name, user, cause: err })
  }
}
