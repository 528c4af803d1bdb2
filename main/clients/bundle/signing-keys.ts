// Ed25519 signing keys for bundles: create a pair on disk, load them back (refusing a private key file that
// others can read, as ssh does), fingerprint them, sign and check manifest bytes.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { chmod, lstat, mkdir, open, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'

/** File name of the private key that `createSigningKeyPair` writes. */
export const PRIVATE_KEY_FILE = 'patchbay-signing.key'
/** File name of the public key that `createSigningKeyPair` writes. */
export const PUBLIC_KEY_FILE = 'patchbay-signing.pub'

/** A key pair written to disk, with the public key's fingerprint. */
export interface SigningKeyPairFiles {
  privateKeyPath: string
  publicKeyPath: string
  fingerprint: string
}

/** The raw 32-byte Ed25519 public key of a public or private key object. */
export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  assertEd25519(publicKey, 'key')
  const x = publicKey.export({ format: 'jwk' }).x
  if (typeof x !== 'string') throw new Error('Ed25519 key has no public part')
  return Buffer.from(x, 'base64url')
}

/** `SHA256:` + base64 (no padding, as ssh prints) of sha256 over the raw 32-byte public key. */
export function fingerprintOf(key: KeyObject): string {
  return 'SHA256:' + createHash('sha256').update(rawPublicKey(key)).digest('base64').replace(/=+$/, '')
}

/** An Ed25519 public key object from its raw 32 bytes. */
export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error(`An Ed25519 public key has 32 bytes, not ${raw.length}`)
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
}

/** Write a new Ed25519 key pair into `dir` (private 0600 PKCS8 PEM, public 0644 SPKI PEM); never overwrites unless `force`. */
export async function createSigningKeyPair(
  dir: string,
  opts: { force?: boolean } = {},
): Promise<SigningKeyPairFiles> {
  const privateKeyPath = join(dir, PRIVATE_KEY_FILE)
  const publicKeyPath = join(dir, PUBLIC_KEY_FILE)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  for (const path of [privateKeyPath, publicKeyPath]) {
    const exists = await lstat(path).then(
      () => true,
      () => false,
    )
    if (exists && !opts.force)
      throw new Error(`${path} already exists; refusing to overwrite a signing key (use --force)`)
    if (exists) await unlink(path)
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  await writeNew(privateKeyPath, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 0o600)
  await writeNew(publicKeyPath, publicKey.export({ format: 'pem', type: 'spki' }).toString(), 0o644)
  return { privateKeyPath, publicKeyPath, fingerprint: fingerprintOf(publicKey) }
}

/** Load an Ed25519 private key, refusing a file that group or others may read or write. */
export async function loadPrivateKey(path: string): Promise<KeyObject> {
  const st = await lstat(path)
  if (!st.isFile()) throw new Error(`${path} is not a regular file`)
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0')
    throw new Error(
      `Permissions ${mode} for '${path}' are too open: a private signing key must not be accessible by others. ` +
        `Run: chmod 600 '${path}'`,
    )
  }
  const key = createPrivateKey(await readFile(path))
  assertEd25519(key, path)
  return key
}

/** Load an Ed25519 public key (SPKI PEM). */
export async function loadPublicKey(path: string): Promise<KeyObject> {
  const pem = await readFile(path, 'utf8')
  if (pem.includes('PRIVATE KEY')) throw new Error(`${path} holds a private key; give the .pub file`)
  const key = createPublicKey(pem)
  assertEd25519(key, path)
  return key
}

/** The raw 64-byte Ed25519 signature of `data`. */
export function signBytes(data: Buffer, privateKey: KeyObject): Buffer {
  return sign(null, data, privateKey)
}

/** True when `signature` is a valid Ed25519 signature of `data` by `publicKey`. */
export function verifyBytes(data: Buffer, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return verify(null, data, publicKey, signature)
  } catch {
    return false
  }
}

function assertEd25519(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key, not an Ed25519 signing key`)
  }
}

async function writeNew(path: string, content: string, mode: number): Promise<void> {
  const fh = await open(path, 'wx', mode)
  try {
    await fh.writeFile(content)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await chmod(path, mode)
}
