import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CatalogError } from './catalog-error'

/** Debian's archive keyring on Debian/Ubuntu hosts (package debian-archive-keyring). */
export const DEBIAN_ARCHIVE_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg'

/**
 * Verifies an InRelease clear signature (or a Release with its detached Release.gpg) with
 * `gpgv --keyring <keyring>` (package gpgv); returns the
 * signer's key fingerprint. Throws CatalogError when gpgv is missing or the signature is bad or unknown.
 */
export function verifyReleaseSignature(
  data: Buffer,
  keyring: string,
  where: string,
  detached?: Buffer,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-gpgv-'))
  try {
    const file = join(dir, 'Release')
    writeFileSync(file, data)
    const files = [file]
    if (detached) {
      writeFileSync(`${file}.gpg`, detached)
      files.unshift(`${file}.gpg`)
    }
    const r = spawnSync('gpgv', ['--keyring', keyring, '--status-fd', '1', ...files], { encoding: 'utf8' })
    if (r.error)
      throw new CatalogError(`${where}: cannot run gpgv (${r.error.message}); apt-get install gpgv`)
    const valid = /^\[GNUPG:\] VALIDSIG ([0-9A-F]+)/m.exec(r.stdout)
    if (r.status !== 0 || !valid) {
      const why = /^\[GNUPG:\] (BADSIG|ERRSIG|NO_PUBKEY|EXPKEYSIG|REVKEYSIG|NODATA)\b.*$/m.exec(r.stdout)
      throw new CatalogError(
        `${where}: OpenPGP signature not valid against ${keyring} (${why?.[0] ?? r.stderr.trim().split('\n').pop()})`,
      )
    }
    return valid[1]!
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
