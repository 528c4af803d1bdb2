import {
  booleanQueryAttributes,
  numericQueryAttributes,
  type CollectionRuleDto,
  type QueryCondition,
} from './dto/collection'
import { osFamilyOf, type Platform } from './dto/resource'
import { globMatcher } from './glob'

/** What a query rule can see of a resource. */
export interface RuleSubject {
  id: number
  name: string
  address: string
  platform: Platform
  osVersion: string
  roles: readonly string[]
  /** Whole hours the package lists were old at the last scan; null or absent when unknown. */
  listsAgeHours?: number | null
  /** Whether the last scan said a restart is pending; null or absent when never scanned. */
  restartPending?: boolean | null
  /** How many services ran outdated libraries at the last scan; null or absent when not checked. */
  servicesToRestart?: number | null
}

/** A case-insensitive matcher of whole values for a query rule's wildcard pattern (* or % any run, ? or _ one character). */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  return globMatcher(pattern, { many: '*%', one: '?_', ignoreCase: true })
}

/** Parses a dotted IPv4 address to an unsigned number, or null. */
export function ipv4ToNumber(text: string): number | null {
  const parts = text.trim().split('.')
  if (parts.length !== 4) return null
  let n = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null
    const v = Number(part)
    if (v > 255) return null
    n = n * 256 + v
  }
  return n
}

/** Parses an address range: CIDR (127.0.0.0/24), first-last (127.0.0.1-127.0.0.9) or one address. Null when malformed. */
export function parseAddressRange(text: string): { first: number; last: number } | null {
  const value = text.trim()
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(value)
  if (cidr) {
    const base = ipv4ToNumber(cidr[1]!)
    const bits = Number(cidr[2])
    if (base === null || bits > 32) return null
    const size = 2 ** (32 - bits)
    const first = Math.floor(base / size) * size
    return { first, last: first + size - 1 }
  }
  const dash = value.split('-')
  if (dash.length === 2) {
    const first = ipv4ToNumber(dash[0]!)
    const last = ipv4ToNumber(dash[1]!)
    if (first === null || last === null || last < first) return null
    return { first, last }
  }
  const one = ipv4ToNumber(value)
  return one === null ? null : { first: one, last: one }
}

/** Why a condition cannot be evaluated, or null when it is well formed. */
export function conditionProblem(condition: QueryCondition): string | null {
  const numeric = numericQueryAttributes.includes(condition.attribute)
  const comparison = condition.operator === 'greaterThan' || condition.operator === 'lessThan'
  if (comparison && !numeric)
    return `${condition.operator} applies only to ${numericQueryAttributes.join(', ')}`
  if (numeric && !comparison && condition.operator !== 'equals' && condition.operator !== 'notEquals')
    return `${condition.attribute} takes equals, notEquals, greaterThan or lessThan`
  if (numeric && !/^\d{1,9}$/.test(condition.value.trim()))
    return condition.attribute === 'listsAgeHours'
      ? `${condition.attribute} needs a whole number of hours, e.g. 48; got "${condition.value}"`
      : `${condition.attribute} needs a whole number, e.g. 0; got "${condition.value}"`
  if (booleanQueryAttributes.includes(condition.attribute)) {
    if (condition.operator !== 'equals' && condition.operator !== 'notEquals')
      return `${condition.attribute} takes equals or notEquals`
    if (!/^(true|false)$/i.test(condition.value.trim()))
      return `${condition.attribute} is true or false; got "${condition.value}"`
  }
  if (condition.operator === 'inRange') {
    if (condition.attribute !== 'address') return 'inRange applies only to the address attribute'
    if (!parseAddressRange(condition.value))
      return `"${condition.value}" is not an address range (use 127.0.0.0/24 or 127.0.0.1-127.0.0.50)`
  }
  return null
}

const known = (v: number | boolean | null | undefined): string[] =>
  v === null || v === undefined ? [] : [String(v)]

/** Numeric and boolean attributes: a client whose value is unknown matches no condition on them, notEquals included. */
const mustBeKnown = (attribute: QueryCondition['attribute']) =>
  attribute === 'restartPending' || attribute === 'servicesToRestart'

