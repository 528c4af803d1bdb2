import ssh2, { type ClientChannel, type SFTPWrapper, type Stats } from 'ssh2'
import { KeyCache, authMethod } from '../ssh/auth'
import { toDistributionError } from './errors'
import { connectError } from '../ssh/connect-errors'
import { preferredAlgorithms } from '../ssh/connection'
import { verifyHostKey, type HostKeyStore } from '../ssh/host-keys'
import { HostError, type ExecResult, type SshTarget } from '../ssh/types'

// ssh2 is CommonJS: Node's ESM loader sees only its default export, so named values come from it.
const { Client } = ssh2
type Client = InstanceType<typeof Client>

const keys = new KeyCache()

/** How to open a session to a distribution point. */
export interface DpSessionOptions {
  hostKeys: HostKeyStore
  /** TCP connect + handshake + authentication (default 10 000 ms). */
  connectTimeoutMs?: number
  /** Per remote command (default 10 minutes: hashing large files takes a while). */
  commandTimeoutMs?: number
  signal?: AbortSignal
}

/** One ssh connection to a distribution point with its SFTP channel; host keys are verified, never trusted silently. */
export class DpSession {
  private readonly life = new AbortController()
  /** Aborted when the connection is gone (dropped, closed); pending SFTP calls do not notice by themselves. */
  readonly lost = this.life.signal

  private constructor(
    readonly target: SshTarget,
    private readonly client: Client,
    /** The SFTP channel (uploads, stat, rename). */
    readonly sftp: SFTPWrapper,
    /** The login's home folder, where `~/…` root paths start. */
    readonly home: string,
    private readonly commandTimeoutMs: number,
  ) {
    const { host, port, name } = target
    const gone = () =>
      this.life.abort(
        new HostError('disconnected', host, port, 'connection lost during the transfer', { name }),
      )
    client.once('close', gone)
    client.once('end', gone)
  }

  /** Resolves as `p` does, or rejects once the connection is lost ('disconnected'). */
  guard<T>(p: Promise<T>): Promise<T> {
    if (this.lost.aborted) return Promise.reject(this.lost.reason as Error)
    return new Promise<T>((resolve, reject) => {
      const onLost = () => reject(this.lost.reason as Error)
      this.lost.addEventListener('abort', onLost, { once: true })
      p.then(resolve, reject).finally(() => this.lost.removeEventListener('abort', onLost))
    })
  }

