import { describe, expect, it } from 'vitest'
import { keychainRefusal } from '../../../main/app/keychain-policy'
import { noSecrets, secretsFromEnv } from '../../../main/core/runtime/secrets'

describe('which keychain may hold client secrets', () => {
  it("refuses Linux's basic_text and unknown backends, and an unavailable safeStorage, saying why", () => {
    expect(keychainRefusal('linux', true, 'basic_text')).toMatch(/"basic_text", a key built into Chromium/)
    expect(keychainRefusal('linux', true, 'unknown')).toMatch(/no OS keychain/)
    expect(keychainRefusal('linux', false, 'gnome_libsecret')).toMatch(/not available/)
    expect(keychainRefusal('darwin', false, '')).toMatch(/not available/)
  })

  it('accepts libsecret and kwallet on Linux, and the OS store elsewhere', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])
      expect(keychainRefusal('linux', true, backend)).toBeNull()
    expect(keychainRefusal('win32', true, '')).toBeNull()
    expect(keychainRefusal('darwin', true, '')).toBeNull()
  })

  it('without a keychain or a vault passphrase, storing a secret fails naming the reason and the remedy', () => {
    const why = keychainRefusal('linux', true, 'basic_text')!
    const store = secretsFromEnv({}, why)
    expect(store.store).toBe('none')
    expect(() => store.encrypt('pw', 'resource:1:password')).toThrow(
      /No secret store \(no OS keychain .*basic_text.*\): set PATCHBAY_VAULT_PASSPHRASE/,
    )
    expect(secretsFromEnv({ PATCHBAY_VAULT_PASSPHRASE: 'long enough' }, why).store).toBe('vault')
    expect(() => noSecrets().encrypt('pw', 'resource:1:password')).toThrow(
      /^No secret store: set PATCHBAY_VAULT_PASSPHRASE/,
    )
  })
})
