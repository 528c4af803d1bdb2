import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerMissing } from './peers'

const SSHD = '/usr/sbin/sshd'
/** The dedicated account test sshds run commands as; its shell (/bin/sh) starts clean. */
export const TEST_USER = 'patchbay-test'

/** A private OpenSSH server on 127.0.0.1 with its own host key, config and authorized keys. */
export interface TestSshd {
  host: '127.0.0.1'
  port: number
  user: string
  /** Unencrypted ed25519 client key (OpenSSH format) authorized for `user`. */
  privateKey: string
  /** Path of that key (mode 0600, inside `dir`, removed by stop). */
  identityFile: string
  /** Passphrase-protected ed25519 client key authorized for `user`. */
  encryptedKey: string
  passphrase: string
  /** Password for `user`, or '' unless started with `{ password: true }`. */
  password: string
  /** Temp dir holding config, keys and logs. */
  dir: string
  /** Path of the current host public key (for `ssh-keygen -lf`). */
  hostKeyPub: string
  /** SHA256 fingerprint of the current host key, as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string
  /** Stops sshd, generates a new host key, starts again on the same port; returns the new fingerprint. */
  rotateHostKey(): Promise<string>
  /** Stops sshd and removes the temp dir; safe to call twice. */
  stop(): Promise<void>
}

/** Options for `startSshd`. */
export interface StartSshdOptions {
  /** Enable password authentication and give the test user a fresh random password. */
  password?: boolean
  /**
   * The login user (default patchbay-test); test files that set passwords use their own, so they never race.
   * 'root' admits root with this run's keys only (PermitRootLogin prohibit-password, nothing under /root/.ssh).
   */
  user?: string
  /** More sshd_config lines (e.g. `SetEnv PATH=…` to put a `powershell` stand-in first on the account's PATH). */
  extraConfig?: readonly string[]
}

/** Why real-sshd tests cannot run here, or null when they can; under CI a missing prerequisite throws. */
export function sshdSkipReason(): string | null {
  let reason: string | null = null
  if (process.platform !== 'linux') reason = 'a private sshd needs Linux'
  else if (process.getuid?.() !== 0)
    reason = 'a private sshd on 127.0.0.1 needs root (to run as root and switch users)'
  else if (!existsSync(SSHD)) reason = `${SSHD} missing (apt-get install openssh-server)`
  return peerMissing('private sshd', reason)
}

function run(cmd: string, args: string[], input?: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input })
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() }
}

function must(cmd: string, args: string[], input?: string): string {
  const r = run(cmd, args, input)
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.out}`)
  return r.out
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Runs an account-database command, retrying while another test file holds the /etc/passwd lock. */
function accountCommand(cmd: string, args: string[], input?: string, okIf?: () => boolean): void {
  let last = ''
  for (let attempt = 0; attempt < 40; attempt++) {
    const r = run(cmd, args, input)
    if (r.status === 0 || okIf?.()) return
    last = r.out
    sleepSync(50 + Math.random() * 100)
  }
  throw new Error(`${cmd} ${args.join(' ')} failed: ${last}`)
}

function userExists(user: string): boolean {
  return run('id', ['-u', user]).status === 0
}

/** Creates the test user if missing (idempotent, safe when test files race) and unlocks it for key logins. */
export function ensureTestUser(user: string = TEST_USER): void {
  if (!userExists(user))
    accountCommand('useradd', ['-m', '-s', '/bin/sh', user], undefined, () => userExists(user))
  // useradd leaves the password field '!', which sshd (UsePAM no) treats as a locked account even for keys.
  const shadow = run('getent', ['shadow', user]).out.split(':')[1] ?? ''
  if (shadow.startsWith('!')) accountCommand('usermod', ['-p', '*', user])
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}

function keygen(path: string, comment: string, passphrase = ''): void {
  rmSync(path, { force: true })
  rmSync(`${path}.pub`, { force: true })
  must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', path])
}

/** The SHA256 fingerprint `ssh-keygen -lf` prints for a public key file. */
export function sshKeygenFingerprint(pubPath: string): string {
  const fp = must('ssh-keygen', ['-lf', pubPath]).split(/\s+/)[1]
  if (!fp?.startsWith('SHA256:')) throw new Error(`unexpected ssh-keygen -lf output for ${pubPath}`)
  return fp
}

/** Resolves once something on the port answers with an SSH banner. */
async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`)
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1')
      const done = (v: boolean) => {
        sock.destroy()
        resolve(v)
      }
      sock.setTimeout(1000, () => done(false))
      sock.once('data', (d) => done(d.toString('latin1').startsWith('SSH-')))
      sock.once('error', () => done(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`sshd did not answer on 127.0.0.1:${port}: ${log()}`)
}

