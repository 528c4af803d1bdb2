// Property tests of the Microsoft Update Catalog / WSUS export CSV reader: the recorded export mutated, or
// arbitrary CSV, parses or is refused with a one-line CatalogError; sizes and dates are read in linear time.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CatalogError } from '../../../../main/clients/catalog/catalog-error'
import { parseUpdateCatalogCsv } from '../../../../main/clients/catalog/update-catalog-csv'
import {
  arbitraryText,
  elapsed,
  expectLinear,
  fixture,
  mutated,
  parsesOrRefuses,
  runs,
} from '../parsing/property-kit'

const OWN = [CatalogError]
const CSV = fixture('catalog/update-catalog-export.csv')

describe('parseUpdateCatalogCsv (property)', () => {
  it('the recorded export parses', () => {
    expect(parseUpdateCatalogCsv(CSV).length).toBeGreaterThan(3)
  })

  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(
        arbitraryText([
          'Title,Classification,KB\n',
          ',',
          '"',
          '""',
          'Security Updates',
          'KB5037782',
          '12.5 MB',
          '5/14/2024',
        ]),
        (text) => void parsesOrRefuses(() => parseUpdateCatalogCsv(text), OWN),
      ),
      runs(300),
    )
  })

  it('parses or refuses the recorded export mutated', () => {
    fc.assert(
      fc.property(mutated(CSV), (text) => void parsesOrRefuses(() => parseUpdateCatalogCsv(text), OWN)),
      runs(300),
    )
  })

  it('reads a 200k-digit Size or date field in linear time', () => {
    const values = [
      `${'1'.repeat(200_000)}!`,
      `${'1'.repeat(200_000)} !`,
      `${'1,'.repeat(100_000)}x`,
      `${'1'.repeat(200_000)}.`,
    ]
    for (const value of values)
      for (const column of ['Size', 'Last Updated']) {
        const csv = `Title,Classification,KB,${column}\nT,Updates,KB1234567,"${value}"\n`
        expect(elapsed(() => expect(() => parseUpdateCatalogCsv(csv)).toThrow(CatalogError))).toBeLessThan(
          2_000,
        )
      }
  })

  it('reads hostile rows in linear time (hang guard)', () => {
    expectLinear(
      (t) => parseUpdateCatalogCsv(t),
      ['1', '1,', '"', '""', 'KB1234567 '],
      (line) => `${CSV}${line}\n`,
    )
  })

  it('refuses a size too large to count in bytes', () => {
    const csv = `Title,Classification,KB,Size\nT,Updates,KB1234567,${'9'.repeat(400)} GB\n`
    expect(() => parseUpdateCatalogCsv(csv)).toThrow(/line 2: Size "9{100}.*" is not a size/)
  })
})
