// The verdict types of a bundle check, and the signature + trust check of a manifest.
import type { KeyObject } from 'node:crypto'
import { MANIFEST_NAME, SIGNATURE_NAME, type BundleManifest } from './manifest'
import { fingerprintOf, publicKeyFromRaw, verifyBytes } from './signing-keys'

/** What can be wrong with a bundle. */
export type BundleProblemKind =
  | 'signature'
  | 'untrusted-key'
  | 'missing-file'
  | 'extra-file'
  | 'changed-file'
  | 'size-mismatch'
  | 'path-escape'
  | 'symlink'
  | 'device'
  | 'duplicate'
  | 'oversize'
  | 'malformed'

/** One problem; `path` is the manifest path for file-level problems, the raw tar name for unsafe or odd entries. */
export interface BundleProblem {
  kind: BundleProblemKind
  path?: string
  message: string
}

/** Who signed a bundle, and whether the caller trusts that key. */
export interface BundleSigner {
  fingerprint: string
  trusted: boolean
}

/** Trusted public keys by fingerprint (throws on a key that is not Ed25519, before any bundle is read). */
export function trustedKeyMap(keys: readonly KeyObject[]): Map<string, KeyObject> {
  return new Map(keys.map((k) => [fingerprintOf(k), k]))
}

/** Check manifest.sig against the manifest bytes: the signer, and the problem if any (null = valid and acceptable). */
export function checkManifestSignature(
  manifest: BundleManifest,
  manifestBytes: Buffer,
  sigFile: Buffer,
  trusted: Map<string, KeyObject>,
  requireTrusted: boolean,
): { signer: BundleSigner; problem: BundleProblem | null } {
  const fingerprint = manifest.signingKey.fingerprint
  const trustedKey = trusted.get(fingerprint)
  const signer = { fingerprint, trusted: trustedKey !== undefined }
  const text = sigFile.toString('latin1').trim()
  const problem = (kind: BundleProblemKind, path: string, message: string) => ({
    signer,
    problem: { kind, path, message },
  })
  if (!/^[A-Za-z0-9+/]{86}==$/.test(text)) {
    return problem('signature', SIGNATURE_NAME, 'manifest.sig is not a base64 Ed25519 signature')
  }
  let embedded: KeyObject
  try {
    embedded = publicKeyFromRaw(Buffer.from(manifest.signingKey.publicKey, 'base64'))
  } catch {
    return problem('signature', MANIFEST_NAME, "the manifest's public key is not a valid Ed25519 key")
  }
  if (fingerprintOf(embedded) !== fingerprint) {
    const message = `the manifest's public key does not have the fingerprint it claims (${fingerprint})`
    return problem('signature', MANIFEST_NAME, message)
  }
  if (!verifyBytes(manifestBytes, Buffer.from(text, 'base64'), trustedKey ?? embedded)) {
    const message = 'the signature does not match manifest.json: the manifest was changed after signing'
    return problem('signature', MANIFEST_NAME, message)
  }
  if (requireTrusted && !trustedKey) {
    return problem('untrusted-key', SIGNATURE_NAME, `signed by ${fingerprint}, which is not a trusted key`)
  }
  return { signer, problem: null }
}
