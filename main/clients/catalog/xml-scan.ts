import { streamXml } from '../parsing/xml-stream'
import { CatalogError } from './catalog-error'

/** Callbacks for `scanXml`; element names arrive without any namespace prefix. */
export interface XmlHandlers {
  open(name: string, attrs: Record<string, string>, line: () => number): void
  close?(name: string): void
}

/**
 * Streams a large flat XML document (WSUS package.xml is ~100k elements) through saxes: reports element opens
 * with attributes and closes, skips text, comments and PIs; refuses DOCTYPE declarations (no entity expansion,
 * no external entities). Throws CatalogError naming `file` and the line on malformed markup.
 */
export function scanXml(xml: string, file: string, h: XmlHandlers): void {
  streamXml(
    xml,
    { open: (name, attrs, line) => h.open(name, attrs, () => line), close: (name) => h.close?.(name) },
    {
      localNames: true,
      fail: (line, message) => new CatalogError(`${file}${line === null ? '' : ` line ${line}`}: ${message}`),
    },
  )
}
