import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { noSecrets, secretsFromEnv, vaultSecrets } from '../../../../main/core/runtime/secrets'

describe('secret stores', () => {
  it('the vault encrypts each secret differently, decrypts it back, and refuses the wrong passphrase', () => {
    const vault = vaultSecrets('correct horse battery')
    const ctx = 'resource:7:password'
    const a = vault.encrypt('s3cret!', ctx)
    const b = vault.encrypt('s3cret!', ctx)
    expect(a).not.toBe(b)
    expect(a).not.toContain('s3cret')
    expect(vault.decrypt(a, ctx)).toBe('s3cret!')
    expect(() => vaultSecrets('another passphrase').decrypt(a, ctx)).toThrow(/wrong vault passphrase/)
    const tampered = a.slice(0, -4) + (a.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect(() => vault.decrypt(tampered, ctx)).toThrow()
  })

  it('without a store, refuses to keep a secret and says how to get one', () => {
    expect(() => noSecrets().encrypt('x', 'resource:1:password')).toThrow(/PATCHBAY_VAULT_PASSPHRASE/)
    expect(secretsFromEnv({}).store).toBe('none')
    expect(secretsFromEnv({ PATCHBAY_VAULT_PASSPHRASE: 'long enough pass' }).store).toBe('vault')
    expect(() => vaultSecrets('short')).toThrow(/at least 8/)
  })

  it('binds a secret to its object: a ciphertext copied onto another client is refused', () => {
    const vault = vaultSecrets('correct horse battery')
    const c = vault.encrypt('pw-of-7', 'resource:7:password')
    expect(() => vault.decrypt(c, 'resource:8:password')).toThrow(/belongs to another object/)
    expect(() => vault.decrypt(c, 'resource:7:passphrase')).toThrow(/belongs to another object/)
  })

  it('derives its key with scrypt N = 2^17 (v2), and still reads secrets a v1 vault (N = 2^15) wrote', () => {
    const pass = 'correct horse battery'
    const salt = randomBytes(16)
    const iv = randomBytes(12)
    const v1Key = scryptSync(pass, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 })
    const cipher = createCipheriv('aes-256-gcm', v1Key, iv)
    const body = Buffer.concat([cipher.update('legacy', 'utf8'), cipher.final()])
    const v1 = ['v1', salt, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
      .join(':')
    const vault = vaultSecrets(pass)
    expect(vault.decrypt(v1, 'resource:1:password')).toBe('legacy')
    const v2 = vault.encrypt('new', 'resource:1:password').split(':')
    expect(v2[0]).toBe('v2')
    const key = scryptSync(pass, Buffer.from(v2[1]!, 'base64'), 32, {
      N: 1 << 17,
      r: 8,
      p: 1,
      maxmem: 256 << 20,
    })
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(v2[2]!, 'base64'))
    d.setAAD(Buffer.from('resource:1:password'))
    d.setAuthTag(Buffer.from(v2[3]!, 'base64'))
    expect(Buffer.concat([d.update(Buffer.from(v2[4]!, 'base64')), d.final()]).toString()).toBe('new')
  })
})
