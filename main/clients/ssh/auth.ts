import { createHash } from 'node:crypto'
import ssh2, { type AnyAuthMethod, type ParsedKey } from 'ssh2'

// ssh2 is CommonJS: Node's ESM loader sees only its default export, so named values come from it.
const { utils } = ssh2
import { HostError, type SshTarget } from './types'

/** Parses private keys once per pool (decrypting a passphrase-protected key costs ~100 ms of bcrypt). */
export class KeyCache {
  private readonly keys = new Map<string, ParsedKey | Error>()

  /** The parsed key, or the parse error (wrong passphrase, not a private key, unsupported format). */
  parse(privateKey: string | Buffer, passphrase?: string): ParsedKey | Error {
    const id = createHash('sha256')
      .update(privateKey)
      .update('\0')
      .update(passphrase ?? '')
      .digest('hex')
    let parsed = this.keys.get(id)
    if (!parsed) {
      const result = utils.parseKey(privateKey, passphrase)
      parsed = Array.isArray(result) ? (result[0] as ParsedKey) : result
      if (!(parsed instanceof Error) && !parsed.isPrivateKey()) parsed = new Error('not a private key')
      if (this.keys.size >= 64) this.keys.clear()
      this.keys.set(id, parsed)
    }
    return parsed
  }
}

/** The single ssh2 auth method for a target, or the 'auth-failed' error that makes connecting pointless. */
export function authMethod(target: SshTarget, keys: KeyCache): AnyAuthMethod | HostError {
  const { auth, user } = target
  const fail = (detail: string) =>
    new HostError('auth-failed', target.host, target.port, detail, { name: target.name, user })
  if (auth.kind === 'password') return { type: 'password', username: user, password: auth.password }
  if (auth.kind === 'agent') {
    const socket = auth.socket ?? process.env.SSH_AUTH_SOCK
    if (!socket) return fail(`authentication failed for user ${user} (ssh-agent: SSH_AUTH_SOCK is not set)`)
    return { type: 'agent', username: user, agent: socket }
  }
  const key = keys.parse(auth.privateKey, auth.passphrase)
  if (key instanceof Error) {
    const encrypted = /encrypted|passphrase|decrypt|bad auth/i.test(key.message)
    const why = encrypted
      ? auth.passphrase
        ? 'wrong passphrase for the private key'
        : 'the private key needs a passphrase'
      : `unusable private key: ${key.message}`
    return fail(`authentication failed for user ${user} (publickey): ${why}`)
  }
  return { type: 'publickey', username: user, key }
}
