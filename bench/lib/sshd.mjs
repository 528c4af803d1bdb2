// A private OpenSSH sshd for the benchmark, on 127.0.0.1 only, with its own config, keys and a per-run temp dir;
// commands run as `patchbay-test`, whose /bin/sh start-up is clean (the approach of test/support/sshd.ts).
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'

const SSHD = '/usr/sbin/sshd'
/** The account every tool logs in as. */
export const BENCH_USER = 'patchbay-test'
/** One key exchange and host-key algorithm for every tool. */
export const KEX = 'curve25519-sha256'
export const HOST_KEY_ALG = 'ssh-ed25519'

function must(cmd, args, input) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input })
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`)
  return r.stdout
}

/** Creates the clean-shell user when missing and unlocks it for key logins. */
export function ensureBenchUser() {
  if (spawnSync('id', ['-u', BENCH_USER]).status !== 0) must('useradd', ['-m', '-s', '/bin/sh', BENCH_USER])
  const shadow = (spawnSync('getent', ['shadow', BENCH_USER], { encoding: 'utf8' }).stdout ?? '').split(
    ':',
  )[1]
  if ((shadow ?? '').startsWith('!')) must('usermod', ['-p', '*', BENCH_USER])
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function waitForBanner(port, child, log) {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`)
    const ok = await new Promise((resolve) => {
      const sock = connect(port, '127.0.0.1')
      const done = (v) => {
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
 * Starts sshd in `dir` and writes the client side every tool shares: an ed25519 key, a known_hosts file
 * (HostKeyAlias, so N aliases check one key), and an ssh_config mapping `pb-*` aliases to 127.0.0.1:PORT.
 */
export async function startBenchSshd(dir) {
  if (process.getuid?.() !== 0) throw new Error('the private sshd needs root (it switches to the bench user)')
  ensureBenchUser()
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
  chmodSync(dir, 0o755)
  const hostKey = join(dir, 'ssh_host_ed25519_key')
  const clientKey = join(dir, 'client_ed25519')
  must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench-host', '-f', hostKey])
  must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench-client', '-f', clientKey])
  const authorized = join(dir, 'authorized_keys')
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`, 'utf8'))
  chmodSync(authorized, 0o644)
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
      'PermitRootLogin no',
      `AllowUsers ${BENCH_USER}`,
      'MaxSessions 10',
      'MaxStartups 300:30:500',
      'LoginGraceTime 60',
      'StrictModes no',
      'UseDNS no',
      'PrintMotd no',
      'PrintLastLog no',
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'AllowAgentForwarding no',
      `KexAlgorithms ${KEX}`,
      `HostKeyAlgorithms ${HOST_KEY_ALG}`,
      'LogLevel ERROR',
      '',
    ].join('\n'),
  )
  const alias = 'patchbay-bench-sshd'
  const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ')
  const knownHosts = join(dir, 'known_hosts')
  writeFileSync(knownHosts, `${alias} ${hostPub}\n`)
  const sshConfig = join(dir, 'ssh_config')
  writeFileSync(
    sshConfig,
    [
      'Host pb-*',
      '  HostName 127.0.0.1',
      'Host *',
      `  Port ${port}`,
      `  User ${BENCH_USER}`,
      `  IdentityFile ${clientKey}`,
      '  IdentitiesOnly yes',
      `  KexAlgorithms ${KEX}`,
      `  HostKeyAlgorithms ${HOST_KEY_ALG}`,
      `  HostKeyAlias ${alias}`,
      `  UserKnownHostsFile ${knownHosts}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  CheckHostIP no',
      '  UpdateHostKeys no',
      '  ControlMaster no',
      '  ControlPath none',
      '  ControlPersist no',
      '  BatchMode yes',
      '  PasswordAuthentication no',
      '  KbdInteractiveAuthentication no',
      '  GSSAPIAuthentication no',
      '  Compression no',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
  )
  let log = ''
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
  child.stderr.on('data', (d) => {
    log = (log + d.toString()).slice(-4000)
  })
  await waitForBanner(port, child, () => log)
  return {
    host: '127.0.0.1',
    port,
    user: BENCH_USER,
    pid: child.pid,
    dir,
    clientKey,
    hostKeyPub: `${hostKey}.pub`,
    sshConfig,
    log: () => log,
    /** Stops sshd (SIGTERM, then SIGKILL after 3 s). */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      await new Promise((resolve) => {
        const t = setTimeout(() => child.kill('SIGKILL'), 3000)
        child.once('exit', () => {
          clearTimeout(t)
          resolve()
        })
        child.kill('SIGTERM')
      })
    },
  }
}
