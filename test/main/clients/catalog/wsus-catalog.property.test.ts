// Property and hostile-input tests of the WSUS package.xml reader (saxes underneath): a catalog in the
// published OfflineSyncPackage shape, mutated or arbitrary, parses or is refused on one CatalogError line;
// DOCTYPEs (entity bombs, external entities), deep nesting and bad references are refused.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CatalogError } from '../../../../main/clients/catalog/catalog-error'
import { parseWsusPackageXml } from '../../../../main/clients/catalog/wsus-catalog'
import { scanXml } from '../../../../main/clients/catalog/xml-scan'
import {
  BILLION_LAUGHS,
  XXE,
  arbitraryText,
  elapsed,
  mutated,
  parsesOrRefuses,
  runs,
} from '../parsing/property-kit'
import { buildPackageXml } from './wsus-fixture'

const OWN = [CatalogError]
const SECURITY = '0fa1201d-4330-4fa8-8ae9-b877473b6441'
const PRODUCT = '6964aab4-c5b5-43bd-a17d-ffb4346a8e1d'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const XML = buildPackageXml(
  [
    {
      id: id(1),
      rev: 1001,
      bundle: true,
      classification: SECURITY,
      products: [PRODUCT],
      supersededBy: [1003],
      languages: ['en', 'de'],
    },
    { id: id(2), rev: 1002, bundledBy: [1001], files: ['dI/r/6eaeuQoaxb/PDc7rzRAleY='] },
    { id: id(3), rev: 1003, bundle: true, classification: SECURITY, products: [PRODUCT], prereqs: [PRODUCT] },
  ],
  [['dI/r/6eaeuQoaxb/PDc7rzRAleY=', 'http://download.windowsupdate.com/c/msdownload/update/kb5035845.cab']],
)
const TOKENS = [
  '<OfflineSyncPackage>',
  '</OfflineSyncPackage>',
  '<Updates>',
  '<Update ',
  'UpdateId="',
  'RevisionId="1"',
  '/>',
  '>',
  '<',
  '"',
  '&',
  '&amp;',
  ';',
  '<!--',
  '-->',
  '<!DOCTYPE x>',
]

describe('parseWsusPackageXml (property)', () => {
  it('the generated catalog parses', () => {
    expect(parseWsusPackageXml(XML).updates).toHaveLength(3)
  })

  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(
        arbitraryText(TOKENS),
        (text) => void parsesOrRefuses(() => parseWsusPackageXml(text), OWN),
      ),
      runs(400),
    )
  })

  it('parses or refuses the catalog mutated (huge revision numbers, poisoned attributes, truncation)', () => {
    fc.assert(
      fc.property(mutated(XML), (text) => void parsesOrRefuses(() => parseWsusPackageXml(text), OWN)),
      runs(400),
    )
  })
})

describe('package.xml readers refuse hostile documents', () => {
  const root = (inner: string) => inner.replace(/<stream>.*<\/stream>/s, '<OfflineSyncPackage/>')

  it('refuses the billion laughs at its DOCTYPE, before any entity is read', () => {
    expect(() => parseWsusPackageXml(root(BILLION_LAUGHS))).toThrow(
      /^package\.xml line 13: a DOCTYPE declaration is not accepted \(no DTDs, no entity declarations\)$/,
    )
    expect(elapsed(() => void parsesOrRefuses(() => parseWsusPackageXml(BILLION_LAUGHS), OWN))).toBeLessThan(
      1_000,
    )
  })

  it('refuses an external entity (XXE) at its DOCTYPE, reading no file', () => {
    expect(() => parseWsusPackageXml(XXE)).toThrow(/line 2: a DOCTYPE declaration is not accepted/)
    expect(() => scanXml(XXE, 'x.xml', { open() {} })).toThrow(CatalogError)
  })

  it('refuses undeclared entities and character references that are not XML characters', () => {
    const withAttr = (v: string) => XML.replace('PackageVersion="1.1"', `PackageVersion="${v}"`)
    expect(() => parseWsusPackageXml(withAttr('&xxe;'))).toThrow(/line 2: unknown entity "&xxe;"/)
    expect(() => parseWsusPackageXml(withAttr('&#99999999;'))).toThrow(
      /character reference "&#99999999;" is not an XML character/,
    )
    expect(() => parseWsusPackageXml(withAttr('&#0;'))).toThrow(
      /character reference "&#0;" is not an XML character/,
    )
  })

  it('refuses 100k nested elements without recursion', () => {
    const deep = `<OfflineSyncPackage>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</OfflineSyncPackage>`
    expect(() => parseWsusPackageXml(deep)).toThrow(/elements nest deeper than 256 levels/)
  })

  it('names a control character in the document on one line', () => {
    expect(() =>
      parseWsusPackageXml(XML.replace('PackageVersion="1.1"', 'PackageVersion="1\u0000"')),
    ).toThrow(/^package\.xml line 2: disallowed character$/)
  })
})
