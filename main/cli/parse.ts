import { queryAttributes, queryOperators, type QueryCondition } from '../../shared/dto/collection'
import { UsageError } from './context'

/** Commander argument parser for a repeatable option: collects every value in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** Parses a whole number within [min, max] or fails naming the flag. */
export function parseInteger(flag: string, value: string, min: number, max: number): number {
  const text = value.trim()
  const n = /^[+]?\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be a number from ${min} to ${max}`)
  return n
}

/** Commander argument parser for a TCP port (1–65535). */
export function portParser(flag: string): (value: string) => number {
  return (value) => parseInteger(flag, value, 1, 65535)
}

/** Commander argument parser for the console's listening port (0 = any free port). */
export function listenPortParser(flag: string): (value: string) => number {
  return (value) => parseInteger(flag, value, 0, 65535)
}

/** Commander argument parser for a date and time; answers ISO 8601 in UTC. Times without an offset are local. */
export function timeParser(flag: string): (value: string) => string {
  return (value) => parseTime(flag, value)
}

/** Parses a date and time (ISO 8601, offset optional) into a UTC ISO string, or fails naming the flag. */
export function parseTime(flag: string, value: string): string {
  const text = value.trim()
  const looksIso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)
  const time = looksIso ? Date.parse(text.replace(' ', 'T')) : Number.NaN
  if (Number.isNaN(time))
    throw new UsageError(`${flag} must be a date and time such as 2025-06-01T09:00:00Z (got "${value}")`)
  return new Date(time).toISOString()
}

/** Splits "a,b, c" into ["a", "b", "c"], dropping empty items. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
}

/** Splits a comma-separated list of client names, failing when it holds none. */
export function clientList(flag: string, value: string): string[] {
  const names = splitList(value)
  if (names.length === 0) throw new UsageError(`${flag} needs at least one client name`)
  return names
}

function lookup<T extends string>(allowed: readonly T[], text: string): T | undefined {
  const key = text.toLowerCase().replace(/[-_]/g, '')
  return allowed.find((a) => a.toLowerCase() === key)
}

function unquote(text: string): string {
  const t = text.trim()
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1)
  return t
}

/**
 * Parses one query rule written as "ATTR OP VALUE [and ATTR OP VALUE]…" into its conditions.
 * Attribute and operator names are case-insensitive; the value is the rest of the condition.
 */
export function parseQuery(flag: string, text: string): QueryCondition[] {
  const parts = text.split(/\s+and\s+/i).filter((p) => p.trim() !== '')
  if (parts.length === 0) throw new UsageError(`${flag} needs a condition such as "name like web-*"`)
  return parts.map((part) => {
    const m = /^\s*(\S+)\s+(\S+)\s+(.+?)\s*$/.exec(part)
    if (!m)
      throw new UsageError(
        `${flag} "${part.trim()}" must read ATTRIBUTE OPERATOR VALUE, e.g. "name like web-*"`,
      )
    const attribute = lookup(queryAttributes, m[1] ?? '')
    if (!attribute)
      throw new UsageError(`${flag}: unknown attribute "${m[1]}" (use one of ${queryAttributes.join(', ')})`)
    const operator = lookup(queryOperators, m[2] ?? '')
    if (!operator)
      throw new UsageError(`${flag}: unknown operator "${m[2]}" (use one of ${queryOperators.join(', ')})`)
    const value = unquote(m[3] ?? '')
    if (value === '') throw new UsageError(`${flag} "${part.trim()}" needs a value`)
    return { attribute, operator, value }
  })
}
