import { describe, expect, it } from 'vitest'
import { compileRule, conditionProblem, type RuleSubject } from '../../shared/rules'
import { queryCondition, type QueryCondition } from '../../shared/dto/collection'

const subject = (
  restartPending: boolean | null | undefined,
  servicesToRestart: number | null | undefined,
): RuleSubject => ({
  id: 1,
  name: 'web-01',
  address: '127.0.0.1',
  platform: 'debian',
  osVersion: '12',
  roles: [],
  restartPending,
  servicesToRestart,
})
const rule = (...conditions: QueryCondition[]) =>
  compileRule({ kind: 'query', effect: 'include', name: 'r', conditions })
const cond = (attribute: string, operator: string, value: string) =>
  queryCondition.parse({ attribute, operator, value })

describe('restart query attributes', () => {
  it('restartPending equals true / false as the last scan said; never-scanned clients match neither', () => {
    const pending = rule(cond('restartPending', 'equals', 'true'))
    const notPending = rule(cond('restartPending', 'notEquals', 'true'))
    expect([pending(subject(true, 0)), pending(subject(false, 0)), pending(subject(null, null))]).toEqual([
      true,
      false,
      false,
    ])
    expect([
      notPending(subject(true, 0)),
      notPending(subject(false, 0)),
      notPending(subject(null, null)),
    ]).toEqual([false, true, false])
    expect(rule(cond('restartPending', 'equals', 'FALSE'))(subject(false, null))).toBe(true)
  })

  it('servicesToRestart compares the count; clients whose services were not checked match no condition', () => {
    const some = rule(cond('servicesToRestart', 'greaterThan', '0'))
    expect([some(subject(false, 2)), some(subject(false, 0)), some(subject(false, null))]).toEqual([
      true,
      false,
      false,
    ])
    const none = rule(cond('servicesToRestart', 'equals', '0'))
    expect([none(subject(false, 0)), none(subject(false, null))]).toEqual([true, false])
    expect(rule(cond('servicesToRestart', 'notEquals', '0'))(subject(false, null))).toBe(false)
    expect(rule(cond('servicesToRestart', 'lessThan', '3'))(subject(false, 2))).toBe(true)
  })

  it('refuses operators and values that do not fit, in words an admin can act on', () => {
    expect(conditionProblem(cond('restartPending', 'like', 'tr*'))).toBe(
      'restartPending takes equals or notEquals',
    )
    expect(conditionProblem(cond('restartPending', 'greaterThan', '1'))).toMatch(
      /greaterThan applies only to/,
    )
    expect(conditionProblem(cond('restartPending', 'equals', 'yes'))).toBe(
      'restartPending is true or false; got "yes"',
    )
    expect(conditionProblem(cond('servicesToRestart', 'equals', 'many'))).toBe(
      'servicesToRestart needs a whole number, e.g. 0; got "many"',
    )
    expect(conditionProblem(cond('servicesToRestart', 'like', '1*'))).toMatch(
      /takes equals, notEquals, greaterThan/,
    )
    expect(conditionProblem(cond('restartPending', 'equals', 'true'))).toBeNull()
    expect(conditionProblem(cond('servicesToRestart', 'greaterThan', '0'))).toBeNull()
  })
})
