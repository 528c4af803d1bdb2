import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshPool } from '../../../../main/clients/ssh/connection-pool'
import { HostError } from '../../../../main/clients/ssh/types'
import { sshdSkipReason, startSshd, type TestSshd } from '../../../support/sshd'
import { startRelay, targetFor, trustingStore } from './fixtures'

const skip = sshdSkipReason()

async function failure(p: Promise<unknown>): Promise<HostError> {
  const err = await p.then(
    () => new Error('expected a HostError'),
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(HostError)
  return err as HostError
}

describe.skipIf(skip)('authentication against a real sshd', () => {
  let sshd: TestSshd
  let pool: SshPool
  let agent: ChildProcess | undefined

  beforeAll(async () => {
    sshd = await startSshd({ password: true })
    pool = new SshPool({ hostKeys: trustingStore(sshd) })
  })
  afterAll(async () => {
    agent?.kill()
    await pool?.close()
    await sshd?.stop()
  })

  it('logs in with a passphrase-protected key', async () => {
    const target = targetFor(sshd, {
      auth: { kind: 'key', privateKey: sshd.encryptedKey, passphrase: sshd.passphrase },
    })
    expect((await pool.exec(target, 'echo ok')).stdout).toBe('ok\n')
  })

  it('says so when the passphrase is wrong or missing, without connecting', async () => {
    const wrong = targetFor(sshd, {
      name: 'web-01',
      auth: { kind: 'key', privateKey: sshd.encryptedKey, passphrase: 'nope' },
    })
    const err = await failure(pool.exec(wrong, 'true'))
    expect(err.kind).toBe('auth-failed')
    expect(err.message).toBe(
      `web-01 (127.0.0.1:${sshd.port}): authentication failed for user ${sshd.user} (publickey): wrong passphrase for the private key`,
    )
    const missing = targetFor(sshd, { auth: { kind: 'key', privateKey: sshd.encryptedKey } })
    expect((await failure(pool.exec(missing, 'true'))).message).toContain(
      'the private key needs a passphrase',
    )
  })

  it('reports a key the host does not accept as auth-failed, once, without retries', async () => {
    const relay = await startRelay(sshd.port)
    const other = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(sshd.dir, 'stranger')])
    expect(other.status).toBe(0)
    const stranger = readFileSync(join(sshd.dir, 'stranger'), 'utf8')
    const p = new SshPool({ hostKeys: trustingStore(sshd, relay.port), retries: 2 })
    const target = targetFor(sshd, {
      name: 'web-01',
      port: relay.port,
      auth: { kind: 'key', privateKey: stranger },
    })
    const err = await failure(p.exec(target, 'true'))
    expect(err.kind).toBe('auth-failed')
    expect(err.message).toBe(
      `web-01 (127.0.0.1:${relay.port}): authentication failed for user ${sshd.user} (publickey)`,
    )
    expect(relay.accepted).toBe(1)
    await p.close()
    await relay.close()
  })

  it('reports an unknown user as auth-failed', async () => {
    const err = await failure(pool.exec(targetFor(sshd, { user: 'nobody-here' }), 'true'))
    expect(err.kind).toBe('auth-failed')
  })

  it('logs in with a password, and refuses a wrong one', async () => {
    const good = targetFor(sshd, { auth: { kind: 'password', password: sshd.password } })
    expect((await pool.exec(good, 'echo pw')).stdout).toBe('pw\n')
    const bad = targetFor(sshd, { auth: { kind: 'password', password: 'wrong' } })
    const err = await failure(pool.exec(bad, 'true'))
    expect(err.kind).toBe('auth-failed')
    expect(err.message).toContain(`authentication failed for user ${sshd.user} (password)`)
  })

  it('logs in through ssh-agent', async () => {
    const socket = join(sshd.dir, 'agent.sock')
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20))
    const keyFile = join(sshd.dir, 'agent-key')
    writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 })
    const add = spawnSync('ssh-add', [keyFile], {
      env: { ...process.env, SSH_AUTH_SOCK: socket },
      encoding: 'utf8',
    })
    expect(add.status, add.stderr).toBe(0)
    const target = targetFor(sshd, { auth: { kind: 'agent', socket } })
    expect((await pool.exec(target, 'echo agent')).stdout).toBe('agent\n')
    const noAgent = targetFor(sshd, { auth: { kind: 'agent', socket: join(sshd.dir, 'missing.sock') } })
    expect((await failure(pool.exec(noAgent, 'true'))).kind).toBe('auth-failed')
  })
})
