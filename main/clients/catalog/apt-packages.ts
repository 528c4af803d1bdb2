import { MAX_LINE_CHARS, sizeText } from '../parsing/limits'
import { quote } from '../parsing/one-line'
import { CatalogError } from './catalog-error'

/** One binary package stanza from a Debian Packages index. */
export interface CatalogPackage {
  package: string
  version: string
  architecture: string
  source?: string
  section?: string
  priority?: string
  /** Installed-Size, in KiB as Debian writes it. */
  installedSize?: number
  /** Size of the .deb in bytes. */
  size: number
  /** SHA256 of the .deb, lower-case hex. */
  sha256: string
  /** Pool path relative to the archive root, e.g. pool/updates/main/o/openssl/libssl3_3.0.17-1~deb12u3_amd64.deb. */
  filename: string
  /** The synopsis (first line of Description). */
  description: string
  maintainer?: string
  depends?: string
  homepage?: string
}

const REQUIRED = ['Package', 'Version', 'Architecture', 'Filename', 'Size', 'SHA256'] as const
const KEPT = new Set([
  ...REQUIRED,
  'Source',
  'Section',
  'Priority',
  'Installed-Size',
  'Description',
  'Maintainer',
  'Depends',
  'Homepage',
])

function toPackage(f: Map<string, string>, where: string, line: number): CatalogPackage {
  for (const name of REQUIRED)
    if (!f.get(name)) throw new CatalogError(`${where} stanza at line ${line}: missing ${name}`)
  const size = f.get('Size')!
  if (!/^\d+$/.test(size))
    throw new CatalogError(`${where} stanza at line ${line}: Size ${quote(size)} is not a number`)
  const sha256 = f.get('SHA256')!
  if (!/^[0-9a-fA-F]{64}$/.test(sha256))
    throw new CatalogError(`${where} stanza at line ${line}: SHA256 ${quote(sha256)} is not 64 hex digits`)
  const installed = f.get('Installed-Size')
  if (installed !== undefined && !/^\d+$/.test(installed))
    throw new CatalogError(
      `${where} stanza at line ${line}: Installed-Size ${quote(installed)} is not a number`,
    )
  const pkg: CatalogPackage = {
    package: f.get('Package')!,
    version: f.get('Version')!,
    architecture: f.get('Architecture')!,
    size: Number(size),
    sha256: sha256.toLowerCase(),
    filename: f.get('Filename')!,
    description: f.get('Description') ?? '',
  }
  const source = f.get('Source')
  if (source) pkg.source = source
  if (installed !== undefined) pkg.installedSize = Number(installed)
  for (const [field, key] of [
    ['Section', 'section'],
    ['Priority', 'priority'],
    ['Maintainer', 'maintainer'],
    ['Depends', 'depends'],
    ['Homepage', 'homepage'],
  ] as const) {
    const v = f.get(field)
    if (v !== undefined) pkg[key] = v
  }
  return pkg
}

/**
 * Yields each stanza of a Packages index (deb822: `Field: value`, continuation lines start with space or
 * tab, stanzas separated by blank lines). Throws CatalogError naming `where` and the line on bad syntax.
 */
export function* iteratePackages(text: string, where = 'Packages'): Generator<CatalogPackage> {
  let fields = new Map<string, string>()
  let last: string | null = null
  let stanzaLine = 0
  let lineNo = 0
  let pos = 0
  const len = text.length
  while (pos <= len) {
    let nl = text.indexOf('\n', pos)
    if (nl < 0) nl = len
    if (nl - pos > MAX_LINE_CHARS)
      throw new CatalogError(
        `${where} line ${lineNo + 1} is longer than ${sizeText(MAX_LINE_CHARS)} (${nl - pos} characters)`,
      )
    let end = nl
    if (end > pos && text.charCodeAt(end - 1) === 13) end-- // CRLF
    lineNo++
    const first = text.charCodeAt(pos)
    if (end === pos || (first !== 32 && first !== 9 && text.slice(pos, end).trim() === '')) {
      if (fields.size > 0) yield toPackage(fields, where, stanzaLine)
      fields = new Map()
      last = null
    } else if (first === 32 || first === 9) {
      if (last === null) throw new CatalogError(`${where} line ${lineNo}: continuation line before any field`)
    } else if (first === 35 && fields.size === 0) {
      // a comment line between stanzas (deb822 allows them)
    } else {
      const colon = text.indexOf(':', pos)
      if (colon < 0 || colon >= end) {
        throw new CatalogError(
          `${where} line ${lineNo}: expected "Field: value", got ${quote(text.slice(pos, Math.min(end, pos + 81)), 80)}`,
        )
      }
      const name = text.slice(pos, colon)
      if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name))
        throw new CatalogError(`${where} line ${lineNo}: bad field name ${quote(name)}`)
      if (fields.size === 0) stanzaLine = lineNo
      if (KEPT.has(name)) {
        if (fields.has(name))
          throw new CatalogError(`${where} line ${lineNo}: ${name} repeated in one stanza`)
        fields.set(name, text.slice(colon + 1, end).trim())
      } else if (fields.size === 0) {
        fields.set(' ', '') // an unkept first field still opens the stanza
      }
      last = name
    }
    pos = nl + 1
  }
  if (fields.size > 0) yield toPackage(fields, where, stanzaLine)
}

/** Parses a whole Packages index into an array; on any error throws and returns nothing. */
export function parsePackages(text: string, where = 'Packages'): CatalogPackage[] {
  return [...iteratePackages(text, where)]
}
