// Property tests of the SUSE scan parsers: recorded zypper --xmlout output and scans, mutated or arbitrary,
// parse or are refused on one ScanOutputError line.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_LINE_CHARS } from '../../../../main/clients/parsing/limits'
import {
  parseSuseScan,
  parseZypperPackageUpdates,
  parseZypperPatches,
} from '../../../../main/clients/platforms/suse-zypper'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import {
  BILLION_LAUGHS,
  XXE,
  arbitraryText,
  fixture,
  mutated,
  parsesOrRefuses,
  runs,
} from '../parsing/property-kit'

const OWN = [ScanOutputError]
const PATCHES = fixture('suse/zypper-xmlout-list-patches-sles15sp1-01.xml')
const UPDATES = fixture('suse/salt-zypper-xmlout-list-updates-sles12sp1.xml')
const sec = (name: string, body: string, rc = 0) =>
  `@@PATCHBAY begin ${name}@@\n${body}\n@@PATCHBAY stderr ${name}@@\n\n@@PATCHBAY end ${name} rc=${rc}@@`
const SCAN = [
  sec('os-release', 'NAME="SLES"\nVERSION_ID="15.1"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP1"'),
  sec('patches', PATCHES),
  sec('reboot', 'no'),
  sec('rpm', 'zypper\t1.14.27-3.8.1\tx86_64'),
  '@@PATCHBAY done@@',
].join('\n')

const parsers: Array<[string, (text: string) => unknown, string, number]> = [
  ['zypper list-patches', parseZypperPatches, PATCHES, 100],
  ['zypper list-updates', parseZypperPackageUpdates, UPDATES, 300],
  ['the SUSE scan', parseSuseScan, SCAN, 100],
]

describe.each(parsers)('%s parser (property)', (_name, parse, base, n) => {
  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(
        arbitraryText([
          '<stream>',
          '<update-status>',
          '<update kind="patch" name="a" edition="1"/>',
          '@@PATCHBAY ',
        ]),
        (text) => void parsesOrRefuses(() => parse(text), OWN),
      ),
      runs(300),
    )
  })

  it('parses or refuses the recorded output mutated', () => {
    fc.assert(
      fc.property(mutated(base), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(n),
    )
  })

  it('refuses an entity bomb and an external entity', () => {
    expect(() => parse(BILLION_LAUGHS)).toThrow(/DOCTYPE declaration is not accepted|section/)
    expect(() => parse(XXE)).toThrow(/DOCTYPE declaration is not accepted|section/)
  })
})

describe('parseSuseScan limits', () => {
  it('refuses an XML line over 1 MiB inside the scan output', () => {
    const long = SCAN.replace('<stream>', `<stream a="${'x'.repeat(MAX_LINE_CHARS)}">`)
    expect(() => parseSuseScan(long)).toThrow(/SUSE scan output line \d+ is longer than 1 MiB/)
  })

  it('refuses a DOCTYPE inside the patches section', () => {
    const bomb = SCAN.replace(PATCHES, BILLION_LAUGHS.replace(/<stream>.*<\/stream>/, '<stream/>'))
    expect(() => parseSuseScan(bomb)).toThrow(
      /zypper list-patches XML line \d+: a DOCTYPE declaration is not accepted/,
    )
  })
})
