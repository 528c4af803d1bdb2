import { describe, expect, it } from 'vitest'
import { ageText, listsAgeHoursAtScan, secondsSince } from '../../shared/lists-age'
import { compileRule, conditionProblem, type RuleSubject } from '../../shared/rules'
import type { QueryCondition } from '../../shared/dto/collection'

const subject = (listsAgeHours: number | null | undefined): RuleSubject => ({
  id: 1,
  name: 'web-01',
  address: '127.0.0.1',
  platform: 'debian',
  osVersion: '12',
  roles: [],
  listsAgeHours,
})
const rule = (...conditions: QueryCondition[]) =>
  compileRule({ kind: 'query', effect: 'include', name: 'r', conditions })

describe('package lists age', () => {
  it('ageText rounds down to minutes under an hour, hours under two days, then days; refuses negatives', () => {
    expect(ageText(59)).toBe('0 min')
    expect(ageText(45 * 60)).toBe('45 min')
    expect(ageText(3 * 3600 + 59)).toBe('3 h')
    expect(ageText(47 * 3600)).toBe('47 h')
    expect(ageText(3 * 86_400)).toBe('3 d')
    expect(() => ageText(-1)).toThrow(/0 or more/)
  })

  it('the query attribute is the whole hours between the lists refresh and the last scan', () => {
    expect(secondsSince('2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z')).toBe(3600)
    expect(secondsSince(null, new Date())).toBeNull()
    expect(listsAgeHoursAtScan('2026-01-01T00:00:00Z', '2026-01-03T01:59:00Z')).toBe(49)
    expect(listsAgeHoursAtScan('2026-01-01T00:00:00Z', null)).toBeNull()
    expect(listsAgeHoursAtScan(null, '2026-01-01T00:00:00Z')).toBeNull()
  })
})

describe('query rules on listsAgeHours', () => {
  it('greaterThan and lessThan compare numbers; clients without a measured age never match', () => {
    const older = rule({ attribute: 'listsAgeHours', operator: 'greaterThan', value: '48' })
    const younger = rule({ attribute: 'listsAgeHours', operator: 'lessThan', value: '48' })
    expect([older(subject(49)), older(subject(48)), older(subject(100)), older(subject(null))]).toEqual([
      true,
      false,
      true,
      false,
    ])
    expect([younger(subject(47)), younger(subject(48)), younger(subject(undefined))]).toEqual([
      true,
      false,
      false,
    ])
    expect(rule({ attribute: 'listsAgeHours', operator: 'equals', value: '5' })(subject(5))).toBe(true)
  })

  it('conditions that cannot work are refused with the reason', () => {
    expect(conditionProblem({ attribute: 'name', operator: 'greaterThan', value: '3' })).toMatch(
      /greaterThan applies only to listsAgeHours/,
    )
    expect(conditionProblem({ attribute: 'listsAgeHours', operator: 'like', value: '4*' })).toMatch(
      /takes equals, notEquals, greaterThan or lessThan/,
    )
    expect(
      conditionProblem({ attribute: 'listsAgeHours', operator: 'greaterThan', value: '2 days' }),
    ).toMatch(/whole number of hours/)
    expect(conditionProblem({ attribute: 'listsAgeHours', operator: 'greaterThan', value: '48' })).toBeNull()
  })
})
