import { safeStorage } from 'electron'
import { PatchbayError } from '../../shared/errors'
import type { SecretsPort } from '../core/runtime/secrets'
import { keychainRefusal } from './keychain-policy'

/**
 * Client secrets encrypted with Electron's safeStorage (the OS keychain: DPAPI, Keychain, libsecret/kwallet), or
 * why it is refused (no keychain, or Linux's basic_text fallback); the caller then uses the passphrase vault or none.
 */
export function safeStorageSecrets(): { port: SecretsPort } | { refused: string } {
  const refused = keychainRefusal(
    process.platform,
    safeStorage.isEncryptionAvailable(),
    process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : '',
  )
  if (refused) return { refused }
  const port: SecretsPort = {
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
  return { port }
}
