// Property tests of the RHEL scan parsers (dnf5 JSON and tables, needs-restarting, rpm -qa, the combined
// scan): recorded outputs mutated, arbitrary text and JSON parse or are refused on one ScanOutputError line.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_LINE_CHARS, MAX_OUTPUT_CHARS } from '../../../../main/clients/parsing/limits'
import { parseNevra } from '../../../../main/clients/platforms/linux-advisory'
import {
  dnfUpdate,
  parseDnf5AdvisoryJson,
  parseDnfAdvisoryTable,
  parseNeedsRestarting,
  parseRhelScan,
  parseRpmQuery,
} from '../../../../main/clients/platforms/rhel-dnf'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import {
  arbitraryJson,
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
  'RHSA-2024:1234',
  'Important/Sec.',
  'security',
  '-',
  '.x86_64',
  ':',
  '\t',
  '[',
  ']',
  '{',
  '"',
  'Reboot is required',
  'Reboot should not be necessary',
  ' * ',
  '2019-09-15 01:34:29',
]
const ADVISORIES = fixture('rhel/dnf5-updateinfo-list-json-custom-types.json.txt')
const sec = (name: string, body: string, rc = 0) =>
  `@@PATCHBAY begin ${name}@@\n${body}\n@@PATCHBAY stderr ${name}@@\n\n@@PATCHBAY end ${name} rc=${rc}@@`
const SCAN = [
  sec('os-release', 'NAME="Fedora Linux"\nVERSION_ID=30\nPRETTY_NAME="Fedora 30"'),
  sec('advisories', ADVISORIES),
  sec('needs-restarting', fixture('rhel/dnf5-needs-restarting-reboot-required.txt')),
  sec('rpm', 'labirinto\t1.56.2-1.fc30\tx86_64\nbash\t5.0.7-1.fc30\tx86_64'),
  '@@PATCHBAY done@@',
].join('\n')

const textParsers: Array<[string, (text: string) => unknown, string, 'lines' | 'json']> = [
  ['dnf advisory table', parseDnfAdvisoryTable, fixture('rhel/dnf5-advisory-list-table.txt'), 'lines'],
  [
    'needs-restarting (text)',
    parseNeedsRestarting,
    fixture('rhel/dnf5-needs-restarting-reboot-required.txt'),
    'lines',
  ],
  [
    'needs-restarting (json)',
    parseNeedsRestarting,
    fixture('rhel/dnf5-needs-restarting-json.json.txt'),
    'json',
  ],
  ['dnf5 advisory JSON', (t) => parseDnf5AdvisoryJson(t).map((r) => dnfUpdate(r)), ADVISORIES, 'json'],
  ['rpm -qa', parseRpmQuery, 'bash\t5.0.7-1.fc30\tx86_64\nglibc\t2.28-26.fc29\tx86_64\n', 'lines'],
  ['the RHEL scan', parseRhelScan, SCAN, 'lines'],
]

describe.each(textParsers)('%s parser (property)', (_name, parse, base, kind) => {
  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(arbitraryText(TOKENS), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(300),
    )
  })

  it('parses or refuses the recorded output mutated', () => {
    fc.assert(
      fc.property(mutated(base), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(200),
    )
  })

  it(kind === 'lines' ? 'refuses a line over 1 MiB' : 'refuses JSON over 64 MiB before parsing it', () => {
    if (kind === 'lines')
      expect(() => parse(`${base}\n${'x'.repeat(MAX_LINE_CHARS + 1)}\n`)).toThrow(/longer than 1 MiB/)
    else expect(() => parse(base.padEnd(MAX_OUTPUT_CHARS + 1, ' '))).toThrow(/more than the 64 MiB accepted/)
  })

  it('reads hostile lines in linear time (hang guard)', () => {
    expectLinear(parse, TOKENS, (line) => `${base}\n${line}\n`)
  })
})

describe('dnf and needs-restarting JSON (property)', () => {
  const advisories = JSON.parse(ADVISORIES) as unknown
  const restarting = JSON.parse(fixture('rhel/dnf5-needs-restarting-json.json.txt')) as unknown

  it('dnf5 advisory JSON with arbitrary values parses or is refused', () => {
    fc.assert(
      fc.property(
        arbitraryJson(advisories),
        (text) => void parsesOrRefuses(() => parseDnf5AdvisoryJson(text).map((r) => dnfUpdate(r)), OWN),
      ),
      runs(300),
    )
  })

  it('needs-restarting JSON with arbitrary values parses or is refused', () => {
    fc.assert(
      fc.property(
        arbitraryJson(restarting),
        (text) => void parsesOrRefuses(() => parseNeedsRestarting(text), OWN),
      ),
      runs(200),
    )
  })

  it('a buildtime past the year 275760 is refused, not a RangeError', () => {
    const text = JSON.stringify([
      { name: 'A', type: 'security', severity: '', nevra: 'a-1-1.x86_64', buildtime: 1e300 },
    ])
    expect(() => parseDnf5AdvisoryJson(text)).toThrow(ScanOutputError)
  })
})

describe('parseNevra (property)', () => {
  it('returns a split or undefined for any text, in linear time', () => {
    fc.assert(
      fc.property(arbitraryText(['-', '.', ':', '1', 'x86_64']), (text) => {
        const n = parseNevra(text)
        if (n) expect(`${n.name}-${n.evr}.${n.arch}`).toBe(text.trim())
      }),
      runs(300),
    )
    for (const hostile of ['a-'.repeat(200_000), '-1.'.repeat(200_000), `x-${'1-'.repeat(200_000)}.`])
      expect(elapsed(() => parseNevra(hostile))).toBeLessThan(5_000)
  })
})
