import { MAX_OUTPUT_CHARS, checkTextSize } from '../parsing/limits'
import { streamXml } from '../parsing/xml-stream'
import { ScanOutputError } from './types'

/** An element of a small XML document. */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  text: string
}

/**
 * Parses the plain XML that tools like zypper --xmlout print into a tree (elements, attributes, text; entities
 * and CDATA decoded) with saxes. DOCTYPE declarations are refused, so no entity is ever expanded or fetched;
 * anything malformed, over MAX_OUTPUT_CHARS or nested deeper than MAX_XML_DEPTH throws a ScanOutputError.
 */
export function parseXml(xml: string, tool: string): XmlElement {
  checkTextSize(xml, MAX_OUTPUT_CHARS, `${tool} XML`, (m) => new ScanOutputError(m))
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' }
  const stack: XmlElement[] = [root]
  streamXml(
    xml,
    {
      open(name, attrs) {
        const el: XmlElement = { name, attrs: { ...attrs }, children: [], text: '' }
        stack[stack.length - 1]!.children.push(el)
        stack.push(el)
      },
      close() {
        stack.pop()
      },
      text(text) {
        stack[stack.length - 1]!.text += text
      },
    },
    {
      fail: (line, message) =>
        new ScanOutputError(`${tool} XML${line === null ? '' : ` line ${line}`}: ${message}`),
    },
  )
  return root.children[0]!
}

/** Every descendant element with the given name, in document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = []
  const pending = [...el.children].reverse()
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.name === name) out.push(next)
    for (let i = next.children.length - 1; i >= 0; i--) pending.push(next.children[i]!)
  }
  return out
}
