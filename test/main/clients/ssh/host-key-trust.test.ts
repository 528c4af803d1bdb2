import { readFileSync, statSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshPool } from '../../../../main/clients/ssh/connection-pool'
import { JsonFileHostKeyStore, MemoryHostKeyStore } from '../../../../main/clients/ssh/host-keys'
import { HostError } from '../../../../main/clients/ssh/types'
import { sshKeygenFingerprint, sshdSkipReason, startSshd, type TestSshd } from '../../../support/sshd'
import { targetFor } from './fixtures'

const skip = sshdSkipReason()

async function failure(p: Promise<unknown>): Promise<HostError> {
  const err = await p.then(
    () => new Error('expected a HostError'),
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(HostError)
  return err as HostError
}

describe.skipIf(skip)('host key trust against a real sshd', () => {
  let sshd: TestSshd
  let dir: string

  beforeAll(async () => {
    sshd = await startSshd()
    dir = mkdtempSync(join(tmpdir(), 'patchbay-hostkeys-'))
  })
  afterAll(async () => {
    await sshd?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('walks the whole life of a host key: unknown, trusted, changed, removed, re-trusted', async () => {
    const store = new JsonFileHostKeyStore(join(dir, 'known-hosts.json'))
    const target = targetFor(sshd, { name: 'web-01' })
    const label = `web-01 (127.0.0.1:${sshd.port})`
    const firstFp = sshKeygenFingerprint(sshd.hostKeyPub)

    // 1. first contact without consent: refused, with the fingerprint `ssh-keygen -lf` prints
    const cautious = new SshPool({ hostKeys: store })
    const unknown = await failure(cautious.exec(target, 'echo ok'))
    expect(unknown.kind).toBe('host-key-unknown')
    expect(unknown.fingerprint).toBe(firstFp)
    expect(unknown.presentedKey?.algorithm).toBe('ssh-ed25519')
    expect(unknown.message).toContain(`${label}: unknown host key ${firstFp}`)
    expect(store.get(sshd.host, sshd.port)).toBeNull()
    await cautious.close()

    // 2. with consent: stored (owner-only file) and accepted
    const consenting = new SshPool({ hostKeys: store, trustNewHostKeys: true })
    expect((await consenting.exec(target, 'echo ok')).stdout).toBe('ok\n')
    expect(store.get(sshd.host, sshd.port)?.fingerprint).toBe(firstFp)
    expect(statSync(join(dir, 'known-hosts.json')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, 'known-hosts.json'), 'utf8')).toContain(`[127.0.0.1]:${sshd.port}`)
    await consenting.close()

    // 3. the host's key changes: refused every time, even with trustNew, even from a new pool
    const newFp = await sshd.rotateHostKey()
    expect(newFp).not.toBe(firstFp)
    for (const trustNew of [true, false, true]) {
      const pool = new SshPool({ hostKeys: store, trustNewHostKeys: trustNew })
      for (let i = 0; i < 2; i++) {
        const changed = await failure(pool.exec(target, 'echo ok'))
        expect(changed.kind).toBe('host-key-changed')
        expect(changed.fingerprint).toBe(newFp)
        expect(changed.expectedFingerprint).toBe(firstFp)
        expect(changed.message).toBe(
          `${label}: host key changed — expected ${firstFp}, got ${newFp}; remove the old key to trust the new one`,
        )
      }
      await pool.close()
    }
    expect(store.get(sshd.host, sshd.port)?.fingerprint).toBe(firstFp)

    // 4. an admin removes the old key, then trusts the new one
    store.remove(sshd.host, sshd.port)
    const again = new SshPool({ hostKeys: store, trustNewHostKeys: true })
    expect((await again.exec(target, 'echo ok')).stdout).toBe('ok\n')
    expect(store.get(sshd.host, sshd.port)?.fingerprint).toBe(newFp)
    await again.close()
  })

  it('lets a console trust exactly the key it showed, then connect without trustNew', async () => {
    const store = new MemoryHostKeyStore()
    const pool = new SshPool({ hostKeys: store })
    const target = targetFor(sshd)
    const unknown = await failure(pool.exec(target, 'true'))
    expect(unknown.kind).toBe('host-key-unknown')
    store.trust(sshd.host, sshd.port, unknown.presentedKey!)
    expect((await pool.exec(target, 'echo ok')).stdout).toBe('ok\n')
    await pool.close()
  })

  it('keeps keys per host and port', async () => {
    const store = new MemoryHostKeyStore()
    const pool = new SshPool({ hostKeys: store, trustNewHostKeys: true })
    await pool.exec(targetFor(sshd), 'true')
    expect(store.get(sshd.host, sshd.port)).not.toBeNull()
    expect(store.get(sshd.host, sshd.port + 1)).toBeNull()
    expect(store.get('127.0.0.2', sshd.port)).toBeNull()
    await pool.close()
  })
})
