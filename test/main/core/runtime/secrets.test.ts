import { describe, expect, it } from 'vitest'
import { noSecrets, secretsFromEnv, vaultSecrets } from '../../../../main/core/runtime/secrets'

describe('secret stores', () => {
  it('the vault encrypts each secret differently, decrypts it back, and refuses the wrong passphrase', () => {
    const vault = vaultSecrets('correct horse battery')
    const a = vault.encrypt('s3cret!')
    const b = vault.encrypt('s3cret!')
    expect(a).not.toBe(b)
    expect(a).not.toContain('s3cret')
    expect(vault.decrypt(a)).toBe('s3cret!')
    expect(() => vaultSecrets('another passphrase').decrypt(a)).toThrow(/wrong vault passphrase/)
    const tampered = a.slice(0, -4) + (a.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect(() => vault.decrypt(tampered)).toThrow()
  })

  it('without a store, refuses to keep a secret and says how to get one', () => {
    expect(() => noSecrets().encrypt('x')).toThrow(/PATCHBAY_VAULT_PASSPHRASE/)
    expect(secretsFromEnv({}).store).toBe('none')
    expect(secretsFromEnv({ PATCHBAY_VAULT_PASSPHRASE: 'long enough pass' }).store).toBe('vault')
    expect(() => vaultSecrets('short')).toThrow(/at least 8/)
  })
})
