// Property tests of the Debian scan parsers: recorded apt/dpkg outputs, mutated or arbitrary, parse or are
// refused with a one-line ScanOutputError; an over-long line or output is refused before it is split.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_LINE_CHARS, MAX_OUTPUT_CHARS } from '../../../../main/clients/parsing/limits'
import { parseDebianScan, parseRebootSection } from '../../../../main/clients/platforms/debian-apt'
import {
  parseAptCachePolicy,
  parseAptCacheShow,
  parseAptListUpgradable,
  parseDpkgQuery,
} from '../../../../main/clients/platforms/debian-apt-parsers'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import {
  arbitraryText,
  elapsed,
  expectLinear,
  fixture,
  mutated,
  parsesOrRefuses,
  runs,
} from '../parsing/property-kit'

const OWN = [ScanOutputError]
const TOKENS = [
  '/',
  ' ',
  '[upgradable from: ',
  ']',
  'Listing...',
  '  Installed: ',
  '  Candidate: ',
  ' *** ',
  '        500 ',
  'Package: ',
  'Version: ',
  'Size: ',
  'SHA256: ',
  '\t',
  'ii ',
  'Packages',
]

const parsers: Array<[string, (text: string) => unknown, string]> = [
  ['apt list --upgradable', parseAptListUpgradable, 'debian/apt-list-upgradable-debian12-with-stderr.txt'],
  ['apt-cache policy', parseAptCachePolicy, 'debian/apt-cache-policy-debian12.txt'],
  ['apt-cache show', parseAptCacheShow, 'debian/apt-cache-show-debian12.txt'],
  ['dpkg-query', parseDpkgQuery, 'debian/debian12-scan-script-output.txt'],
  ['the reboot section', parseRebootSection, 'debian/apt-list-upgradable-ubuntu1704-thefuck.txt'],
]

describe.each(parsers)('%s parser (property)', (_name, parse, file) => {
  const base = fixture(file)

  it('parses or refuses arbitrary text with a one-line ScanOutputError', () => {
    fc.assert(
      fc.property(arbitraryText(TOKENS), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(300),
    )
  })

  it('parses or refuses the recorded output mutated', () => {
    fc.assert(
      fc.property(mutated(base), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(150),
    )
  })

  it(`refuses a line of ${MAX_LINE_CHARS + 1} characters, naming the line and the 1 MiB limit`, () => {
    const text = `${base.slice(0, 200)}\n${'a'.repeat(MAX_LINE_CHARS + 1)}\n`
    expect(() => parse(text)).toThrow(ScanOutputError)
    expect(() => parse(text)).toThrow(/line \d+ is longer than 1 MiB \(1048577 characters\)/)
  })

  it('reads a line at the limit, and hostile lines, in linear time (hang guard)', () => {
    const text = `${'a- :\t'.repeat(MAX_LINE_CHARS / 8)}\n`
    expect(elapsed(() => void parsesOrRefuses(() => parse(text), OWN))).toBeLessThan(5_000)
    expectLinear(parse, TOKENS)
  })
})

describe('parseDebianScan (property)', () => {
  const base = fixture('debian/debian12-scan-script-output.txt')

  it('parses or refuses the recorded scan output mutated', () => {
    fc.assert(
      fc.property(mutated(base), (text) => void parsesOrRefuses(() => parseDebianScan(text), OWN)),
      runs(100),
    )
  })

  it('still parses the unmutated recording', () => {
    expect(parseDebianScan(base).updates.length).toBeGreaterThan(100)
  })

  it(`refuses output over ${MAX_OUTPUT_CHARS} characters before splitting it`, () => {
    const huge = base.padEnd(MAX_OUTPUT_CHARS + 1, '\n')
    expect(() => parseDebianScan(huge)).toThrow(
      /Debian scan output is 67108865 characters, more than the 64 MiB accepted/,
    )
  })
})
