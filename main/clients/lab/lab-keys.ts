import { sha256Fingerprint } from '../ssh/host-keys'

/** The fingerprint of a public key line `ssh-ed25519 AAAA… comment`. */
export function publicKeyFingerprint(line: string): string {
  return sha256Fingerprint(Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64'))
}
