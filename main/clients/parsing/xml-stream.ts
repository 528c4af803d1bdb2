// A thin layer over saxes (a conformant, non-validating streaming XML parser) for the XML readers of outside
// data: it refuses DOCTYPE declarations (so no entity expansion and no external entities, ever), bounds the
// nesting depth, and turns every well-formedness error into one line naming the place and the problem.
import { SaxesParser } from 'saxes'
import { quote } from './one-line'

/** Deepest element nesting accepted; the documents read here (package.xml, zypper --xmlout) nest about 6 deep. */
export const MAX_XML_DEPTH = 256

/** What `streamXml` reports; names are qualified names (`ns:Update`) unless `localNames` is set. */
export interface XmlEvents {
  open(name: string, attrs: Record<string, string>, line: number): void
  close?(name: string): void
  /** Character data (entities decoded, CDATA included) inside the current element. */
  text?(text: string): void
}

/** How `streamXml` names the document and builds its errors. */
export interface XmlStreamOptions {
  /** Reports element names without their namespace prefix. */
  localNames?: boolean
  /** The error to throw for a problem at a line (null when the problem is the document as a whole). */
  fail(line: number | null, message: string): Error
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1)

/** The entity reference that ends just before `end` (after its ';'), as written. */
function referenceBefore(xml: string, end: number): string {
  const amp = xml.lastIndexOf('&', end - 1)
  return amp < 0 ? '' : xml.slice(amp, Math.min(end, amp + 40))
}

/** The name of the close tag that ends just before `end` (after its '>'), as written. */
function closeTagBefore(xml: string, end: number): string {
  const lt = xml.lastIndexOf('</', end - 1)
  return lt < 0 ? '?' : xml.slice(lt + 2, Math.min(end - 1, lt + 130)).trim()
}

/**
 * Parses `xml` in one pass, calling `events` for each element; throws `options.fail(...)` at the first
 * well-formedness error, DOCTYPE declaration, or nesting deeper than MAX_XML_DEPTH. No DTD is ever read,
 * so only the five predefined entities and character references are known.
 */
export function streamXml(xml: string, events: XmlEvents, options: XmlStreamOptions): void {
  const parser = new SaxesParser({ position: true })
  const { fail } = options
  const name = (qname: string) => (options.localNames ? localName(qname) : qname)
  const open: string[] = []
  let lastClosed = ''
  parser.on('doctype', () => {
    throw fail(parser.line, 'a DOCTYPE declaration is not accepted (no DTDs, no entity declarations)')
  })
  parser.on('opentag', (node) => {
    if (open.length >= MAX_XML_DEPTH)
      throw fail(parser.line, `elements nest deeper than ${MAX_XML_DEPTH} levels`)
    open.push(node.name)
    events.open(name(node.name), node.attributes as Record<string, string>, parser.line)
    if (node.isSelfClosing) open.pop()
  })
  parser.on('closetag', (node) => {
    if (!node.isSelfClosing) lastClosed = open.pop() ?? ''
    events.close?.(name(node.name))
  })
  if (events.text) {
    const text = events.text
    parser.on('text', (t) => open.length > 0 && text(t))
    parser.on('cdata', (t) => open.length > 0 && text(t))
  }
  parser.on('error', (err) => {
    const raw = err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')
    throw fail(parser.line, problem(raw))
  })
  const problem = (raw: string): string => {
    const pending = (parser as unknown as { entity?: unknown }).entity
    if (typeof pending === 'string' && pending !== '') return 'bare "&" (unterminated entity reference)'
    if (raw === 'unexpected close tag' || raw.startsWith('unmatched closing tag'))
      return `</${closeTagBefore(xml, parser.position)}> does not close <${lastClosed || '(nothing)'}>`
    if (raw.startsWith('unclosed tag: ')) return `ends inside <${raw.slice('unclosed tag: '.length)}>`
    if (raw === 'undefined entity')
      return `unknown entity ${quote(referenceBefore(xml, parser.position))} (only &lt; &gt; &amp; &quot; &apos; and character references)`
    if (raw === 'malformed character entity')
      return `character reference ${quote(referenceBefore(xml, parser.position))} is not an XML character`
    if (raw === 'disallowed character in entity name' || raw === 'empty entity name')
      return 'bare "&" (unterminated entity reference)'
    if (raw === 'document must contain a root element') return 'no root element'
    if (/attribute|tag name|forward-slash|whitespace between/.test(raw)) return `malformed tag: ${raw}`
    return raw
  }
  parser.write(xml).close()
}