/** Starts a private sshd (run as root, commands as `patchbay-test` or `options.user`) on a free 127.0.0.1 port. */
export async function startSshd(options: StartSshdOptions = {}): Promise<TestSshd> {
  const skip = sshdSkipReason()
  if (skip) throw new Error(skip)
  const user = options.user ?? TEST_USER
  const root = user === 'root'
  if (root && options.password) throw new Error('a test sshd never sets a password for root')
  if (!root) ensureTestUser(user)
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })

  const dir = mkdtempSync(join(tmpdir(), 'patchbay-sshd-'))
  chmodSync(dir, 0o755) // sshd reads AuthorizedKeysFile as the test user
  const hostKey = join(dir, 'ssh_host_ed25519_key')
  const clientKey = join(dir, 'client_ed25519')
  const encKey = join(dir, 'client_ed25519_enc')
  const passphrase = `pp-${randomBytes(6).toString('hex')}`
  keygen(hostKey, 'patchbay-test-host')
  keygen(clientKey, 'patchbay-test-client')
  keygen(encKey, 'patchbay-test-client-enc', passphrase)
  const authorized = join(dir, 'authorized_keys')
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`, 'utf8') + readFileSync(`${encKey}.pub`, 'utf8'))
  chmodSync(authorized, 0o644)

  let password = ''
  if (options.password) {
    password = randomBytes(12).toString('base64url')
    accountCommand('chpasswd', [], `${user}:${password}\n`)
  }

  const port = await freePort()
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      `PasswordAuthentication ${options.password ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'UsePAM no',
      `PermitRootLogin ${root ? 'prohibit-password' : 'no'}`,
      `AllowUsers ${user}`,
      // Distribution points are reached over SFTP, as a stock OpenSSH server offers it.
      'Subsystem sftp internal-sftp',
      'MaxSessions 10',
      'MaxStartups 200:30:300',
      'MaxAuthTries 6',
      'LoginGraceTime 30',
      'StrictModes no',
      'UseDNS no',
      'PrintMotd no',
      'PrintLastLog no',
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'AllowAgentForwarding no',
      process.env.SSHD_LOGLEVEL ? `LogLevel ${process.env.SSHD_LOGLEVEL}` : 'LogLevel ERROR',
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  )

  let child: ChildProcess
  let log = ''
  const launch = async () => {
    log = ''
    child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr?.on('data', (d: Buffer) => {
      if (process.env.SSHD_LOGLEVEL) process.stderr.write(d)
      log = (log + d.toString()).slice(-4000)
    })
    await waitForBanner(port, child, () => log)
  }
  const halt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 3000)
      child.once('exit', () => {
        clearTimeout(t)
        resolve()
      })
      child.kill('SIGTERM')
    })
  }
  try {
    await launch()
  } catch (e) {
    child!.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw e
  }

  const sshd: TestSshd = {
    host: '127.0.0.1',
    port,
    user,
    privateKey: readFileSync(clientKey, 'utf8'),
    identityFile: clientKey,
    encryptedKey: readFileSync(encKey, 'utf8'),
    passphrase,
    password,
    dir,
    hostKeyPub: `${hostKey}.pub`,
    hostKeyFingerprint: sshKeygenFingerprint(`${hostKey}.pub`),
    async rotateHostKey() {
      await halt()
      keygen(hostKey, 'patchbay-test-host-rotated')
      sshd.hostKeyFingerprint = sshKeygenFingerprint(`${hostKey}.pub`)
      await launch()
      return sshd.hostKeyFingerprint
    },
    async stop() {
      await halt()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return sshd
}
