import { spawnSync } from 'node:child_process'
import { CatalogError } from './catalog-error'

/** The osslsigncode binary (Debian package `osslsigncode`); override with PATCHBAY_OSSLSIGNCODE. */
export const OSSLSIGNCODE = process.env.PATCHBAY_OSSLSIGNCODE ?? 'osslsigncode'

/** Whom a signed cabinet must come from: a CA bundle (PEM) its chain ends in, and the signer's common name. */
export interface CabTrust {
  caBundle: string
  signer: string
}

/** The subject of the certificate that signed (Signer #0 under "Signer's certificate"), or ''. */
function signerSubject(out: string): string {
  const block = out.split(/^Signer's certificate:/m)[1] ?? ''
  return /Signer #0:\s*\n\s*Subject:\s*(.+)/.exec(block)?.[1]?.trim() ?? ''
}

/** The CN of a subject printed as /C=US/O=…/CN=…, or ''. */
function commonName(subject: string): string {
  return /(?:^|\/)CN=([^/]*)/.exec(subject)?.[1] ?? ''
}

/**
 * Verifies a cabinet's Authenticode signature with osslsigncode: the file must be signed, unchanged since, by a
 * certificate whose chain ends in `trust.caBundle` and whose common name is `trust.signer`. Returns the signer's
 * subject; throws CatalogError naming why it is refused.
 */
export function verifyCabSignature(cab: string, trust: CabTrust, bin = OSSLSIGNCODE): string {
  const r = spawnSync(bin, ['verify', '-in', cab, '-CAfile', trust.caBundle], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  if (r.error)
    throw new CatalogError(`${cab}: cannot run ${bin} (${r.error.message}); apt-get install osslsigncode`)
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`
  if (r.status !== 0 || !/^Signature verification: ok$/m.test(out)) {
    const why = /No signature found/.test(out)
      ? 'it is not signed'
      : /MISMATCH/.test(out)
        ? 'it was changed after it was signed (digest mismatch)'
        : /unable to get local issuer certificate|certificate verify error|self.signed/i.test(out)
          ? `its signer's chain does not end in a certificate of ${trust.caBundle}`
          : /Error loading|No such file|unable to load/i.test(out)
            ? `${trust.caBundle} is not a readable PEM CA bundle`
            : `osslsigncode verify failed (${out.trim().split('\n').at(-2) ?? 'no output'})`
    throw new CatalogError(`${cab}: Authenticode signature refused: ${why}`)
  }
  const subject = signerSubject(out)
  if (commonName(subject) !== trust.signer)
    throw new CatalogError(
      `${cab}: Authenticode signature refused: signed by "${subject || 'unknown'}", not by "${trust.signer}"`,
    )
  return subject
}
