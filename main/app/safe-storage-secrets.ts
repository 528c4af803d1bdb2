import { safeStorage } from 'electron'
import { PatchbayError } from '../../shared/errors'
import type { SecretsPort } from '../core/runtime/secrets'

/**
 * Client secrets encrypted with Electron's safeStorage (the OS keychain: DPAPI, Keychain, libsecret/kwallet).
 * Where the OS offers no keychain, the caller falls back to the passphrase vault or to none.
 */
export function safeStorageSecrets(): SecretsPort | null {
  if (!safeStorage.isEncryptionAvailable()) return null
  return {
    store: 'electron-safe-storage',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt(cipher) {
      try {
        return safeStorage.decryptString(Buffer.from(cipher, 'base64'))
      } catch {
        throw new PatchbayError('forbidden', 'A stored secret cannot be decrypted by this user’s keychain')
      }
    },
  }
}
