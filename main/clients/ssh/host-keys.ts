import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { HostError, type KnownHostKey } from './types'

/** Where trusted host keys live: one key per host and port, as OpenSSH's known_hosts `[host]:port`. */
export interface HostKeyStore {
  get(host: string, port: number): KnownHostKey | null | Promise<KnownHostKey | null>
  trust(host: string, port: number, key: KnownHostKey): void | Promise<void>
  remove(host: string, port: number): void | Promise<void>
}

/** The known_hosts-style entry name: `host` for port 22, `[host]:port` otherwise. */
export function hostKeyEntry(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

/** OpenSSH's fingerprint of a raw key blob: `SHA256:` + unpadded base64 of sha256(blob), as `ssh-keygen -lf` prints. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** Builds a `KnownHostKey` from the raw key blob ssh2 hands to `hostVerifier` (its first field names the algorithm). */
export function hostKeyFromBlob(blob: Buffer): KnownHostKey {
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : 0
  const algorithm = len > 0 && 4 + len <= blob.length ? blob.toString('latin1', 4, 4 + len) : 'unknown'
  return { algorithm, key: blob.toString('base64'), fingerprint: sha256Fingerprint(blob) }
}

/** A host-key store in memory (tests, one-off CLI runs). */
export class MemoryHostKeyStore implements HostKeyStore {
  private readonly keys = new Map<string, KnownHostKey>()

  /** The key on record, or null. */
  get(host: string, port: number): KnownHostKey | null {
    return this.keys.get(hostKeyEntry(host, port)) ?? null
  }

  /** Records a key as trusted (replacing any older one). */
  trust(host: string, port: number, key: KnownHostKey): void {
    this.keys.set(hostKeyEntry(host, port), { ...key })
  }

  /** Forgets a host's key so the next one can be trusted. */
  remove(host: string, port: number): void {
    this.keys.delete(hostKeyEntry(host, port))
  }
}

interface HostKeyFile {
  version: 1
  hosts: Record<string, KnownHostKey & { trustedAt: string }>
}

/** A host-key store in a JSON file readable by its owner only (0600), rewritten atomically on each change. */
export class JsonFileHostKeyStore implements HostKeyStore {
  constructor(private readonly path: string) {}

  /** The key on record, or null. */
  get(host: string, port: number): KnownHostKey | null {
    const entry = this.read().hosts[hostKeyEntry(host, port)]
    return entry ? { algorithm: entry.algorithm, key: entry.key, fingerprint: entry.fingerprint } : null
  }

  /** Records a key as trusted (replacing any older one). */
  trust(host: string, port: number, key: KnownHostKey): void {
    const data = this.read()
    data.hosts[hostKeyEntry(host, port)] = { ...key, trustedAt: new Date().toISOString() }
    this.write(data)
  }

  /** Forgets a host's key so the next one can be trusted. */
  remove(host: string, port: number): void {
    const data = this.read()
    delete data.hosts[hostKeyEntry(host, port)]
    this.write(data)
  }

  private read(): HostKeyFile {
    if (!existsSync(this.path)) return { version: 1, hosts: {} }
    const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<HostKeyFile>
    return { version: 1, hosts: parsed.hosts ?? {} }
  }

  private write(data: HostKeyFile): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 })
    const tmp = `${this.path}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 })
    chmodSync(tmp, 0o600)
    renameSync(tmp, this.path)
  }
}

/** How `verifyHostKey` treats a host with no key on record. */
export interface VerifyHostKeyOptions {
  /** Trust (and store) a host's first key; only with the admin's explicit consent. */
  trustNew: boolean
  /** Target name for messages. */
  name?: string
}

/**
 * Checks the key a host presented against the store: a known key passes, an unknown key is stored only when
 * `trustNew`, otherwise refused ('host-key-unknown'); a different key is always refused ('host-key-changed').
 */
export async function verifyHostKey(
  store: HostKeyStore,
  host: string,
  port: number,
  presented: Buffer,
  options: VerifyHostKeyOptions,
): Promise<KnownHostKey> {
  const key = hostKeyFromBlob(presented)
  const known = await store.get(host, port)
  if (known) {
    if (known.key === key.key) return known
    throw new HostError(
      'host-key-changed',
      host,
      port,
      `host key changed — expected ${known.fingerprint}, got ${key.fingerprint}; remove the old key to trust the new one`,
      {
        name: options.name,
        fingerprint: key.fingerprint,
        expectedFingerprint: known.fingerprint,
        presentedKey: key,
      },
    )
  }
  if (!options.trustNew) {
    throw new HostError(
      'host-key-unknown',
      host,
      port,
      `unknown host key ${key.fingerprint} (${key.algorithm}); connect only after confirming this fingerprint`,
      { name: options.name, fingerprint: key.fingerprint, presentedKey: key },
    )
  }
  await store.trust(host, port, key)
  return key
}
