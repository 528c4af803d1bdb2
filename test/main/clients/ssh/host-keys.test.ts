import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { backoffDelay } from '../../../../main/clients/ssh/backoff'
import { connectError, isTransientConnectError } from '../../../../main/clients/ssh/connect-errors'
import {
  JsonFileHostKeyStore,
  MemoryHostKeyStore,
  hostKeyEntry,
  hostKeyFromBlob,
  sha256Fingerprint,
  verifyHostKey,
} from '../../../../main/clients/ssh/host-keys'
import { HostError, type SshTarget } from '../../../../main/clients/ssh/types'

const dir = mkdtempSync(join(tmpdir(), 'patchbay-hostkeys-unit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function keyPair(name: string, type = 'ed25519'): { blob: Buffer; fingerprint: string } {
  const path = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path])
  const blob = Buffer.from(readFileSync(`${path}.pub`, 'utf8').split(' ')[1] ?? '', 'base64')
  const fingerprint = execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' }).split(' ')[1]
  return { blob, fingerprint: fingerprint ?? '' }
}

describe('host key fingerprints', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'])('match ssh-keygen -lf for %s keys', (type) => {
    const { blob, fingerprint } = keyPair(`fp-${type}`, type)
    expect(sha256Fingerprint(blob)).toBe(fingerprint)
    const key = hostKeyFromBlob(blob)
    expect(key.fingerprint).toBe(fingerprint)
    expect(key.algorithm).toBe(
      type === 'ed25519' ? 'ssh-ed25519' : type === 'rsa' ? 'ssh-rsa' : 'ecdsa-sha2-nistp256',
    )
    expect(fingerprint).not.toContain('=')
  })

  it('name entries as known_hosts does', () => {
    expect(hostKeyEntry('127.0.0.5', 22)).toBe('127.0.0.5')
    expect(hostKeyEntry('127.0.0.5', 2222)).toBe('[127.0.0.5]:2222')
  })
})

describe('verifyHostKey', () => {
  const a = keyPair('a')
  const b = keyPair('b')

  it('refuses an unknown key without consent, stores it with consent, then accepts it', async () => {
    const store = new MemoryHostKeyStore()
    await expect(verifyHostKey(store, '127.0.0.5', 22, a.blob, { trustNew: false })).rejects.toMatchObject({
      kind: 'host-key-unknown',
      fingerprint: a.fingerprint,
    })
    expect(store.get('127.0.0.5', 22)).toBeNull()
    await verifyHostKey(store, '127.0.0.5', 22, a.blob, { trustNew: true })
    expect(store.get('127.0.0.5', 22)?.fingerprint).toBe(a.fingerprint)
    await expect(verifyHostKey(store, '127.0.0.5', 22, a.blob, { trustNew: false })).resolves.toMatchObject({
      fingerprint: a.fingerprint,
    })
  })

  it('refuses a changed key even with trustNew, until the old one is removed', async () => {
    const store = new MemoryHostKeyStore()
    store.trust('127.0.0.5', 22, hostKeyFromBlob(a.blob))
    const err = await verifyHostKey(store, '127.0.0.5', 22, b.blob, { trustNew: true, name: 'web-01' }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(HostError)
    expect(err).toMatchObject({ kind: 'host-key-changed', fingerprint: b.fingerprint })
    expect((err as Error).message).toBe(
      `web-01 (127.0.0.5:22): host key changed — expected ${a.fingerprint}, got ${b.fingerprint}; remove the old key to trust the new one`,
    )
    expect(store.get('127.0.0.5', 22)?.fingerprint).toBe(a.fingerprint)
    store.remove('127.0.0.5', 22)
    await verifyHostKey(store, '127.0.0.5', 22, b.blob, { trustNew: true })
    expect(store.get('127.0.0.5', 22)?.fingerprint).toBe(b.fingerprint)
  })

  it('works the same on the JSON file store, which is owner-only and survives reopening', async () => {
    const path = join(dir, 'sub', 'known-hosts.json')
    const store = new JsonFileHostKeyStore(path)
    expect(store.get('127.0.0.5', 2222)).toBeNull()
    await verifyHostKey(store, '127.0.0.5', 2222, a.blob, { trustNew: true })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const reopened = new JsonFileHostKeyStore(path)
    expect(reopened.get('127.0.0.5', 2222)).toEqual(hostKeyFromBlob(a.blob))
    await expect(
      verifyHostKey(reopened, '127.0.0.5', 2222, b.blob, { trustNew: true }),
    ).rejects.toMatchObject({
      kind: 'host-key-changed',
    })
    reopened.remove('127.0.0.5', 2222)
    expect(new JsonFileHostKeyStore(path).get('127.0.0.5', 2222)).toBeNull()
  })
})

describe('connect error classification', () => {
  const target: SshTarget = {
    host: '127.0.0.5',
    port: 22,
    user: 'patch',
    auth: { kind: 'password', password: 'x' },
  }
  const wire = (message: string, extra: Record<string, string>) => Object.assign(new Error(message), extra)

  it('retries only transient failures', () => {
    expect(isTransientConnectError(wire('read ECONNRESET', { code: 'ECONNRESET' }))).toBe(true)
    expect(isTransientConnectError(wire('connect ETIMEDOUT', { code: 'ETIMEDOUT' }))).toBe(true)
    expect(isTransientConnectError(new Error('Connection lost before handshake'))).toBe(true)
    expect(isTransientConnectError(wire('connect ECONNREFUSED', { code: 'ECONNREFUSED' }))).toBe(false)
    expect(
      isTransientConnectError(
        wire('All configured authentication methods failed', { level: 'client-authentication' }),
      ),
    ).toBe(false)
    expect(
      isTransientConnectError(wire('Timed out while waiting for handshake', { level: 'client-timeout' })),
    ).toBe(false)
    expect(isTransientConnectError(new HostError('host-key-changed', 'h', 22, 'x'))).toBe(false)
  })

  it('gives sysadmin messages', () => {
    const auth = connectError(
      wire('All configured authentication methods failed', { level: 'client-authentication' }),
      { ...target, name: 'web-01' },
      10_000,
    )
    expect(auth.kind).toBe('auth-failed')
    expect(auth.message).toBe('web-01 (127.0.0.5:22): authentication failed for user patch (password)')
    const refused = connectError(wire('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), target, 10_000)
    expect(refused.message).toBe('127.0.0.5:22: unreachable — connection refused')
    const slow = connectError(
      wire('Timed out while waiting for handshake', { level: 'client-timeout' }),
      target,
      10_000,
    )
    expect(slow.message).toBe('127.0.0.5:22: timed out after 10 s waiting for the ssh handshake')
  })

  it('backs off exponentially with jitter and a cap', () => {
    expect(backoffDelay(0, 200, 5000, () => 0.5)).toBe(200)
    expect(backoffDelay(3, 200, 5000, () => 0.5)).toBe(1600)
    expect(backoffDelay(10, 200, 5000, () => 0.5)).toBe(5000)
    expect(backoffDelay(1, 200, 5000, () => 0)).toBe(200)
    expect(backoffDelay(1, 200, 5000, () => 0.999)).toBe(600)
  })
})