  /** Connects, checks the host key against the store and opens SFTP; rejects with one HostError. */
  static async open(target: SshTarget, options: DpSessionOptions): Promise<DpSession> {
    const timeout = options.connectTimeoutMs ?? 10_000
    const method = authMethod(target, keys)
    if (method instanceof HostError) throw method
    const known = await options.hostKeys.get(target.host, target.port)
    const client = new Client()
    let hostKeyError: HostError | null = null
    const ready = new Promise<void>((resolve, reject) => {
      let settled = false
      const fail = (err: unknown) => {
        if (settled) return
        settled = true
        options.signal?.removeEventListener('abort', onAbort)
        client.destroy()
        reject(connectError(hostKeyError ?? err, target, timeout))
      }
      const onAbort = () =>
        fail(new HostError('cancelled', target.host, target.port, 'cancelled', { name: target.name }))
      options.signal?.addEventListener('abort', onAbort, { once: true })
      client.once('error', fail)
      client.once('close', () =>
        fail(Object.assign(new Error('Connection lost before handshake'), { code: 'ECONNRESET' })),
      )
      client.once('ready', () => {
        if (settled) return
        settled = true
        options.signal?.removeEventListener('abort', onAbort)
        client.removeListener('error', fail)
        client.on('error', () => undefined)
        resolve()
      })
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        authHandler: [method],
        readyTimeout: timeout,
        keepaliveInterval: 15_000,
        keepaliveCountMax: 3,
        algorithms: preferredAlgorithms(known?.algorithm),
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          verifyHostKey(options.hostKeys, target.host, target.port, key, {
            trustNew: false,
            name: target.name,
          })
            .then(() => verify(true))
            .catch((err: unknown) => {
              hostKeyError = err instanceof HostError ? err : null
              verify(false)
            })
        },
      })
      // As for command connections (ssh/connection.ts): no Nagle delay on each small SFTP request.
      client.setNoDelay(true)
    })
    await ready
    try {
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((err, s) => (err ? reject(err) : resolve(s))),
      )
      const home = await new Promise<string>((resolve, reject) =>
        sftp.realpath('.', (err, p) => (err ? reject(err) : resolve(p))),
      )
      return new DpSession(target, client, sftp, home, options.commandTimeoutMs ?? 600_000)
    } catch (err) {
      client.destroy()
      const message = err instanceof Error ? err.message : String(err)
      throw new HostError('disconnected', target.host, target.port, `SFTP is not available: ${message}`, {
        name: target.name,
        cause: err,
      })
    }
  }

  /** Runs a command on the point (any exit code resolves); a cancel or timeout closes its channel. */
  exec(command: string, signal?: AbortSignal): Promise<ExecResult> {
    const { host, port, name } = this.target
    const started = Date.now()
    return this.guard(
      new Promise<ExecResult>((resolve, reject) => {
        this.client.exec(command, (err, stream: ClientChannel) => {
          if (err)
            return reject(
              new HostError('disconnected', host, port, `command refused: ${err.message}`, { name }),
            )
          const out: Buffer[] = []
          const errOut: Buffer[] = []
          let code: number | null = null
          let sig: string | null = null
          let settled = false
          const stop = (e: HostError) => {
            if (settled) return
            settled = true
            clearTimeout(timer)
            stream.close()
            reject(e)
          }
          const timer = setTimeout(
            () =>
              stop(
                new HostError('timeout', host, port, `command timed out: ${command.slice(0, 60)}`, { name }),
              ),
            this.commandTimeoutMs,
          )
          const onAbort = () => stop(new HostError('cancelled', host, port, 'cancelled', { name }))
          signal?.addEventListener('abort', onAbort, { once: true })
          stream.on('exit', (c: number | null, s?: string) => {
            code = typeof c === 'number' ? c : null
            sig = s ?? null
          })
          stream.on('data', (d: Buffer) => out.push(d))
          stream.stderr.on('data', (d: Buffer) => errOut.push(d))
          stream.once('close', () => {
            signal?.removeEventListener('abort', onAbort)
            if (settled) return
            settled = true
            clearTimeout(timer)
            resolve({
              exitCode: code,
              signal: sig,
              stdout: Buffer.concat(out).toString('utf8'),
              stderr: Buffer.concat(errOut).toString('utf8'),
              durationMs: Date.now() - started,
            })
          })
          stream.end()
        })
      }),
    )
  }

  /** The remote file's attributes, or null when it does not exist. */
  stat(path: string): Promise<Stats | null> {
    return this.guard(
      new Promise((resolve, reject) =>
        this.sftp.stat(path, (err, st) => {
          if (!err) return resolve(st)
          if ((err as { code?: unknown }).code === 2) return resolve(null)
          reject(err)
        }),
      ),
    )
  }

  /** Creates a folder and its parents (as `mkdir -p`). */
  async mkdirp(path: string): Promise<void> {
    const parts = path.split('/').filter(Boolean)
    let current = path.startsWith('/') ? '' : '.'
    for (const part of parts) {
      current = `${current}/${part}`
      const st = await this.stat(current)
      if (st?.isDirectory()) continue
      const at = current
      await this.guard(
        new Promise<void>((resolve, reject) =>
          this.sftp.mkdir(at, { mode: 0o755 }, (err) =>
            err ? reject(toDistributionError(err, at)) : resolve(),
          ),
        ),
      )
    }
  }

  /** Replaces `to` with `from` atomically (OpenSSH posix-rename). */
  rename(from: string, to: string): Promise<void> {
    return this.guard(
      new Promise((resolve, reject) =>
        this.sftp.ext_openssh_rename(from, to, (err) => (err ? reject(err) : resolve())),
      ),
    )
  }

  /** Deletes a file; a missing one is fine. */
  unlink(path: string): Promise<void> {
    return this.guard(
      new Promise((resolve, reject) =>
        this.sftp.unlink(path, (err) =>
          err && (err as { code?: unknown }).code !== 2 ? reject(err) : resolve(),
        ),
      ),
    )
  }

  /** Drops the connection (also how a cancelled upload stops at once). */
  close(): void {
    this.client.destroy()
  }
}
