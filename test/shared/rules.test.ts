import { describe, expect, it } from 'vitest'
import { evaluateAll, parseAddressRange, wildcardMatcher, type RuleSubject } from '../../shared/rules'
import { formatSmsId } from '../../shared/ids'
import type { CollectionRuleDto } from '../../shared/dto/collection'

const subject = (
  id: number,
  name: string,
  address: string,
  platform: RuleSubject['platform'],
  roles: string[] = [],
): RuleSubject => ({
  id,
  name,
  address,
  platform,
  osVersion: '',
  roles,
})

describe('rules', () => {
  it('matches * ? % _ wildcards case-insensitively and literally otherwise', () => {
    expect(wildcardMatcher('web-*')('WEB-01')).toBe(true)
    expect(wildcardMatcher('web-0?')('web-10')).toBe(false)
    expect(wildcardMatcher('db%')('db.example')).toBe(true)
    expect(wildcardMatcher('a.b')('axb')).toBe(false)
  })

  it('parses CIDR blocks, first-last ranges and single addresses, and rejects junk', () => {
    expect(parseAddressRange('127.0.0.0/30')).toEqual({ first: 2130706432, last: 2130706435 })
    expect(parseAddressRange('127.0.0.9-127.0.0.10')).toEqual({ first: 2130706441, last: 2130706442 })
    expect(parseAddressRange('127.0.0.10-127.0.0.9')).toBeNull()
    expect(parseAddressRange('127.0.0.256')).toBeNull()
    expect(parseAddressRange('web-01')).toBeNull()
  })

  it('evaluates limiting collections first and refuses limiting cycles', () => {
    const subjects = [
      subject(1, 'a', '127.0.0.1', 'debian', ['distribution point']),
      subject(2, 'b', '127.0.0.2', 'windows'),
    ]
    const q = (attribute: 'role' | 'platform', value: string): CollectionRuleDto => ({
      kind: 'query',
      effect: 'include',
      name: 'q',
      conditions: [{ attribute, operator: 'like', value }],
    })
    const result = evaluateAll(
      [
        { id: 'C2', limitingCollectionId: 'C1', rules: [q('platform', '*')] },
        { id: 'C1', limitingCollectionId: null, rules: [q('role', 'distribution*')] },
      ],
      subjects,
    )
    expect([...result.get('C2')!]).toEqual([1])
    expect(() =>
      evaluateAll(
        [
          { id: 'X', limitingCollectionId: 'Y', rules: [] },
          { id: 'Y', limitingCollectionId: 'X', rules: [] },
        ],
        subjects,
      ),
    ).toThrow(/cycle/)
  })

  it('formats SMS IDs as site code plus five uppercase hex digits', () => {
    expect(formatSmsId('LAB', 0x1a)).toBe('LAB0001A')
    expect(() => formatSmsId('LAB', 0x100000)).toThrow(/five hex digits/)
  })
})
