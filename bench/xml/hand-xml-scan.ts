// The hand-written scanner main/clients/catalog/xml-scan.ts was until saxes replaced it, kept only as the
// baseline of bench/xml-scan.mjs.
import { CatalogError } from '../../main/clients/catalog/catalog-error'

/** Callbacks for `handScanXml`; element names arrive without any namespace prefix. */
export interface HandXmlHandlers {
  open(name: string, attrs: Record<string, string>, line: () => number): void
  close?(name: string): void
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decode(s: string, where: () => string): string {
  if (!s.includes('&')) return s
  return s.replace(/&([^;&\s]*);?/g, (whole, ent: string) => {
    if (!whole.endsWith(';')) throw new CatalogError(`${where()}: bare "&" (unterminated entity)`)
    if (ent in ENTITIES) return ENTITIES[ent]!
    const m = /^#(x[0-9a-fA-F]+|\d+)$/.exec(ent)
    if (!m) throw new CatalogError(`${where()}: unknown entity &${ent};`)
    return String.fromCodePoint(m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : Number(m[1]))
  })
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1)

/**
 * A strict, allocation-light XML scanner for large flat documents (WSUS package.xml is ~100k elements):
 * reports element opens with attributes and closes, checks nesting, skips text, comments, PIs and CDATA.
 * Throws CatalogError naming `file` and the line on malformed markup.
 */
export function handScanXml(xml: string, file: string, h: HandXmlHandlers): void {
  const stack: string[] = []
  let pos = 0
  let lineBase = 0
  let lineCount = 1
  const line = () => {
    for (let i = xml.indexOf('\n', lineBase); i >= 0 && i < pos; i = xml.indexOf('\n', i + 1)) {
      lineCount++
      lineBase = i + 1
    }
    return lineCount
  }
  const where = () => `${file} line ${line()}`
  let rootSeen = false
  while (true) {
    const lt = xml.indexOf('<', pos)
    if (lt < 0) break
    if (stack.length === 0 && xml.slice(pos, lt).trim() !== '')
      throw new CatalogError(`${where()}: text outside the root element`)
    pos = lt
    if (
      xml.startsWith('<!--', pos) ||
      xml.startsWith('<?', pos) ||
      xml.startsWith('<![CDATA[', pos) ||
      xml.startsWith('<!DOCTYPE', pos)
    ) {
      const close = xml.startsWith('<!--', pos)
        ? '-->'
        : xml.startsWith('<?', pos)
          ? '?>'
          : xml.startsWith('<![', pos)
            ? ']]>'
            : '>'
      const end = xml.indexOf(close, pos)
      if (end < 0) throw new CatalogError(`${where()}: unterminated ${xml.slice(pos, pos + 9)}`)
      pos = end + close.length
      continue
    }
    const gt = xml.indexOf('>', pos)
    if (gt < 0) throw new CatalogError(`${where()}: unterminated tag`)
    const tag = xml.slice(pos + 1, gt)
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim()
      const open = stack.pop()
      if (open !== name)
        throw new CatalogError(`${where()}: </${name}> does not close <${open ?? '(nothing)'}>`)
      h.close?.(localName(name))
      pos = gt + 1
      continue
    }
    const m = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)$/.exec(tag)
    if (!m) throw new CatalogError(`${where()}: malformed tag <${tag.slice(0, 80)}>`)
    if (stack.length === 0 && rootSeen) throw new CatalogError(`${where()}: a second root element <${m[1]}>`)
    rootSeen = true
    const attrs: Record<string, string> = {}
    if (m[2])
      for (const a of m[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1]! in attrs) throw new CatalogError(`${where()}: attribute ${a[1]} repeated in <${m[1]}>`)
        attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', where)
      }
    pos = gt + 1
    h.open(localName(m[1]!), attrs, line)
    if (m[3] === '/') h.close?.(localName(m[1]!))
    else stack.push(m[1]!)
  }
  if (xml.slice(pos).trim() !== '') throw new CatalogError(`${where()}: text after the root element`)
  if (stack.length > 0) throw new CatalogError(`${file}: ends inside <${stack[stack.length - 1]}>`)
  if (!rootSeen) throw new CatalogError(`${file}: no root element`)
}
