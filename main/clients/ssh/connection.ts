import ssh2, { type Algorithms, type ClientChannel, type ServerHostKeyAlgorithm } from 'ssh2'

// ssh2 is CommonJS: Node's ESM loader sees only its default export, so named values come from it.
const { Client } = ssh2
type Client = InstanceType<typeof Client>
import { MAX_OUTPUT_CHARS, sizeText } from '../parsing/limits'
import { authMethod, type KeyCache } from './auth'
import { backoffDelay } from './backoff'
import { connectError, isTransientConnectError, seconds } from './connect-errors'
import { verifyHostKey, type HostKeyStore } from './host-keys'
import { Semaphore, abortable, delay } from './semaphore'
import { HostError, type ExecResult, type SshTarget } from './types'

/** How a command ended, as its exit-status or exit-signal request said. */
interface ExitStatus {
  seen: boolean
  code: number | null
  signal: string | null
}

/** An exec channel with its exit status recorded from the moment it opened. */
interface OpenedChannel {
  stream: ClientChannel
  exit: ExitStatus
}

/** Settings a connection takes from its pool. */
export interface ConnectionSettings {
  channelsPerConnection: number
  connectTimeoutMs: number
  keepaliveIntervalMs: number
  retries: number
  retryBaseDelayMs: number
  closeGraceMs: number
  hostKeys: HostKeyStore
  trustNewHostKeys: boolean
  algorithms?: Algorithms
  keys: KeyCache
}

/** Most bytes of output (stdout and stderr together) a command may print before it is stopped: 64 MiB. */
export const MAX_EXEC_OUTPUT_BYTES = MAX_OUTPUT_CHARS

/** Per-command options a connection needs. */
export interface ChannelOptions {
  timeoutMs: number
  signal?: AbortSignal
  stdin?: string | Buffer
  /** Output cap, stdout and stderr together (default MAX_EXEC_OUTPUT_BYTES); past it the command is killed. */
  maxOutputBytes?: number
}

/** Thrown when a reused connection died before the command started: safe to retry on a fresh one. */
export class StaleConnection extends Error {
  override readonly name = 'StaleConnection'
}

/** Channel-open refusals sshd gives past MaxSessions (OpenSSH: CONNECT_FAILED "open failed"). */
const SESSION_REFUSALS = new Set<unknown>([1, 2, 4])
const PREFERRED_KEX: NonNullable<Algorithms['kex']> = ['curve25519-sha256', 'curve25519-sha256@libssh.org']
const HOST_KEY_PREFERENCE: Record<string, ServerHostKeyAlgorithm[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256'],
}

/** Curve25519 kex first; the algorithm of the key on record first (as OpenSSH does), else ed25519. */
export function preferredAlgorithms(knownAlgorithm?: string): Algorithms {
  const hostKeys = [...(HOST_KEY_PREFERENCE[knownAlgorithm ?? ''] ?? []), 'ssh-ed25519' as const]
  const unique = [...new Set(hostKeys)]
  return {
    kex: { remove: PREFERRED_KEX as string[], prepend: PREFERRED_KEX as string[] } as Algorithms['kex'],
    serverHostKey: { remove: unique, prepend: unique } as Algorithms['serverHostKey'],
  }
}

/** One ssh2 connection to one target, shared by its commands up to `channelsPerConnection` at once. */
export class HostConnection {
  /** Commands using or waiting for this connection. */
  busy = 0
  /** When the last command finished. */
  lastUsed = Date.now()
  /** Set once the connection failed, closed or was destroyed; the pool then makes a new one. */
  dead = false
  private readonly channels: Semaphore
  private readonly life = new AbortController()
  private client: Client | null = null
  private connecting: Promise<Client> | null = null
  private idleTimer: NodeJS.Timeout | undefined

  constructor(
    readonly target: SshTarget,
    private readonly s: ConnectionSettings,
    private readonly onGone: (conn: HostConnection) => void,
  ) {
    this.channels = new Semaphore(s.channelsPerConnection)
  }

  /** Marks the connection in use (cancels a pending idle close). */
  enter(): void {
    this.busy++
    clearTimeout(this.idleTimer)
  }

  /** Marks one use finished; closes the connection after `idleMs` without use. */
  leave(idleMs: number): void {
    this.busy = Math.max(0, this.busy - 1)
    this.lastUsed = Date.now()
    if (this.busy === 0 && !this.dead) {
      this.idleTimer = setTimeout(() => this.end(), idleMs)
      this.idleTimer.unref()
    }
  }

