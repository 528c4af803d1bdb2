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
    // The keychain has no associated data: the context is sealed in front of the secret and checked on the way out.
    encrypt: (plain, context) => safeStorage.encryptString(`${context}\u0000${plain}`).toString('base64'),
    decrypt(cipher, context) {
      let text: string
      try {
        text = safeStorage.decryptString(Buffer.from(cipher, 'base64'))
      } catch {
        throw new PatchbayError('forbidden', 'A stored secret cannot be decrypted by this user’s keychain')
      }
      const cut = text.indexOf('\u0000')
      if (cut < 0) return text // stored before secrets were bound to their object
      if (text.slice(0, cut) !== context)
        throw new PatchbayError('forbidden', 'A stored secret belongs to another object and is refused')
      return text.slice(cut + 1)
    },
  }
  return { port }
}
