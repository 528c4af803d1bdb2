// Property tests of the Debian Packages index reader: the recorded index, mutated or arbitrary, parses or is
// refused with a one-line CatalogError; an over-long line is refused before it is copied.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parsePackages } from '../../../../main/clients/catalog/apt-packages'
import { CatalogError } from '../../../../main/clients/catalog/catalog-error'
import { MAX_LINE_CHARS } from '../../../../main/clients/parsing/limits'
import { arbitraryText, expectLinear, fixture, mutated, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [CatalogError]
const PACKAGES = fixture('catalog/Packages.sample')
const TOKENS = ['Package: ', 'Version: ', 'Size: ', 'SHA256: ', ' ', '\t', ':', '#', 'Filename: ', '\n\n']
const parse = (text: string) => parsePackages(text, 'Packages')

describe('parsePackages (property)', () => {
  it('the recording parses', () => {
    expect(parse(PACKAGES).length).toBeGreaterThan(1)
  })

  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(arbitraryText(TOKENS), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(300),
    )
  })

  it('parses or refuses the recording mutated', () => {
    fc.assert(
      fc.property(mutated(PACKAGES), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(300),
    )
  })

  it(`refuses a line of ${MAX_LINE_CHARS + 1} characters, naming it`, () => {
    const comment = (length: number) => `${PACKAGES}\n#${'x'.repeat(length - 1)}\n`
    expect(() => parse(comment(MAX_LINE_CHARS + 1))).toThrow(
      /^Packages line 38 is longer than 1 MiB \(1048577 characters\)$/,
    )
    expect(parse(comment(MAX_LINE_CHARS))).toHaveLength(2)
  })

  it('reads hostile lines in linear time (hang guard)', () => {
    expectLinear(parse, TOKENS, (line) => `${PACKAGES}\n${line}\n`)
  })
})
