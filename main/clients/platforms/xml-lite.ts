import { ScanOutputError } from './types'

/** An element of a small XML document. */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  text: string
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decode(s: string, where: () => string): string {
  return s.replace(/&([^;&\s]*);?/g, (whole, ent: string) => {
    if (!whole.endsWith(';')) throw new ScanOutputError(`${where()}: bare "&" (unterminated entity)`)
    if (ent in ENTITIES) return ENTITIES[ent]!
    const m = /^#(x[0-9a-fA-F]+|\d+)$/.exec(ent)
    if (!m) throw new ScanOutputError(`${where()}: unknown entity &${ent};`)
    return String.fromCodePoint(m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : Number(m[1]))
  })
}

/**
 * Parses the plain XML that tools like zypper --xmlout print: elements, attributes, text and entities.
 * No DTDs, CDATA or namespaces; anything malformed (mismatched or unclosed tags, bad attributes) throws.
 */
export function parseXml(xml: string, tool: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' }
  const stack: XmlElement[] = [root]
  let pos = 0
  const lineAt = (p: number) => xml.slice(0, p).split('\n').length
  const where = () => `${tool} XML line ${lineAt(pos)}`
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos)
    const textEnd = lt < 0 ? xml.length : lt
    if (textEnd > pos) {
      const text = xml.slice(pos, textEnd)
      if (stack.length === 1 && text.trim() !== '')
        throw new ScanOutputError(`${where()}: text outside the root element`)
      stack[stack.length - 1]!.text += decode(text, where)
      pos = textEnd
      continue
    }
    if (xml.startsWith('<?', pos) || xml.startsWith('<!--', pos)) {
      const close = xml.indexOf(xml.startsWith('<?', pos) ? '?>' : '-->', pos)
      if (close < 0) throw new ScanOutputError(`${where()}: unterminated declaration or comment`)
      pos = close + (xml.startsWith('<?', pos) ? 2 : 3)
      continue
    }
    const gt = xml.indexOf('>', pos)
    if (gt < 0) throw new ScanOutputError(`${where()}: unterminated tag`)
    const tag = xml.slice(pos + 1, gt)
    const end = /^\/([A-Za-z_][\w.:-]*)\s*$/.exec(tag)
    if (end) {
      const open = stack.pop()!
      if (stack.length === 0 || open.name !== end[1])
        throw new ScanOutputError(`${where()}: </${end[1]}> does not close <${open.name}>`)
      pos = gt + 1
      continue
    }
    const m = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)$/.exec(tag)
    if (!m) throw new ScanOutputError(`${where()}: malformed tag <${tag.slice(0, 80)}>`)
    const el: XmlElement = { name: m[1]!, attrs: {}, children: [], text: '' }
    for (const a of m[2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (a[1]! in el.attrs)
        throw new ScanOutputError(`${where()}: attribute ${a[1]} repeated in <${el.name}>`)
      el.attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', where)
    }
    if (stack.length === 1 && root.children.length > 0)
      throw new ScanOutputError(`${where()}: a second root element <${el.name}>`)
    stack[stack.length - 1]!.children.push(el)
    if (m[3] !== '/') stack.push(el)
    pos = gt + 1
  }
  if (stack.length > 1)
    throw new ScanOutputError(`${tool} XML ends inside <${stack[stack.length - 1]!.name}>`)
  const top = root.children[0]
  if (!top) throw new ScanOutputError(`${tool} XML has no root element`)
  return top
}

/** Every descendant element with the given name, in document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)])
}
