import { describe, expect, it } from 'vitest'
import { parseCsvRecords, parseHostsCsv } from '../../../../main/clients/import/csv'
import { HOME, expectImportError, fixture } from './fixtures'

const csv = (text: string, file = 'hosts.csv') => parseHostsCsv(text, { ...HOME, file })

describe('parseCsvRecords', () => {
  it('reads RFC 4180: quotes, doubled quotes, commas and newlines in quotes, CRLF, BOM, blank lines', () => {
    const text = '\uFEFFa,"b,c"\r\n"say ""hi""",""\r\n\r\n"two\nlines",x\n'
    expect(parseCsvRecords(text, 'f')).toEqual([
      { fields: ['a', 'b,c'], line: 1 },
      { fields: ['say "hi"', ''], line: 2 },
      { fields: ['two\nlines', 'x'], line: 4 },
    ])
  })

  it('keeps a last record without a newline and counts lines after a multi-line field', () => {
    expect(parseCsvRecords('"a\nb"\nc', 'f')).toEqual([
      { fields: ['a\nb'], line: 1 },
      { fields: ['c'], line: 3 },
    ])
  })
})

describe('parseHostsCsv', () => {
  it('imports the fixture: BOM, CRLF, any column order and case, quoting, default port, collections', () => {
    expect(csv(fixture('hosts.csv'))).toEqual({
      hosts: [
        {
          name: 'web01',
          address: '127.0.40.1',
          port: 22,
          user: 'deploy',
          identityFile: '/home/alice/.ssh/id_web',
          platform: 'debian',
          groups: ['Web', 'Prod'],
          line: 2,
        },
        {
          name: 'db01',
          address: 'db01.lab.invalid',
          port: 2222,
          user: 'postgres',
          identityFile: '/home/alice/.ssh/keys/db, primary',
          platform: 'rhel',
          groups: ['Prod', 'Databases'],
          line: 3,
        },
        {
          name: 'win01',
          address: '127.0.40.3',
          port: 22,
          user: 'Administrator',
          identityFile: '',
          platform: 'windows',
          groups: ['Windows "Servers"'],
          line: 4,
        },
        {
          name: 'suse01',
          address: '127.0.40.4',
          port: 22,
          user: 'root',
          identityFile: '',
          platform: 'unknown',
          groups: [],
          line: 6,
        },
      ],
      warnings: [],
    })
  })

  it('needs only name and address', () => {
    expect(csv('address,name\n127.0.0.3,three\n').hosts).toEqual([
      {
        name: 'three',
        address: '127.0.0.3',
        port: 22,
        user: '',
        identityFile: '',
        platform: 'unknown',
        groups: [],
        line: 2,
      },
    ])
  })

  it('imports nothing from a header alone, and names a missing header', () => {
    expect(csv('name,address\r\n')).toEqual({ hosts: [], warnings: [] })
    expectImportError(
      () => csv(''),
      'hosts.csv: no header line (expected name,address,port,user,identity,platform,collection)',
    )
  })

  it('treats a collection twice in one cell, in another case, as one, with a warning', () => {
    const r = csv('name,address,collection\nw,127.0.0.4,Web;web;Prod\n')
    expect(r.hosts[0]!.groups).toEqual(['Web', 'Prod'])
    expect(r.warnings).toEqual(['hosts.csv line 2: collections "Web" and "web" are one collection'])
  })

  it.each([
    [
      'duplicate-names.csv',
      'duplicate-names.csv line 5: duplicate name "WEB01" (first defined at duplicate-names.csv line 2)',
    ],
    [
      'unknown-columns.csv',
      'unknown-columns.csv line 1: unknown columns "os", "owner" (expected name,address,port,user,identity,platform,collection)',
    ],
    ['missing-address.csv', 'missing-address.csv line 1: missing column address'],
    ['repeated-column.csv', 'repeated-column.csv line 1: column "name" appears twice'],
    ['bad-port.csv', 'bad-port.csv line 3: port 70000 is not 1–65535'],
    ['port-not-number.csv', 'port-not-number.csv line 2: port "ssh" is not a number'],
    [
      'bad-platform.csv',
      'bad-platform.csv line 3: platform "ubuntu" is not one of unknown, debian, rhel, suse, windows',
    ],
    ['unclosed-quote.csv', 'unclosed-quote.csv line 3: a quoted field is not closed'],
    ['too-many-fields.csv', 'too-many-fields.csv line 2: 3 fields, but the header has 2'],
    [
      'text-after-quote.csv',
      'text-after-quote.csv line 2: text after a closing quote (write a quote inside a field as "")',
    ],
    ['empty-name.csv', 'empty-name.csv line 3: name is empty'],
    ['bad-address.csv', 'bad-address.csv line 2: address "not an address" is not a host name or IP address'],
    ['hopeless-name.csv', 'hopeless-name.csv line 2: name "---" cannot be made a valid resource name'],
  ])('%s', (name, message) => {
    expectImportError(() => csv(fixture(`bad/${name}`), name), message)
  })

  it('rejects a stray quote inside an unquoted field', () => {
    expectImportError(
      () => csv('name,address\nwe"b,127.0.0.1\n'),
      'hosts.csv line 2: a quote inside an unquoted field (quote the whole field)',
    )
  })
})
