// Property tests of the readers of recorded Windows lists (Get-HotFix tables, ListSystemUpdates text,
// PSWindowsUpdate records): recorded fixtures mutated, or arbitrary input, parse or are refused on one line.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_LINE_CHARS } from '../../../../main/clients/parsing/limits'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import {
  parseGetHotFixTable,
  parseListSystemUpdates,
  parsePsWindowsUpdateRecords,
} from '../../../../main/clients/platforms/windows-recorded'
import {
  arbitraryText,
  elapsed,
  expectLinear,
  fixture,
  jsonMutated,
  mutated,
  parsesOrRefuses,
  runs,
} from '../parsing/property-kit'

const OWN = [ScanOutputError]

const textReaders: Array<[string, (text: string) => unknown, string]> = [
  ['Get-HotFix table', parseGetHotFixTable, fixture('windows/inspec-get-hotfix-kb4019215.txt')],
  [
    'ListSystemUpdates list',
    parseListSystemUpdates,
    fixture('windows/wua-installed-updates-list-win81-listsystemupdates.txt'),
  ],
]

describe.each(textReaders)('%s (property)', (_name, parse, base) => {
  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(
        arbitraryText([
          'Source',
          'Description',
          'HotFixID',
          '----',
          ' ',
          'KB4019215',
          ' issued ',
          '6/5/2017',
          '--------Windows updates list--------',
        ]),
        (text) => void parsesOrRefuses(() => parse(text), OWN),
      ),
      runs(300),
    )
  })

  it('parses or refuses the recorded list mutated', () => {
    fc.assert(
      fc.property(mutated(base), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(300),
    )
  })

  it('refuses a line over 1 MiB, and reads one at the limit in linear time', () => {
    expect(() => parse(`${base}\n${'-'.repeat(MAX_LINE_CHARS + 1)}`)).toThrow(/line \d+ is longer than 1 MiB/)
    const hostile = `${base}\n${'KB1234567 issued 1/1/2000 '.repeat(MAX_LINE_CHARS / 32)}`
    expect(elapsed(() => void parsesOrRefuses(() => parse(hostile), OWN))).toBeLessThan(5_000)
    expectLinear(
      parse,
      ['KB1234567 issued 1/1/2000 ', ' issued ', 'KB4019215 '],
      (line) => `${base}\n${line}\n`,
    )
  })
})

describe('PSWindowsUpdate records (property)', () => {
  const base = JSON.parse(fixture('windows/updatereporting-win-pswindowsupdate-fact.json.txt')) as {
    updatereporting_win: { update_meta: { missing_update: unknown[] } }
  }
  const records = base.updatereporting_win.update_meta.missing_update

  it('parses or refuses the recorded records with values swapped for anything', () => {
    fc.assert(
      fc.property(
        jsonMutated(records),
        (json) => void parsesOrRefuses(() => parsePsWindowsUpdateRecords(json), OWN),
      ),
      runs(300),
    )
  })

  it('parses or refuses any JSON value', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        (json) => void parsesOrRefuses(() => parsePsWindowsUpdateRecords(json), OWN),
      ),
      runs(200),
    )
  })
})
