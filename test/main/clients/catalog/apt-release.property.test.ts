// Property tests of the Release / InRelease reader and its clear-signature stripping: the recorded Release,
// plain or clearsigned, mutated or arbitrary, parses or is refused with a one-line CatalogError.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_RELEASE_CHARS, parseRelease, stripClearsign } from '../../../../main/clients/catalog/apt-release'
import { CatalogError } from '../../../../main/clients/catalog/catalog-error'
import { MAX_LINE_CHARS } from '../../../../main/clients/parsing/limits'
import { arbitraryText, expectLinear, fixture, mutated, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [CatalogError]
const RELEASE = fixture('catalog/Release.sample')
const SIGNED = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n${RELEASE.replace(/^-/gm, '- -')}-----BEGIN PGP SIGNATURE-----\n\niQ==\n-----END PGP SIGNATURE-----\n`
const TOKENS = [
  'SHA256:',
  ' ',
  '\t',
  ':',
  'Date: ',
  'Valid-Until: ',
  '-----BEGIN PGP SIGNED MESSAGE-----',
  '-----BEGIN PGP SIGNATURE-----',
  '-----END PGP SIGNATURE-----',
  ' 58e6c84e1231a26716d62ae1b1e4fd16be1d9efa838c6868dbb99295736f5bbb 1 x',
]

const readers: Array<[string, (text: string) => unknown, string]> = [
  ['Release', (t) => parseRelease(t, 'Release'), RELEASE],
  ['InRelease', (t) => parseRelease(t, 'InRelease'), SIGNED],
  ['the clear-signature armor', (t) => stripClearsign(t, 'InRelease'), SIGNED],
]

describe.each(readers)('%s (property)', (_name, parse, base) => {
  it('the recording parses', () => {
    expect(parse(base)).toBeTruthy()
  })

  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(arbitraryText(TOKENS), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(300),
    )
  })

  it('parses or refuses the recording mutated', () => {
    fc.assert(
      fc.property(mutated(base), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(300),
    )
  })

  it('refuses a line over 1 MiB and a file over 16 MiB before splitting it', () => {
    expect(() => parse(`${base}\n${'X'.repeat(MAX_LINE_CHARS + 1)}\n`)).toThrow(
      /line \d+ is longer than 1 MiB \(1048577 characters\)/,
    )
    expect(() => parse(base.padEnd(MAX_RELEASE_CHARS + 1, '\n'))).toThrow(
      /is 16777217 characters, more than the 16 MiB accepted/,
    )
  })

  it('reads hostile lines in linear time (hang guard)', () => {
    expectLinear(parse, TOKENS, (line) => `${base}${line}\n`)
  })
})
