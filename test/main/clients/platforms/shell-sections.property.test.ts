// Property tests of the @@PATCHBAY section splitter and the os-release reader every Linux scan starts with.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_LINE_CHARS, MAX_OUTPUT_CHARS } from '../../../../main/clients/parsing/limits'
import { parseOsRelease, splitSections } from '../../../../main/clients/platforms/shell-sections'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import { arbitraryText, expectLinear, fixture, mutated, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [ScanOutputError]
const SCAN = fixture('debian/debian12-scan-script-output.txt')
const MARKERS = [
  '@@PATCHBAY begin os-release@@',
  '@@PATCHBAY stderr os-release@@',
  '@@PATCHBAY end os-release rc=0@@',
  '@@PATCHBAY done@@',
  '@@PATCHBAY end os-release rc=99999999999999999999@@',
  '\n',
]

describe('splitSections (property)', () => {
  it('splits or refuses arbitrary marker soups', () => {
    fc.assert(
      fc.property(
        arbitraryText(MARKERS),
        (text) => void parsesOrRefuses(() => splitSections(text, 'scan', ['os-release']), OWN),
      ),
      runs(300),
    )
  })

  it('splits or refuses the recorded Debian scan mutated', () => {
    fc.assert(
      fc.property(mutated(SCAN), (text) => void parsesOrRefuses(() => splitSections(text, 'scan', []), OWN)),
      runs(150),
    )
  })

  it('refuses a line over 1 MiB and output over 64 MiB, naming the tool', () => {
    expect(() => splitSections(`${'@'.repeat(MAX_LINE_CHARS + 1)}\n`, 'Debian scan', [])).toThrow(
      'Debian scan output line 1 is longer than 1 MiB (1048577 characters)',
    )
    expect(() => splitSections(SCAN.padEnd(MAX_OUTPUT_CHARS + 1, '\n'), 'Debian scan', [])).toThrow(
      'Debian scan output is 67108865 characters, more than the 64 MiB accepted',
    )
  })
})

describe('parseOsRelease (property)', () => {
  const base =
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'

  it('reads or refuses arbitrary and mutated os-release text', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated(base), arbitraryText(['=', '"', "'", 'NAME', 'ID', '#', '\\'])),
        (text) => void parsesOrRefuses(() => parseOsRelease(text), OWN),
      ),
      runs(300),
    )
  })

  it('reads hostile lines in linear time (hang guard)', () => {
    expectLinear(parseOsRelease, ['A=', '"', 'NAME="'], (line) => `${base}${line}\n`)
    expectLinear((t) => splitSections(t, 'scan', []), ['@@PATCHBAY ', '@@PATCHBAY begin x@@'])
  })
})
