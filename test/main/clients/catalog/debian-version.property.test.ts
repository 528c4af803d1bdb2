// Property tests of the Debian version parser and comparison (dpkg --compare-versions semantics).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CatalogError } from '../../../../main/clients/catalog/catalog-error'
import { compareDebianVersions, parseDebianVersion } from '../../../../main/clients/catalog/debian-version'
import { arbitraryText, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [CatalogError]
const version = fc.stringMatching(/^([0-9]{1,3}:)?[0-9][A-Za-z0-9.+~]{0,12}(-[A-Za-z0-9.+~]{1,8})?$/)

describe('Debian versions (property)', () => {
  it('parses or refuses any text', () => {
    fc.assert(
      fc.property(
        arbitraryText([':', '-', '~', '+', '.', '1', 'a', '99999999999999999999:']),
        (text) => void parsesOrRefuses(() => parseDebianVersion(text), OWN),
      ),
      runs(400),
    )
  })

  it('compares as a total order: reflexive, antisymmetric, transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(compareDebianVersions(a, a)).toBe(0)
        expect(Math.sign(compareDebianVersions(a, b))).toBe(-Math.sign(compareDebianVersions(b, a)))
        if (compareDebianVersions(a, b) <= 0 && compareDebianVersions(b, c) <= 0)
          expect(compareDebianVersions(a, c)).toBeLessThanOrEqual(0)
      }),
      runs(300),
    )
  })

  it('refuses an epoch too large to compare exactly', () => {
    expect(() => parseDebianVersion('99999999999999999999:1.0')).toThrow(/epoch .* is too large/)
  })
})
