import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { PatchbayError } from '../../../shared/errors'

/** Encrypts secrets before they reach the site database; the renderer never sees either side. */
export interface SecretsPort {
  /** Which store this is: 'electron-safe-storage', 'vault' or 'none'. */
  store: string
  /** Encrypts a secret; throws when no store is available. */
  encrypt(plain: string): string
  /** Decrypts what encrypt produced. */
  decrypt(cipher: string): string
}

/** No store: secrets are refused with a message saying why (when known) and how to get one. */
export function noSecrets(why?: string): SecretsPort {
  const refuse = (): never => {
    throw new PatchbayError(
      'unavailable',
      `No secret store${why ? ` (${why})` : ''}: set PATCHBAY_VAULT_PASSPHRASE, or use the Electron console with an OS keychain, or use key files / ssh-agent`,
    )
  }
  return { store: 'none', encrypt: refuse, decrypt: refuse }
}

/** A passphrase-protected vault: AES-256-GCM with a per-secret scrypt key (for CLI and browser mode). */
export function vaultSecrets(passphrase: string): SecretsPort {
  if (passphrase.length < 8)
    throw new PatchbayError('invalid-input', 'The vault passphrase must be at least 8 characters')
  const key = (salt: Buffer) => scryptSync(passphrase, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 })
  return {
    store: 'vault',
    encrypt(plain) {
      const salt = randomBytes(16)
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key(salt), iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return ['v1', salt, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
        .join(':')
    },
    decrypt(text) {
      const [version, salt, iv, tag, body] = text.split(':')
      if (version !== 'v1' || !salt || !iv || !tag || body === undefined)
        throw new PatchbayError('internal', 'A stored secret is not in the vault format')
      try {
        const decipher = createDecipheriv(
          'aes-256-gcm',
          key(Buffer.from(salt, 'base64')),
          Buffer.from(iv, 'base64'),
        )
        decipher.setAuthTag(Buffer.from(tag, 'base64'))
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
          'utf8',
        )
      } catch {
        throw new PatchbayError('forbidden', 'A stored secret cannot be decrypted: wrong vault passphrase?')
      }
    },
  }
}

/** The passphrase vault when PATCHBAY_VAULT_PASSPHRASE is set, otherwise none (saying `why` there is no keychain). */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env, why?: string): SecretsPort {
  return env.PATCHBAY_VAULT_PASSPHRASE ? vaultSecrets(env.PATCHBAY_VAULT_PASSPHRASE) : noSecrets(why)
}
