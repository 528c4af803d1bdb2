// The per-revision metadata files of wsusscn2.cab's detail cabs (package2.cab … packageN.cab), named by revision ID:
//   l/<lang>/<rev>  one <LocalizedProperties> with <Language>, <Title>, <Description>, <UninstallNotes>,
//                   <MoreInfoUrl>, <SupportUrl> (siveo Pulse 2's wsusscn2 importer reads exactly these; the
//                   "VWIN" wsusscn2 script reads LocalizedProperties.Title / .Description / .MoreInfoUrl)
//   x/<rev>         an XML FRAGMENT: several top-level elements, no single root ("This can have multiple root
//                   elements", VWIN script; "several sibling top-level elements, no single root", notes on the
//                   2026 cab): <ExtendedProperties MsrcSeverity="Critical" IsBeta="false" …> with children
//                   <InstallationBehavior/>, <SupportUrl>, <SecurityBulletinID>, <KBArticleID>, then e.g.
//                   <HandlerSpecificData>.
// Sources: test/fixtures/SOURCES.md (wsus/). Elements carry no namespace prefix there.
import { streamXml } from '../parsing/xml-stream'
import { quote } from '../parsing/one-line'
import { CatalogError } from './catalog-error'

/** Largest per-revision metadata file read (real ones are a few kilobytes). */
export const MAX_PROPERTIES_BYTES = 256 * 1024

/** What an l/<lang>/<rev> file says about a revision (absent fields were not there). */
export interface WsusLocalizedProperties {
  language?: string
  title?: string
  description?: string
  moreInfoUrl?: string
  supportUrl?: string
}

/** What an x/<rev> file says about a revision. */
export interface WsusExtendedProperties {
  /** Critical, Important, Moderate or Low. */
  msrcSeverity?: string
  /** Digits only ("5037771"). */
  kbArticleIds: string[]
  securityBulletinIds: string[]
  supportUrl?: string
}

/** MSRC severities the catalog keeps (MsrcSeverity attribute values). */
export const MSRC_SEVERITIES = ['Critical', 'Important', 'Moderate', 'Low'] as const

/**
 * Parses a metadata fragment: strips a BOM and XML declaration, refuses any DOCTYPE, wraps the top-level
 * siblings in one element and streams it, reporting each element's path and its text.
 */
function scanFragment(
  xml: string,
  file: string,
  onText: (path: readonly string[], text: string) => void,
  onOpen: (path: readonly string[], attrs: Record<string, string>) => void,
): void {
  if (xml.length > MAX_PROPERTIES_BYTES)
    throw new CatalogError(
      `${file}: ${xml.length} characters, more than the ${MAX_PROPERTIES_BYTES} a metadata file may have`,
    )
  const body = xml.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>/, '')
  if (/<!DOCTYPE/i.test(body))
    throw new CatalogError(`${file}: a DOCTYPE declaration is not accepted (no DTDs, no entity declarations)`)
  const path: string[] = []
  streamXml(
    `<fragment>${body}</fragment>`,
    {
      open(name, attrs) {
        path.push(name)
        onOpen(path, attrs)
      },
      close() {
        path.pop()
      },
      text(t) {
        onText(path, t)
      },
    },
    {
      localNames: true,
      fail: (line, message) => new CatalogError(`${file}${line === null ? '' : ` line ${line}`}: ${message}`),
    },
  )
}

/** An http(s) URL as written, or undefined (a javascript:, file: or relative "URL" is not kept). */
export function httpUrl(value: string | undefined): string | undefined {
  const v = value?.trim()
  if (!v) return undefined
  try {
    const u = new URL(v)
    return u.protocol === 'http:' || u.protocol === 'https:' ? v : undefined
  } catch {
    return undefined
  }
}

/**
 * Parses an l/<lang>/<rev> file (one <LocalizedProperties>). Text is trimmed; a SupportUrl or MoreInfoUrl that is
 * not http(s) is dropped with a warning. Throws CatalogError naming the file on malformed XML or a DOCTYPE.
 */
export function parseLocalizedProperties(
  xml: string,
  file: string,
  warnings: string[] = [],
): WsusLocalizedProperties {
  const text: Record<string, string> = {}
  let roots = 0
  scanFragment(
    xml,
    file,
    (path, t) => {
      if (path.length === 3 && path[1] === 'LocalizedProperties') text[path[2]!] = (text[path[2]!] ?? '') + t
    },
    (path) => {
      if (path.length === 2 && path[1] === 'LocalizedProperties') roots++
    },
  )
  if (roots !== 1) throw new CatalogError(`${file}: expected one <LocalizedProperties>, found ${roots}`)
  const out: WsusLocalizedProperties = {}
  const set = (key: keyof WsusLocalizedProperties, element: string) => {
    const v = text[element]?.trim()
    if (v) out[key] = v
  }
  set('language', 'Language')
  set('title', 'Title')
  set('description', 'Description')
  for (const [key, element] of [
    ['moreInfoUrl', 'MoreInfoUrl'],
    ['supportUrl', 'SupportUrl'],
  ] as const) {
    const raw = text[element]?.trim()
    const url = httpUrl(raw)
    if (url) out[key] = url
    else if (raw) warnings.push(`${file}: ${element} ${quote(raw)} is not an http(s) URL; not kept`)
  }
  return out
}

/**
 * Parses an x/<rev> fragment: <ExtendedProperties>' MsrcSeverity attribute and its KBArticleID, SecurityBulletinID
 * and SupportUrl children. An unknown severity, a KBArticleID that is not digits or a SupportUrl that is not
 * http(s) is dropped with a warning. Throws CatalogError naming the file on malformed XML or a DOCTYPE.
 */
export function parseExtendedProperties(
  xml: string,
  file: string,
  warnings: string[] = [],
): WsusExtendedProperties {
  const out: WsusExtendedProperties = { kbArticleIds: [], securityBulletinIds: [] }
  // The direct children of <ExtendedProperties> with their text, in order.
  const children: Array<[string, string]> = []
  let severity: string | undefined
  scanFragment(
    xml,
    file,
    (path, t) => {
      if (path.length === 3 && path[1] === 'ExtendedProperties' && children.length > 0)
        children[children.length - 1]![1] += t
    },
    (path, attrs) => {
      if (path.length === 2 && path[1] === 'ExtendedProperties') severity ??= attrs['MsrcSeverity']
      if (path.length === 3 && path[1] === 'ExtendedProperties') children.push([path[2]!, ''])
    },
  )
  for (const [name, value] of children) {
    const v = value.trim()
    if (!v) continue
    if (name === 'KBArticleID') {
      if (/^\d{1,10}$/.test(v)) out.kbArticleIds.push(v)
      else warnings.push(`${file}: KBArticleID ${quote(v)} is not a number; not kept`)
    } else if (name === 'SecurityBulletinID') out.securityBulletinIds.push(v)
    else if (name === 'SupportUrl') {
      const url = httpUrl(v)
      if (url) out.supportUrl ??= url
      else warnings.push(`${file}: SupportUrl ${quote(v)} is not an http(s) URL; not kept`)
    }
  }
  if (severity) {
    const known = MSRC_SEVERITIES.find((s) => s.toLowerCase() === severity!.toLowerCase())
    if (known) out.msrcSeverity = known
    else
      warnings.push(
        `${file}: MsrcSeverity ${quote(severity)} is not one of ${MSRC_SEVERITIES.join(', ')}; not kept`,
      )
  }
  return out
}
