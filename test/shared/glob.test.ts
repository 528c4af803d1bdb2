import { describe, expect, it } from 'vitest'
import { globMatcher } from '../../shared/glob'
import { evaluateAll, wildcardMatcher, type RuleSubject } from '../../shared/rules'
import { matchHostPattern } from '../../main/clients/import/ssh-config'

const shell = (p: string) => globMatcher(p, { many: '*', one: '?', classes: true })

describe('globMatcher', () => {
  it('matches * ? and classes like a shell, and everything else literally', () => {
    expect(shell('*.conf')('ssh.conf')).toBe(true)
    expect(shell('*.conf')('ssh.conf.bak')).toBe(false)
    expect(shell('a?c')('abc')).toBe(true)
    expect(shell('a?c')('ac')).toBe(false)
    expect(shell('[a-c]x')('bx')).toBe(true)
    expect(shell('[!a-c]x')('bx')).toBe(false)
    expect(shell('[!a-c]x')('dx')).toBe(true)
    expect(shell('[]]x')(']x')).toBe(true)
    expect(shell('[abc')('[abc')).toBe(true) // no closing bracket: literal
    expect(shell('a.b')('axb')).toBe(false)
    expect(shell('(a|b)+$')('(a|b)+$')).toBe(true)
    expect(shell('')('')).toBe(true)
    expect(shell('*')('')).toBe(true)
    expect(shell('**a**')('bab')).toBe(true)
  })

  it('agrees with a regular expression on 2,000 random patterns and texts', () => {
    let seed = 7
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const pick = (alphabet: string, len: number) =>
      Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('')
    for (let i = 0; i < 2000; i++) {
      const pattern = pick('ab*?', rnd(8))
      const text = pick('ab', rnd(10))
      const re = new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
      expect(globMatcher(pattern, { many: '*', one: '?' })(text), `${pattern} ~ ${text}`).toBe(re.test(text))
    }
  })

  // A backtracking matcher never finishes these (six "*a" took a regular expression 83 s on 128 characters): the test would time out.
  it('answers hostile patterns: many "*a" then "b" against 128 and 100,000 characters', () => {
    const hostile = '*a'.repeat(6) + 'b'
    expect(globMatcher(hostile, { many: '*', one: '?' })('a'.repeat(128))).toBe(false)
    expect(globMatcher('*a'.repeat(50) + 'b', { many: '*', one: '?' })('a'.repeat(100_000))).toBe(false)
    expect(globMatcher('*a'.repeat(50) + '*', { many: '*', one: '?' })('a'.repeat(100_000))).toBe(true)
  })
})

describe('wildcards everywhere they are matched', () => {
  it('query rules: * % any run, ? _ one character, case-insensitive, on a hostile pattern', () => {
    expect(wildcardMatcher('web-*')('WEB-01')).toBe(true)
    expect(wildcardMatcher('db%')('db.example')).toBe(true)
    expect(wildcardMatcher('web-0_')('web-01')).toBe(true)
    const subjects: RuleSubject[] = [
      { id: 1, name: 'a'.repeat(128), address: '127.0.0.1', platform: 'debian', osVersion: '', roles: [] },
      {
        id: 2,
        name: 'a'.repeat(127) + 'b',
        address: '127.0.0.2',
        platform: 'debian',
        osVersion: '',
        roles: [],
      },
    ]
    const members = evaluateAll(
      [
        {
          id: 'PBY00001',
          limitingCollectionId: null,
          rules: [
            {
              kind: 'query',
              effect: 'include',
              name: 'hostile',
              conditions: [{ attribute: 'name', operator: 'like', value: '*a'.repeat(6) + 'b' }],
            },
          ],
        },
      ],
      subjects,
    )
    expect([...(members.get('PBY00001') ?? [])]).toEqual([2])
  })

  it('ssh_config Host patterns: * and ?, case-insensitive, on a hostile pattern', () => {
    expect(matchHostPattern('web-*', 'WEB-01')).toBe(true)
    expect(matchHostPattern('web-?', 'web-10')).toBe(false)
    expect(matchHostPattern('*a'.repeat(6) + 'b', 'a'.repeat(128))).toBe(false)
  })
})
