import { createServer, type Server as NetServer, type Socket } from 'node:net'
import ssh2, { type AuthContext, type Connection, type ServerChannel } from 'ssh2'

// ssh2 is CommonJS: Node's ESM loader sees only its default export, so named values come from it.
const { Server: SshServer, utils } = ssh2
type SshServer = InstanceType<typeof SshServer>
import { sha256Fingerprint } from '../ssh/host-keys'
import type { LabHost } from './lab-host'
import { runLabCommand } from './lab-shell'

/** The faults a lab host can simulate. */
export type LabFault = 'unreachable' | 'slow' | 'authFailure' | 'dropMidCommand' | 'changedHostKey'

/** Every lab fault, in the order the fleet assigns them. */
export const LAB_FAULTS: readonly LabFault[] = [
  'unreachable',
  'slow',
  'authFailure',
  'dropMidCommand',
  'changedHostKey',
]

/** Sessions (channels) one connection may have open at once, as OpenSSH's default MaxSessions. */
export const LAB_MAX_SESSIONS = 10

/** An ed25519 host key: OpenSSH private key, public key line and fingerprint. */
export interface LabKey {
  privateKey: string
  publicKey: string
  fingerprint: string
}

/**
 * A new ed25519 key pair from ssh2, with its OpenSSH SHA256 fingerprint. ssh2 1.17 strips a public key's leading
 * zero byte, so about 1 key in 256 is malformed and unparseable (mscdex/ssh2#1390, #1513): such pairs are redrawn.
 */
export function newLabKey(): LabKey {
  for (let attempt = 0; attempt < 100; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519')
    const parsed = utils.parseKey(pair.public)
    if (parsed instanceof Error || utils.parseKey(pair.private) instanceof Error) continue
    return {
      privateKey: pair.private,
      publicKey: pair.public,
      fingerprint: sha256Fingerprint(parsed.getPublicSSH()),
    }
  }
  throw new Error('ssh2 produced no parseable ed25519 key in 100 attempts')
}

/** What one lab SSH endpoint needs from its fleet. */
export interface LabSshHostConfig {
  host: LabHost
  bind: string
  port: number
  user: string
  password: string
  /** The fleet's client public key (`ssh-ed25519 AAAA…`). */
  clientPublicKey: string
  fault: LabFault | null
  slowDelayMs: number
  rebootDowntimeMs: number
  now: () => Date
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
  })

/** One simulated host on the network: a loopback listening socket, an ssh2 server per host key, faults, reboots. */
export class LabSshHost {
  readonly host: LabHost
  port: number
  fault: LabFault | null
  /** The key advertised in the inventory at start. */
  readonly advertisedKey: LabKey
  private currentKey: LabKey
  private changedKey: LabKey | null = null
  private readonly servers = new Map<string, SshServer>()
  private readonly sockets = new Map<number, Socket>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private listener: NetServer | null = null
  private down = false
  private stopped = false
  private chain: Promise<void> = Promise.resolve()
  private readonly clientKey: ReturnType<typeof utils.parseKey>

  constructor(private readonly cfg: LabSshHostConfig) {
    this.host = cfg.host
    this.port = cfg.port
    this.fault = cfg.fault
    this.advertisedKey = newLabKey()
    this.currentKey = this.advertisedKey
    this.clientKey = utils.parseKey(cfg.clientPublicKey)
  }

  /** The key the host presents now (differs from the advertised one after a rotation or with changedHostKey). */
  get presentedKey(): LabKey {
    if (this.fault !== 'changedHostKey') return this.currentKey
    this.changedKey ??= newLabKey()
    return this.changedKey
  }

  /** Replaces the host's key with a new one (a reinstalled host); returns the new fingerprint. */
  rotateHostKey(): string {
    this.currentKey = newLabKey()
    this.changedKey = null
    return this.presentedKey.fingerprint
  }

  /** Allocates the port (port 0 → a free one), listening unless the host is unreachable. */
  async start(): Promise<void> {
    if (this.port === 0) {
      const probe = await this.listen(0)
      this.port = (probe.address() as { port: number }).port
      if (this.fault === 'unreachable') await new Promise<void>((r) => probe.close(() => r()))
      else this.listener = probe
    }
    await this.apply()
  }

  /** Changes the fault; the listening socket opens or closes to match. */
  setFault(fault: LabFault | null): Promise<void> {
    this.fault = fault
    return this.apply()
  }

  /** Closes the listening socket and every connection; timers stop. */
  stop(): Promise<void> {
    this.stopped = true
    this.timers.forEach((t) => clearTimeout(t))
    this.timers.clear()
    return this.apply()
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    this.timers.add(t)
  }

  private apply(): Promise<void> {
    this.chain = this.chain.catch(() => undefined).then(() => this.reconcile())
    return this.chain
  }

  private async reconcile(): Promise<void> {
    const want = !this.stopped && !this.down && this.fault !== 'unreachable'
    if (want && !this.listener) this.listener = await this.listen(this.port)
    if (!want) {
      this.sockets.forEach((s) => s.destroy())
      const l = this.listener
      this.listener = null
      if (l) await new Promise<void>((r) => l.close(() => r()))
    }
  }

