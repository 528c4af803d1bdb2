import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { PatchbayError } from '../../../shared/errors'

/**
 * Encrypts secrets before they reach the site database; the renderer never sees either side. `context` names
 * what the secret belongs to (e.g. `resource:12:password`): a ciphertext decrypts only for the same context, so
 * one copied onto another row is refused.
 */
export interface SecretsPort {
  /** Which store this is: 'electron-safe-storage', 'vault' or 'none'. */
  store: string
  /** Encrypts a secret for its context; throws when no store is available. */
  encrypt(plain: string, context: string): string
  /** Decrypts what encrypt produced for the same context. */
  decrypt(cipher: string, context: string): string
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

/** scrypt cost of the vault key: N = 2^17, r = 8 (OWASP's minimum for scrypt), about 128 MiB and a few hundred ms. */
const SCRYPT = { N: 1 << 17, r: 8, p: 1, maxmem: 256 << 20 }
/** The cost of vaults written before v2 (read only). */
const SCRYPT_V1 = { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 }

/**
 * A passphrase-protected vault (CLI and browser mode): AES-256-GCM under a scrypt key, with the secret's context
 * as associated data. The key is derived once per salt and kept in memory (one salt per process for new
 * secrets), so a job over many clients does not pay for scrypt once per client.
 */
export function vaultSecrets(passphrase: string): SecretsPort {
  if (passphrase.length < 8)
    throw new PatchbayError('invalid-input', 'The vault passphrase must be at least 8 characters')
  const keys = new Map<string, Buffer>()
  const key = (salt: Buffer, cost = SCRYPT) => {
    const id = `${cost.N}:${salt.toString('base64')}`
    let k = keys.get(id)
    if (!k) keys.set(id, (k = scryptSync(passphrase, salt, 32, cost)))
    return k
  }
  const salt = randomBytes(16)
  const wrong = () =>
    new PatchbayError(
      'forbidden',
      'A stored secret cannot be decrypted: wrong vault passphrase, or it belongs to another object',
    )
  return {
    store: 'vault',
    encrypt(plain, context) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key(salt), iv)
      cipher.setAAD(Buffer.from(context, 'utf8'))
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return ['v2', salt, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
        .join(':')
    },
    decrypt(text, context) {
      const [version, s, iv, tag, body] = text.split(':')
      if ((version !== 'v1' && version !== 'v2') || !s || !iv || !tag || body === undefined)
        throw new PatchbayError('internal', 'A stored secret is not in the vault format')
      try {
        const v1 = version === 'v1'
        const decipher = createDecipheriv(
          'aes-256-gcm',
          key(Buffer.from(s, 'base64'), v1 ? SCRYPT_V1 : SCRYPT),
          Buffer.from(iv, 'base64'),
        )
        if (!v1) decipher.setAAD(Buffer.from(context, 'utf8'))
        decipher.setAuthTag(Buffer.from(tag, 'base64'))
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
          'utf8',
        )
      } catch {
        throw wrong()
      }
    },
  }
}

/** The passphrase vault when PATCHBAY_VAULT_PASSPHRASE is set, otherwise none (saying `why` there is no keychain). */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env, why?: string): SecretsPort {
  return env.PATCHBAY_VAULT_PASSPHRASE ? vaultSecrets(env.PATCHBAY_VAULT_PASSPHRASE) : noSecrets(why)
}

/** The context a client's stored password or key passphrase is encrypted for. */
export function secretContext(resourceId: number, kind: string): string {
  return `resource:${resourceId}:${kind}`
}

/** The context a webhook's signing secret is encrypted for. */
export function webhookContext(url: string): string {
  return `webhook:${url}`
}
