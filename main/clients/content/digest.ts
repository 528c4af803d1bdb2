// Digests as update metadata gives them: Debian's SHA256 (hex), WSUS FileLocation Ids and catalog exports
// (SHA-1 or SHA-256, often base64). One parser decides the algorithm from the text, so a download is
// verified against whatever the metadata carries.
import { createHash, type Hash } from 'node:crypto'

/** Hash algorithms update metadata uses for payload files. */
export type DigestAlgorithm = 'sha1' | 'sha256'

/** A parsed digest: the algorithm and the value as lowercase hex. */
export interface Digest {
  algorithm: DigestAlgorithm
  hex: string
}

const BYTES: Record<DigestAlgorithm, number> = { sha1: 20, sha256: 32 }

/**
 * Parses a digest: `sha256:`/`sha1:` prefixed or bare, hex (64 = SHA-256, 40 = SHA-1) or base64 (32 or 20
 * bytes). Throws naming the text when it is neither.
 */
export function parseDigest(text: string): Digest {
  const raw = text.trim()
  const m = /^(sha1|sha-1|sha256|sha-256):(.*)$/i.exec(raw)
  const named = m ? (m[1]!.toLowerCase().replace('-', '') as DigestAlgorithm) : null
  const value = m ? m[2]!.trim() : raw
  const candidates: DigestAlgorithm[] = named ? [named] : ['sha256', 'sha1']
  for (const algorithm of candidates) {
    const n = BYTES[algorithm]
    if (new RegExp(`^[0-9a-fA-F]{${n * 2}}$`).test(value)) return { algorithm, hex: value.toLowerCase() }
    if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
      const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      if (
        bytes.length === n &&
        bytes.toString('base64').replace(/=+$/, '') ===
          value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
      )
        return { algorithm, hex: bytes.toString('hex') }
    }
  }
  throw new Error(`"${text}" is not a SHA-256 or SHA-1 digest (hex or base64)`)
}

/** Describes a digest for messages, e.g. `SHA-1 3f2a…`. */
export function describeDigest(d: Digest): string {
  return `${d.algorithm === 'sha1' ? 'SHA-1' : 'SHA-256'} ${d.hex}`
}

/** A pair of running hashes: always SHA-256 (what packages record), plus the metadata's algorithm when it differs. */
export class ContentHasher {
  private readonly sha256: Hash = createHash('sha256')
  private readonly other: Hash | null

  constructor(readonly expected: Digest) {
    this.other = expected.algorithm === 'sha256' ? null : createHash(expected.algorithm)
  }

  update(chunk: Buffer): void {
    this.sha256.update(chunk)
    this.other?.update(chunk)
  }

  /** The SHA-256 (hex) and the digest in the expected algorithm (hex). */
  digest(): { sha256: string; actual: string } {
    const sha256 = this.sha256.digest('hex')
    return { sha256, actual: this.other ? this.other.digest('hex') : sha256 }
  }
}
