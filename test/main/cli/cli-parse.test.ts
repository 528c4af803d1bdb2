import { describe, expect, it } from 'vitest'
import { UsageError, siteLocation } from '../../../main/cli/context'
import { formatFields, formatTable } from '../../../main/cli/format'
import { parseInteger, parseQuery, parseTime, splitList } from '../../../main/cli/parse'
import { findByRef } from '../../../main/cli/resolve'
import { sourcePath } from '../../../main/cli/package'

describe('CLI argument parsing', () => {
  it('parses query rules with case-insensitive attributes and operators and AND-joined conditions', () => {
    expect(parseQuery('--query', 'Name LIKE web-*')).toEqual([
      { attribute: 'name', operator: 'like', value: 'web-*' },
    ])
    expect(parseQuery('--query', 'osfamily not-equals windows and role equals "site server"')).toEqual([
      { attribute: 'osFamily', operator: 'notEquals', value: 'windows' },
      { attribute: 'role', operator: 'equals', value: 'site server' },
    ])
    expect(() => parseQuery('--query', 'size equals 1')).toThrow(UsageError)
    expect(() => parseQuery('--query', 'name resembles x')).toThrow(/unknown operator "resembles"/)
  })

  it('validates numbers and times, naming the flag', () => {
    expect(parseInteger('--port', '2222', 1, 65535)).toBe(2222)
    for (const bad of ['abc', '0', '65536', '22.5', '-1', ''])
      expect(() => parseInteger('--port', bad, 1, 65535)).toThrow('--port must be a number from 1 to 65535')
    expect(parseTime('--available', '2030-01-01T10:00:00+02:00')).toBe('2030-01-01T08:00:00.000Z')
    expect(parseTime('--available', '2030-01-01')).toBe('2030-01-01T00:00:00.000Z')
    expect(() => parseTime('--expires', 'next week')).toThrow(/^--expires must be a date and time/)
    expect(() => parseTime('--expires', '2030-13-45')).toThrow(UsageError)
  })

  it('splits lists and resolves site and source paths', () => {
    expect(splitList(' a, b,,c ')).toEqual(['a', 'b', 'c'])
    expect(siteLocation('site.db', '/work')).toBe('/work/site.db')
    expect(siteLocation('postgres://u@127.0.0.1/pb', '/work')).toBe('postgres://u@127.0.0.1/pb')
    expect(siteLocation(undefined)).toBeUndefined()
    expect(sourcePath('pkgs/a', '/srv')).toBe('/srv/pkgs/a')
    expect(sourcePath('C:\\pkgs\\a', '/srv')).toBe('C:\\pkgs\\a')
    expect(sourcePath('\\\\server\\share', '/srv')).toBe('\\\\server\\share')
  })

  it('resolves names case-insensitively, IDs exactly, and refuses ambiguous names', () => {
    const items = [
      { id: 'LAB00001', name: 'All Systems' },
      { id: 'LAB00002', name: 'Web' },
      { id: 'LAB00003', name: 'web' },
    ]
    expect(findByRef(items, 'all systems', 'Collection')?.id).toBe('LAB00001')
    expect(findByRef(items, 'lab00003', 'Collection')?.id).toBe('LAB00003')
    expect(findByRef(items, 'nothing', 'Collection')).toBeUndefined()
    expect(() => findByRef(items, 'WEB', 'Collection')).toThrow(
      'Collection name "WEB" is ambiguous (LAB00002, LAB00003); use the ID',
    )
  })

  it('formats aligned tables and fields', () => {
    const table = formatTable(
      [
        { id: 'LAB00001', n: 12 },
        { id: 'X', n: 3 },
      ],
      [
        { header: 'ID', value: (r) => r.id },
        { header: 'Members', value: (r) => r.n, right: true },
      ],
    )
    expect(table).toBe(['ID        Members', 'LAB00001       12', 'X               3'].join('\n'))
    expect(
      formatFields([
        ['Code', 'LAB'],
        ['Schema version', 1],
      ]),
    ).toBe('Code:            LAB\nSchema version:  1')
  })
})
