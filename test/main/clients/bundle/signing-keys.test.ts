import { generateKeyPairSync } from 'node:crypto'
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createSigningKeyPair,
  fingerprintOf,
  loadPrivateKey,
  loadPublicKey,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  signBytes,
  verifyBytes,
} from '../../../../main/clients/bundle'
import { tempDir } from './helpers'

describe('bundle signing keys', () => {
  it('creates an owner-only PKCS8 private key and a readable SPKI public key with a stable fingerprint', async () => {
    const dir = join(tempDir(), 'keys')
    const made = await createSigningKeyPair(dir)
    expect(made.privateKeyPath).toBe(join(dir, PRIVATE_KEY_FILE))
    expect(made.publicKeyPath).toBe(join(dir, PUBLIC_KEY_FILE))
    expect(statSync(made.privateKeyPath).mode & 0o777).toBe(0o600)
    expect(statSync(made.publicKeyPath).mode & 0o777).toBe(0o644)
    expect(readFileSync(made.privateKeyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/)
    expect(readFileSync(made.publicKeyPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(made.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    const priv = await loadPrivateKey(made.privateKeyPath)
    const pub = await loadPublicKey(made.publicKeyPath)
    expect(fingerprintOf(pub)).toBe(made.fingerprint)
    expect(fingerprintOf(priv)).toBe(made.fingerprint)
    const data = Buffer.from('manifest bytes')
    const sig = signBytes(data, priv)
    expect(sig).toHaveLength(64)
    expect(verifyBytes(data, sig, pub)).toBe(true)
    expect(verifyBytes(Buffer.from('manifest bytez'), sig, pub)).toBe(false)
    expect(verifyBytes(data, Buffer.alloc(3), pub)).toBe(false)
  })

  it('refuses a private key that group or others can read, as ssh does', async () => {
    const { privateKeyPath } = await createSigningKeyPair(tempDir())
    for (const mode of [0o640, 0o604, 0o660]) {
      chmodSync(privateKeyPath, mode)
      await expect(loadPrivateKey(privateKeyPath)).rejects.toThrow(/too open.*chmod 600/)
    }
    chmodSync(privateKeyPath, 0o400)
    await expect(loadPrivateKey(privateKeyPath)).resolves.toBeDefined()
  })

  it('refuses to overwrite an existing key pair unless forced', async () => {
    const dir = tempDir()
    const first = await createSigningKeyPair(dir)
    const before = readFileSync(first.privateKeyPath)
    await expect(createSigningKeyPair(dir)).rejects.toThrow(/already exists; refusing to overwrite/)
    expect(readFileSync(first.privateKeyPath)).toEqual(before)
    const second = await createSigningKeyPair(dir, { force: true })
    expect(second.fingerprint).not.toBe(first.fingerprint)
    expect(statSync(second.privateKeyPath).mode & 0o777).toBe(0o600)
  })

  it('refuses keys of the wrong kind', async () => {
    const dir = tempDir()
    const { privateKeyPath } = await createSigningKeyPair(dir)
    await expect(loadPublicKey(privateKeyPath)).rejects.toThrow(/private key; give the .pub file/)
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const rsaPath = join(dir, 'rsa.key')
    writeFileSync(rsaPath, rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 })
    await expect(loadPrivateKey(rsaPath)).rejects.toThrow(/rsa key, not an Ed25519 signing key/)
  })
})
