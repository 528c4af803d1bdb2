import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, sshdSkipReason, sshKeygenFingerprint } from './sshd'

/** A private sshd on 127.0.0.1 that lets root in with a key made for this run only. */
export interface RootSshd {
  host: '127.0.0.1'
  port: number
  user: 'root'
  /** Path of the unencrypted ed25519 client key (mode 0600) authorized for root on this sshd only. */
  identityFile: string
  hostKeyFingerprint: string
  /** Stops sshd and removes its temp dir (keys, config, authorized_keys); safe to call twice. */
  stop(): Promise<void>
}

function keygen(path: string, comment: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`)
}

async function banner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
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

/**
 * Starts an sshd on a free 127.0.0.1 port that admits only root, only with a key generated now
 * (PermitRootLogin prohibit-password, its own authorized_keys in a temp dir; nothing under /root/.ssh).
 * For tests that must install packages on this machine over a real SSH connection.
 */
export async function startRootSshd(): Promise<RootSshd> {
  const skip = sshdSkipReason()
  if (skip) throw new Error(skip)
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-root-sshd-'))
  chmodSync(dir, 0o700)
  const hostKey = join(dir, 'ssh_host_ed25519_key')
  const clientKey = join(dir, 'client_ed25519')
  keygen(hostKey, 'patchbay-root-test-host')
  keygen(clientKey, 'patchbay-root-test-client')
  const authorized = join(dir, 'authorized_keys')
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`, 'utf8'), { mode: 0o600 })
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
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'AllowUsers root',
      'MaxSessions 10',
      'LoginGraceTime 30',
      'StrictModes no',
      'UseDNS no',
      'PrintMotd no',
      'PrintLastLog no',
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'AllowAgentForwarding no',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  )
  let log = ''
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)))
  try {
    await banner(port, child, () => log)
  } catch (e) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  let stopped = false
  return {
    host: '127.0.0.1',
    port,
    user: 'root',
    identityFile: clientKey,
    hostKeyFingerprint: sshKeygenFingerprint(`${hostKey}.pub`),
    async stop() {
      if (stopped) return
      stopped = true
      if (child.exitCode === null && child.signalCode === null)
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => child.kill('SIGKILL'), 3000)
          child.once('exit', () => {
            clearTimeout(t)
            resolve()
          })
          child.kill('SIGTERM')
        })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