  /** Runs one command on its own channel (waiting for a free one); resolves for any exit code. */
  async exec(command: string, opts: ChannelOptions): Promise<ExecResult> {
    const fresh = !this.client
    const client = await abortable(this.connect(), opts.signal)
    await this.channels.acquire(opts.signal)
    let opened: OpenedChannel
    try {
      opened = await this.openChannel(client, command, opts.signal)
    } catch (err) {
      this.channels.release()
      if (this.dead && !fresh) throw new StaleConnection('connection closed before the command started')
      if (this.dead) throw this.error('disconnected', 'connection lost before the command started', err)
      throw this.error('disconnected', `the host refused a command channel: ${(err as Error).message}`, err)
    }
    return this.collect(opened, command, opts)
  }

  /**
   * Opens an exec channel. sshd frees a finished session a moment after it closes the channel, so an open
   * right then can be refused ("open failed") at MaxSessions; the command has not started, so retry briefly.
   */
  private async openChannel(client: Client, command: string, signal?: AbortSignal): Promise<OpenedChannel> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await new Promise<OpenedChannel>((resolve, reject) => {
          client.exec(command, (err, stream) => {
            if (err) return reject(err)
            // Listen for the exit status here, synchronously: a fast host's output, exit-status and close can
            // arrive in the same read as the exec confirmation, and ssh2 emits 'exit' before any await resumes.
            const exit: ExitStatus = { seen: false, code: null, signal: null }
            stream.on('exit', (code: number | null, sig?: string) => {
              exit.seen = true
              exit.code = typeof code === 'number' ? code : null
              exit.signal = sig ?? null
            })
            resolve({ stream, exit })
          })
        })
      } catch (err) {
        const refused = SESSION_REFUSALS.has((err as { reason?: unknown }).reason)
        if (!refused || this.dead || attempt >= 6) throw err
        await delay(10 * 2 ** attempt, signal)
      }
    }
  }

  /** Closes the connection politely (idle close, pool close). */
  end(): void {
    if (this.dead) return
    this.markDead()
    this.client?.end()
  }

  /** Drops the connection at once; its running commands end as 'disconnected'. */
  destroy(): void {
    this.markDead()
    this.client?.destroy()
  }

  private markDead(): void {
    if (this.dead) return
    this.dead = true
    clearTimeout(this.idleTimer)
    this.life.abort()
    this.onGone(this)
  }

  private error(kind: HostError['kind'], detail: string, cause?: unknown): HostError {
    const { host, port, name, user } = this.target
    return new HostError(kind, host, port, detail, { name, user, cause })
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client)
    this.connecting ??= this.connectWithRetries().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  private async connectWithRetries(): Promise<Client> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.connectOnce()
      } catch (err) {
        if (this.life.signal.aborted) {
          throw this.error('cancelled', 'connection closed while connecting', err)
        }
        if (attempt >= this.s.retries || !isTransientConnectError(err)) {
          this.markDead()
          throw connectError(err, this.target, this.s.connectTimeoutMs)
        }
        await delay(backoffDelay(attempt, this.s.retryBaseDelayMs), this.life.signal).catch(() => {
          throw this.error('cancelled', 'connection closed while connecting', err)
        })
      }
    }
  }

  private async connectOnce(): Promise<Client> {
    const { host, port, user, name } = this.target
    const method = authMethod(this.target, this.s.keys)
    if (method instanceof HostError) throw method
    const known = await this.s.hostKeys.get(host, port)
    const client = new Client()
    let hostKeyError: HostError | null = null
    return new Promise<Client>((resolve, reject) => {
      let settled = false
      const fail = (err: unknown) => {
        if (settled) return
        settled = true
        this.life.signal.removeEventListener('abort', onAbort)
        client.destroy()
        reject(hostKeyError ?? err)
      }
      const onAbort = () => fail(new Error('connection closed'))
      this.life.signal.addEventListener('abort', onAbort, { once: true })
      client.on('error', fail)
      client.once('close', () => {
        if (!settled)
          fail(Object.assign(new Error('Connection lost before handshake'), { code: 'ECONNRESET' }))
        else if (this.client === client) this.onClose()
      })
      client.once('ready', () => {
        if (settled) return
        settled = true
        this.life.signal.removeEventListener('abort', onAbort)
        this.client = client
        resolve(client)
      })
      client.connect({
        host,
        port,
        username: user,
        authHandler: [method],
        readyTimeout: this.s.connectTimeoutMs,
        keepaliveInterval: this.s.keepaliveIntervalMs,
        keepaliveCountMax: 3,
        algorithms: this.s.algorithms ?? preferredAlgorithms(known?.algorithm),
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          const options = { trustNew: this.s.trustNewHostKeys, name }
          verifyHostKey(this.s.hostKeys, host, port, key, options).then(
            () => verify(true),
            (err: unknown) => {
              hostKeyError =
                err instanceof HostError
                  ? err
                  : this.error('host-key-unknown', `could not check the host key: ${(err as Error).message}`)
              verify(false)
            },
          )
        },
      })
      // Without TCP_NODELAY, Nagle holds each small handshake packet until the previous one is acknowledged,
      // and the peer's delayed ACK makes that ~40 ms a time: 85 ms instead of 48 ms per connection on loopback.
      client.setNoDelay(true)
    })
  }

  private onClose(): void {
    this.client = null
    this.markDead()
  }

  private collect(
    { stream, exit }: OpenedChannel,
    command: string,
    opts: ChannelOptions,
  ): Promise<ExecResult> {
    const started = Date.now()
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let finished = false
    let grace: NodeJS.Timeout | undefined
    return new Promise<ExecResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop(this.error('timeout', `command timed out after ${seconds(opts.timeoutMs)}: ${brief(command)}`))
      }, opts.timeoutMs)
      const onAbort = () => stop(this.error('cancelled', `cancelled while running: ${brief(command)}`))
      const settle = () => {
        finished = true
        clearTimeout(timer)
        opts.signal?.removeEventListener('abort', onAbort)
      }
      const stop = (err: HostError) => {
        if (finished) return
        settle()
        reject(err)
        try {
          killRemote(stream)
          stream.close()
        } catch {
          // the channel is already going away
        }
        grace = setTimeout(() => this.destroy(), this.s.closeGraceMs)
        grace.unref()
      }
      const maxBytes = opts.maxOutputBytes ?? MAX_EXEC_OUTPUT_BYTES
      let bytes = 0
      const keep = (into: Buffer[], d: Buffer) => {
        if (finished) return
        bytes += d.length
        if (bytes <= maxBytes) into.push(d)
        else
          stop(
            this.error(
              'command-failed',
              `output passed ${sizeText(maxBytes)}, so the command was stopped: ${brief(command)}`,
            ),
          )
      }
      stream.on('data', (d: Buffer) => keep(stdout, d))
      stream.stderr.on('data', (d: Buffer) => keep(stderr, d))
      stream.on('error', () => undefined)
      stream.once('close', () => {
        clearTimeout(grace)
        this.channels.release()
        if (finished) return
        settle()
        if (!exit.seen && this.dead) {
          reject(this.error('disconnected', `connection lost while running: ${brief(command)}`))
          return
        }
        const out = Buffer.concat(stdout).toString('utf8')
        const err = Buffer.concat(stderr).toString('utf8')
        resolve({
          exitCode: exit.code,
          signal: exit.signal,
          stdout: out,
          stderr: err,
          durationMs: Date.now() - started,
        })
      })
      if (opts.signal?.aborted) onAbort()
      else opts.signal?.addEventListener('abort', onAbort, { once: true })
      stream.end(opts.stdin)
    })
  }
}

/** The parts of an ssh2 channel `killRemote` needs (ssh2 keeps them private). */
interface ChannelInternals {
  outgoing?: { id: number; state: string }
  _client?: { _protocol?: { signal(id: number, name: string): void } }
}

/**
 * Asks sshd to SIGKILL the command's process group. ssh2's `signal()` refuses once stdin is closed (we close
 * it at start), though the channel is still open, so this sends the request itself in that state.
 */
function killRemote(stream: ClientChannel): void {
  const ch = stream as unknown as ChannelInternals
  const out = ch.outgoing
  if (out && (out.state === 'open' || out.state === 'eof') && ch._client?._protocol) {
    ch._client._protocol.signal(out.id, 'KILL')
  } else {
    stream.signal('KILL')
  }
}

/** A command shortened for messages. */
function brief(command: string): string {
  const line = command.split('\n')[0] ?? ''
  return line.length > 80 || command.includes('\n') ? `${line.slice(0, 77)}…` : line
}
