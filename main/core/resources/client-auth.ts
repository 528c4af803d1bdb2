import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { SshAuth, SshTarget } from '../../clients/ssh'
import { secretContext, type SecretsPort } from '../runtime/secrets'
import type { Db } from '../runtime/site-context'

/** A client that cannot be reached because it has no usable credentials; the message says what to set. */
export class NoCredentialsError extends Error {
  override readonly name = 'NoCredentialsError'
}

/** The default private keys OpenSSH tries, in its order. */
export function defaultIdentityFiles(home = homedir()): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(home, '.ssh', f))
}

function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path
}

function readKey(path: string, resource: ResourceDto): Buffer {
  try {
    return readFileSync(expandHome(path))
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^[A-Z]+: /, '') : String(err)
    throw new NoCredentialsError(`${resource.name}: cannot read identity file ${path}: ${why}`)
  }
}

/** The stored secret of a resource, decrypted, or null. */
async function secretOf(
  db: Db,
  secrets: SecretsPort,
  resourceId: number,
): Promise<{ kind: string; value: string } | null> {
  const row = await db
    .selectFrom('secret')
    .select(['kind', 'ciphertext'])
    .where('resource_id', '=', resourceId)
    .executeTakeFirst()
  return row
    ? { kind: row.kind, value: secrets.decrypt(row.ciphertext, secretContext(resourceId, row.kind)) }
    : null
}

/**
 * How to log in to a client: its auth method, identity file, stored password or passphrase (decrypted here,
 * in the main process only), ssh-agent, or OpenSSH's default keys — in that order for "auto".
 */
export async function resolveTarget(
  db: Db,
  secrets: SecretsPort,
  resource: ResourceDto,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SshTarget> {
  const user = resource.user || env.USER || 'root'
  const base = { host: resource.address, port: resource.port, user, name: resource.name }
  const secret = resource.hasSecret ? await secretOf(db, secrets, resource.id) : null
  const passphrase = secret?.kind === 'passphrase' ? secret.value : undefined
  const keyAuth = (path: string): SshAuth => ({
    kind: 'key',
    privateKey: readKey(path, resource),
    passphrase,
  })
  const method = resource.authMethod
  if (method === 'password' || (method === 'auto' && secret?.kind === 'password')) {
    if (secret?.kind !== 'password') throw new NoCredentialsError(`${resource.name}: no password is stored`)
    return { ...base, auth: { kind: 'password', password: secret.value } }
  }
  if (method === 'key' || (method === 'auto' && resource.identityFile)) {
    const path = resource.identityFile || defaultIdentityFiles().find((f) => existsSync(f))
    if (!path)
      throw new NoCredentialsError(`${resource.name}: no identity file is set and ~/.ssh has no default key`)
    return { ...base, auth: keyAuth(path) }
  }
  if (method === 'agent' || env.SSH_AUTH_SOCK) {
    if (!env.SSH_AUTH_SOCK)
      throw new NoCredentialsError(`${resource.name}: ssh-agent is not running (SSH_AUTH_SOCK is unset)`)
    return { ...base, auth: { kind: 'agent', socket: env.SSH_AUTH_SOCK } }
  }
  const fallback = defaultIdentityFiles().find((f) => existsSync(f))
  if (fallback) return { ...base, auth: keyAuth(fallback) }
  throw new NoCredentialsError(
    `${resource.name}: no credentials — set an identity file or a password, or start ssh-agent`,
  )
}

/**
 * How to reach a Windows client by PowerShell remoting: its stored password (with the client's user), or
 * the console user's own Windows identity (Kerberos) when none is stored. WinRM's port defaults to 5985.
 */
export async function resolveRemotingTarget(
  db: Db,
  secrets: SecretsPort,
  resource: ResourceDto,
): Promise<SshTarget> {
  const secret = resource.hasSecret ? await secretOf(db, secrets, resource.id) : null
  const port = resource.port === 22 ? 5985 : resource.port
  const base = { host: resource.address, port, user: resource.user, name: resource.name }
  if (secret?.kind === 'password') return { ...base, auth: { kind: 'password', password: secret.value } }
  if (resource.authMethod === 'password')
    throw new NoCredentialsError(`${resource.name}: no password is stored`)
  return { ...base, auth: { kind: 'agent' } }
}
