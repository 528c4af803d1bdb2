// Property tests of the host CSV reader and the RFC 4180 record splitter.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsvRecords, parseHostsCsv } from '../../../../main/clients/import/csv'
import { ImportError } from '../../../../main/clients/import/types'
import { arbitraryText, elapsed, parsesOrRefuses, runs } from '../parsing/property-kit'
import { HOME, fixture } from './fixtures'
import { importProperties } from './import-property-kit'

const read = (text: string) => parseHostsCsv(text, { file: 'hosts.csv', ...HOME })

describe('host CSV import (property)', () => {
  importProperties(read, fixture('hosts.csv'), [
    'name,address,port,user,collection\n',
    ',',
    '"',
    '""',
    '\r\n',
    ';',
  ])

  it('names a value with a line break in it on one line', () => {
    const csv = `name,address,user\nweb1,127.0.0.1,"${'root\n'.repeat(20)}"\n`
    expect(() => read(csv)).toThrow(
      /^hosts\.csv line 2: user "root\\nroot\\n.*" is longer than 64 characters$/,
    )
  })

  it('splits a 3 MiB quoted field in linear time', () => {
    const csv = `name,address\n"${'a""'.repeat(2 ** 20)}",x\n`
    expect(elapsed(() => void parsesOrRefuses(() => read(csv), [ImportError]))).toBeLessThan(5_000)
  })
})

describe('parseCsvRecords (property)', () => {
  it('splits any text into records (lines counted from 1) or refuses it', () => {
    fc.assert(
      fc.property(arbitraryText([',', '"', '""', '\r', '\n', '\r\n']), (text) => {
        const records = parsesOrRefuses(() => parseCsvRecords(text, 'x.csv'), [ImportError])
        for (const r of records ?? []) expect(r.line).toBeGreaterThanOrEqual(1)
      }),
      runs(400),
    )
  })
})