  private listen(port: number): Promise<NetServer> {
    const server = createServer((socket) => this.accept(socket))
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen({ port, host: this.cfg.bind, exclusive: true }, () => {
        server.off('error', reject)
        server.on('error', () => undefined)
        resolve(server)
      })
    })
  }

  private accept(socket: Socket): void {
    const port = socket.remotePort ?? 0
    this.sockets.set(port, socket)
    socket.on('error', () => undefined)
    socket.once('close', () => this.sockets.get(port) === socket && this.sockets.delete(port))
    this.sshServer().injectSocket(socket)
  }

  private sshServer(): SshServer {
    const key = this.presentedKey
    let server = this.servers.get(key.fingerprint)
    if (!server) {
      const ident =
        this.host.platform === 'windows' ? 'OpenSSH_for_Windows_8.1' : 'OpenSSH_9.2p1 Debian-2+deb12u2'
      server = new SshServer({ hostKeys: [key.privateKey], ident }, (conn, info) =>
        this.onConnection(conn, info.port),
      )
      server.on('error', () => undefined)
      this.servers.set(key.fingerprint, server)
    }
    return server
  }

  private onConnection(conn: Connection, remotePort: number): void {
    const socket = this.sockets.get(remotePort)
    conn.on('error', () => undefined)
    conn.on('authentication', (ctx) => this.authenticate(ctx))
    let open = 0
    conn.on('ready', () =>
      conn.on('session', (accept, reject) => {
        if (open >= LAB_MAX_SESSIONS) return reject()
        open++
        const session = accept()
        const env: Record<string, string> = {}
        const ac = new AbortController()
        session.once('close', () => {
          open--
          ac.abort('HUP')
        })
        session.on('env', (ok, _no, info) => {
          env[info.key] = info.val
          ok?.()
        })
        session.on('pty', (ok) => ok?.())
        session.on('signal', (ok, _no, info) => {
          ok?.()
          ac.abort(info.name)
        })
        session.on('shell', (_ok, no) => no?.())
        session.on('exec', (ok, _no, info) => void this.exec(ok(), info.command, env, ac, socket))
      }),
    )
  }

  private authenticate(ctx: AuthContext): void {
    const methods: ('publickey' | 'password')[] = ['publickey', 'password']
    if (this.fault === 'authFailure' || ctx.username !== this.cfg.user) return ctx.reject(methods)
    if (ctx.method === 'password' && ctx.password === this.cfg.password) return ctx.accept()
    const client = this.clientKey
    if (ctx.method === 'publickey' && !(client instanceof Error)) {
      const same = ctx.key.algo === client.type && ctx.key.data.equals(client.getPublicSSH())
      if (same && !ctx.signature) return ctx.accept()
      if (same && ctx.blob && client.verify(ctx.blob, ctx.signature!, ctx.hashAlgo) === true)
        return ctx.accept()
    }
    ctx.reject(methods)
  }

  private async exec(
    ch: ServerChannel,
    command: string,
    env: Record<string, string>,
    ac: AbortController,
    socket: Socket | undefined,
  ): Promise<void> {
    ch.on('error', () => undefined)
    this.host.received.push(command)
    if (this.host.received.length > 500) this.host.received.shift()
    let stdin: Promise<string> | null = null
    const readStdin = () =>
      (stdin ??= new Promise<string>((resolve) => {
        const chunks: Buffer[] = []
        ch.on('data', (d: Buffer) => chunks.push(d))
        ch.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        ch.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
      }))
    const res = await runLabCommand(this.host, command, {
      env: { ...env },
      readStdin,
      signal: ac.signal,
      now: this.cfg.now,
    })
    // A slow host does the work at once but answers late, so a client that gives up still leaves the change behind.
    if (this.fault === 'slow') await wait(this.cfg.slowDelayMs, ac.signal)
    if (ac.signal.aborted && ac.signal.reason === 'HUP') return
    if (this.fault === 'dropMidCommand') {
      const out = Buffer.from(res.stdout)
      if (out.length > 0) ch.write(out.subarray(0, Math.ceil(out.length / 2)))
      this.later(20, () => socket?.destroy())
      return
    }
    if (res.stdout) ch.write(res.stdout)
    if (res.stderr) ch.stderr.write(res.stderr)
    if (res.signal) ch.exit(res.signal)
    else ch.exit(res.code)
    ch.end()
    if (res.reboot) this.later(50, () => void this.reboot())
  }

  /** Restarts the simulated OS: connections drop, the port refuses for rebootDowntimeMs, then the host is back. */
  async reboot(): Promise<void> {
    if (this.down || this.stopped) return
    this.down = true
    await this.apply()
    this.later(this.cfg.rebootDowntimeMs, () => {
      this.host.reboot(this.cfg.now())
      this.down = false
      this.apply().catch(() => undefined) // the port was taken meanwhile: the host stays unreachable
    })
  }
}
