// Property and hostile-input tests of the zypper XML reader (saxes underneath): arbitrary and mutated XML
// parses or is refused on one ScanOutputError line; DOCTYPEs (entity bombs, external entities) are refused.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_OUTPUT_CHARS } from '../../../../main/clients/parsing/limits'
import { MAX_XML_DEPTH } from '../../../../main/clients/parsing/xml-stream'
import { findAll, parseXml } from '../../../../main/clients/platforms/xml-lite'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import {
  BILLION_LAUGHS,
  XXE,
  arbitraryText,
  elapsed,
  fixture,
  mutated,
  parsesOrRefuses,
  runs,
} from '../parsing/property-kit'

const OWN = [ScanOutputError]
const TOKENS = [
  '<',
  '>',
  '</',
  '/>',
  '<stream>',
  '</stream>',
  '<update ',
  'name="a"',
  '=',
  '"',
  "'",
  '&amp;',
  '&lt;',
  '&#65;',
  '&#x1F600;',
  '&',
  ';',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '<!DOCTYPE',
  ' ',
]

describe('parseXml (property)', () => {
  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(arbitraryText(TOKENS), (text) => void parsesOrRefuses(() => parseXml(text, 'zypper'), OWN)),
      runs(400),
    )
  })

  it('parses or refuses the recorded zypper XML mutated', () => {
    const base = fixture('suse/salt-zypper-xmlout-list-updates-sles12sp1.xml')
    fc.assert(
      fc.property(mutated(base), (text) => void parsesOrRefuses(() => parseXml(text, 'zypper'), OWN)),
      runs(300),
    )
  })
})

describe('parseXml refuses hostile documents', () => {
  it('refuses the billion laughs at its DOCTYPE, expanding nothing', () => {
    expect(() => parseXml(BILLION_LAUGHS, 'zypper')).toThrow(
      'zypper XML line 13: a DOCTYPE declaration is not accepted (no DTDs, no entity declarations)',
    )
  })

  it('refuses an external entity (XXE) at its DOCTYPE, reading no file', () => {
    expect(() => parseXml(XXE, 'zypper')).toThrow(/line 2: a DOCTYPE declaration is not accepted/)
  })

  it('treats an undeclared entity as an error, never as text or a lookup', () => {
    expect(() => parseXml('<stream>&x;</stream>', 'zypper')).toThrow(
      /line 1: unknown entity "&x;" \(only &lt; &gt; &amp; &quot; &apos; and character references\)/,
    )
    expect(() => parseXml('<stream a="&constructor;"/>', 'zypper')).toThrow(/unknown entity "&constructor;"/)
  })

  it('refuses character references outside Unicode or XML characters with a clear error', () => {
    for (const ref of ['&#99999999;', '&#x110000;', '&#0;', '&#xD800;'])
      expect(() => parseXml(`<a x="${ref}"/>`, 't')).toThrow(
        `t XML line 1: character reference "${ref}" is not an XML character`,
      )
  })

  it(`refuses nesting deeper than ${MAX_XML_DEPTH} levels (and 100k levels at once, without recursion)`, () => {
    const deep = (n: number) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`
    expect(findAll(parseXml(deep(MAX_XML_DEPTH), 't'), 'a')).toHaveLength(MAX_XML_DEPTH - 1)
    expect(() => parseXml(deep(MAX_XML_DEPTH + 1), 't')).toThrow(
      `elements nest deeper than ${MAX_XML_DEPTH} levels`,
    )
    expect(elapsed(() => expect(() => parseXml(deep(100_000), 't')).toThrow(/nest deeper/))).toBeLessThan(
      5_000,
    )
  })

  it('refuses XML over 64 MiB before parsing it', () => {
    const xml = `<stream>${' '.repeat(MAX_OUTPUT_CHARS)}</stream>`
    expect(() => parseXml(xml, 'zypper')).toThrow(
      /^zypper XML is 67108881 characters, more than the 64 MiB accepted$/,
    )
  })

  it('reads a 4 MiB attribute value full of entities in linear time (hang guard)', () => {
    const xml = `<stream a="${'x&amp;'.repeat((4 * 2 ** 20) / 6)}"/>`
    expect(elapsed(() => parseXml(xml, 't'))).toBeLessThan(10_000)
  })
})
