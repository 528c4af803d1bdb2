import { splitLines } from '../parsing/limits'
import { quote } from '../parsing/one-line'
import { CatalogError } from './catalog-error'

/** Largest Release/InRelease accepted, in characters (Debian's and Ubuntu's are a few hundred KiB). */
export const MAX_RELEASE_CHARS = 16 * 1024 * 1024

/** One file a Release lists in its SHA256 section. */
export interface ReleaseFile {
  path: string
  size: number
  sha256: string
}

/** A parsed Release / InRelease file. */
export interface AptRelease {
  origin?: string
  label?: string
  suite?: string
  codename?: string
  /** ISO 8601, from the Date field. */
  date?: string
  /** ISO 8601, from Valid-Until; absent when the archive never goes stale. */
  validUntil?: string
  architectures: string[]
  components: string[]
  acquireByHash: boolean
  /** The SHA256 file list, keyed by path relative to dists/<suite>/. */
  files: Map<string, ReleaseFile>
  /** Whether the text came clearsigned (InRelease); the signature itself is checked by `verifyReleaseSignature`. */
  signed: boolean
  /** All single-line fields as written. */
  fields: Record<string, string>
}

const BEGIN_SIGNED = '-----BEGIN PGP SIGNED MESSAGE-----'
const BEGIN_SIG = '-----BEGIN PGP SIGNATURE-----'

/** Strips an OpenPGP clear-signature armor (RFC 4880 §7), undoing dash-escaping; plain text passes through. */
export function stripClearsign(text: string, where: string): { body: string; signed: boolean } {
  const lines = splitLines(text, where, (m) => new CatalogError(m), { maxChars: MAX_RELEASE_CHARS })
  const start = lines.findIndex((l) => l.trim() !== '')
  if (start < 0 || lines[start] !== BEGIN_SIGNED) {
    if (text.includes(BEGIN_SIG))
      throw new CatalogError(`${where}: a PGP signature without a signed-message header`)
    return { body: lines.join('\n') + '\n', signed: false }
  }
  let i = start + 1
  while (i < lines.length && lines[i] !== '') {
    if (!/^[A-Za-z-]+: /.test(lines[i]!)) throw new CatalogError(`${where} line ${i + 1}: bad armor header`)
    i++
  }
  const end = lines.indexOf(BEGIN_SIG, i)
  if (end < 0) throw new CatalogError(`${where}: clearsigned text has no "${BEGIN_SIG}" line`)
  if (!lines.slice(end).includes('-----END PGP SIGNATURE-----'))
    throw new CatalogError(`${where}: the PGP signature block is not terminated`)
  const body = lines.slice(i + 1, end).map((l) => (l.startsWith('- ') ? l.slice(2) : l))
  return { body: body.join('\n') + '\n', signed: true }
}

function isoDate(value: string, field: string, where: string): string {
  const ms = Date.parse(value.replace(/\bUTC$/, 'GMT'))
  if (Number.isNaN(ms)) throw new CatalogError(`${where}: ${field} ${quote(value)} is not a date`)
  return new Date(ms).toISOString()
}

/** Parses Release or InRelease text; throws CatalogError naming the file and line on anything malformed. */
export function parseRelease(text: string, where = 'Release'): AptRelease {
  const { body, signed } = stripClearsign(text, where)
  const fields: Record<string, string> = {}
  const files = new Map<string, ReleaseFile>()
  let section: string | null = null
  let sawSha256 = false
  const lines = body.split('\n')
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!
    const lineNo = n + 1
    if (line.trim() === '') continue
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (section === null)
        throw new CatalogError(`${where} line ${lineNo}: continuation line outside a field`)
      if (section !== 'SHA256') continue // MD5Sum, SHA1, SHA512: not trusted here
      const m = /^\s+([0-9a-fA-F]{64})\s+(\d+)\s+(\S+)\s*$/.exec(line)
      if (!m) throw new CatalogError(`${where} line ${lineNo}: malformed SHA256 entry ${quote(line.trim())}`)
      files.set(m[3]!, { path: m[3]!, size: Number(m[2]), sha256: m[1]!.toLowerCase() })
      continue
    }
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*):\s*(.*)$/.exec(line)
    if (!m) throw new CatalogError(`${where} line ${lineNo}: expected "Field: value", got ${quote(line, 80)}`)
    const [, name, value] = m as unknown as [string, string, string]
    if (value.trim() === '') {
      section = name
      if (name === 'SHA256') sawSha256 = true
    } else {
      section = name
      fields[name] = value.trim()
    }
  }
  if (!sawSha256) throw new CatalogError(`${where}: no SHA256 section (MD5Sum/SHA1 alone are not trusted)`)
  if (files.size === 0) throw new CatalogError(`${where}: the SHA256 section lists no files`)
  const list = (v: string | undefined) => (v ? v.split(/\s+/).filter(Boolean) : [])
  return {
    origin: fields['Origin'],
    label: fields['Label'],
    suite: fields['Suite'],
    codename: fields['Codename'],
    date: fields['Date'] ? isoDate(fields['Date'], 'Date', where) : undefined,
    validUntil: fields['Valid-Until'] ? isoDate(fields['Valid-Until'], 'Valid-Until', where) : undefined,
    architectures: list(fields['Architectures']),
    components: list(fields['Components']),
    acquireByHash: (fields['Acquire-By-Hash'] ?? '').toLowerCase() === 'yes',
    files,
    signed,
    fields,
  }
}