function attributeValues(subject: RuleSubject, attribute: QueryCondition['attribute']): readonly string[] {
  switch (attribute) {
    case 'name':
      return [subject.name]
    case 'address':
      return [subject.address]
    case 'platform':
      return [subject.platform]
    case 'osFamily':
      return [osFamilyOf(subject.platform)]
    case 'osVersion':
      return [subject.osVersion]
    case 'role':
      return subject.roles
    case 'listsAgeHours':
      return subject.listsAgeHours === null || subject.listsAgeHours === undefined
        ? []
        : [String(subject.listsAgeHours)]
    case 'restartPending':
      return known(subject.restartPending)
    case 'servicesToRestart':
      return known(subject.servicesToRestart)
  }
}

/** A compiled condition: a predicate over a resource. */
type Predicate = (subject: RuleSubject) => boolean

function compileCondition(condition: QueryCondition): Predicate {
  const { attribute, operator, value } = condition
  const lower = value.toLowerCase()
  const any =
    (test: (v: string) => boolean): Predicate =>
    (s) =>
      attributeValues(s, attribute).some(test)
  switch (operator) {
    case 'equals':
      return any((v) => v.toLowerCase() === lower)
    case 'notEquals':
      return (s) => {
        const values = attributeValues(s, attribute)
        if (mustBeKnown(attribute) && values.length === 0) return false
        return !values.some((v) => v.toLowerCase() === lower)
      }
    case 'like': {
      const match = wildcardMatcher(value)
      return any(match)
    }
    case 'notLike': {
      const match = wildcardMatcher(value)
      return (s) => !attributeValues(s, attribute).some(match)
    }
    case 'greaterThan':
    case 'lessThan': {
      const limit = Number(value.trim())
      if (!/^\d{1,9}$/.test(value.trim())) return () => false
      const above = operator === 'greaterThan'
      return any((v) => (above ? Number(v) > limit : Number(v) < limit))
    }
    case 'inRange': {
      const range = parseAddressRange(value)
      if (!range) return () => false
      return any((v) => {
        const n = ipv4ToNumber(v)
        return n !== null && n >= range.first && n <= range.last
      })
    }
  }
}

/** Compiles a rule into a predicate (direct rules match their one resource; query rules need every condition). */
export function compileRule(rule: CollectionRuleDto): Predicate {
  if (rule.kind === 'direct') return (s) => s.id === rule.resourceId
  const predicates = rule.conditions.map(compileCondition)
  return (s) => predicates.every((p) => p(s))
}

/**
 * Members of one collection: resources matched by an include rule and by no exclude rule,
 * kept only when they are members of the limiting collection (when there is one).
 */
export function evaluateRules(
  rules: readonly CollectionRuleDto[],
  subjects: readonly RuleSubject[],
  limitingMembers: ReadonlySet<number> | null,
): Set<number> {
  const includes = rules.filter((r) => r.effect === 'include').map(compileRule)
  const excludes = rules.filter((r) => r.effect === 'exclude').map(compileRule)
  const members = new Set<number>()
  for (const s of subjects) {
    if (limitingMembers && !limitingMembers.has(s.id)) continue
    if (!includes.some((p) => p(s))) continue
    if (excludes.some((p) => p(s))) continue
    members.add(s.id)
  }
  return members
}

/** A collection as membership evaluation needs it. */
export interface EvaluableCollection {
  id: string
  limitingCollectionId: string | null
  rules: readonly CollectionRuleDto[]
}

/** Members of every collection, each evaluated after its limiting collection. Throws on a limiting cycle. */
export function evaluateAll(
  collections: readonly EvaluableCollection[],
  subjects: readonly RuleSubject[],
): Map<string, Set<number>> {
  const byId = new Map(collections.map((c) => [c.id, c]))
  const result = new Map<string, Set<number>>()
  const visiting = new Set<string>()
  const visit = (c: EvaluableCollection): Set<number> => {
    const done = result.get(c.id)
    if (done) return done
    if (visiting.has(c.id)) throw new Error(`Limiting collections form a cycle through ${c.id}`)
    visiting.add(c.id)
    const limit = c.limitingCollectionId ? byId.get(c.limitingCollectionId) : undefined
    const limitMembers = limit ? visit(limit) : null
    const members = evaluateRules(c.rules, subjects, limitMembers)
    visiting.delete(c.id)
    result.set(c.id, members)
    return members
  }
  for (const c of collections) visit(c)
  return result
}
