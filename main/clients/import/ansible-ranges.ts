import { ImportError } from './types'
import { excerpt } from '../parsing/one-line'

/** Most hosts one inventory pattern may expand to, so that a typo cannot produce millions. */
export const MAX_RANGE_HOSTS = 10_000

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** Splits an inventory host pattern's `:port` suffix off (not for IPv6 addresses, whose colons stay). */
export function splitHostPort(pattern: string): { host: string; port?: string } {
  const outside = pattern.replace(/\[[^\]]*\]/g, '')
  const m = /^(.+):(\d+)$/.exec(pattern)
  if (m && (outside.match(/:/g) ?? []).length === 1) return { host: m[1]!, port: m[2]! }
  return { host: pattern }
}

/** Items of one `[start:end]` or `[start:end:step]` range (numbers, zero-padded, or single letters). */
function rangeItems(range: string, file: string, line: number): string[] {
  const parts = range.split(':')
  if (parts.length > 3)
    throw new ImportError(file, line, `range [${range}] is not [start:end] or [start:end:step]`)
  const [beg0, end = '', stepText = '1'] = parts
  const beg = beg0 === '' ? '0' : beg0!
  const step = Number(stepText)
  if (!/^\d+$/.test(stepText) || step < 1)
    throw new ImportError(file, line, `range step "${excerpt(stepText)}" is not 1 or more`)
  const items: string[] = []
  if (/^\d+$/.test(beg) && /^\d+$/.test(end)) {
    const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0
    if (width > 0 && end.length !== width)
      throw new ImportError(
        file,
        line,
        `range [${range}] must give start and end with the same number of digits`,
      )
    const from = Number(beg)
    const to = Number(end)
    if (from > to) throw new ImportError(file, line, `range [${range}] starts after it ends`)
    if ((to - from) / step + 1 > MAX_RANGE_HOSTS)
      throw new ImportError(file, line, `range [${range}] gives more than ${MAX_RANGE_HOSTS} hosts`)
    for (let n = from; n <= to; n += step) items.push(String(n).padStart(width, '0'))
  } else if (/^[a-zA-Z]$/.test(beg) && /^[a-zA-Z]$/.test(end)) {
    const from = LETTERS.indexOf(beg)
    const to = LETTERS.indexOf(end)
    if (from > to) throw new ImportError(file, line, `range [${range}] starts after it ends`)
    for (let n = from; n <= to; n += step) items.push(LETTERS[n]!)
  } else {
    throw new ImportError(file, line, `range [${range}] is neither numbers nor single letters`)
  }
  return items
}

/**
 * Expands Ansible host ranges (`web[01:03]`, `[a:c]`, `[1:9:2]`, several in one) left to right, without
 * recursion; throws for bad ranges and for patterns that would give more than MAX_RANGE_HOSTS hosts.
 */
export function expandHostRange(pattern: string, file: string, line: number): string[] {
  let names = ['']
  for (let at = 0; ;) {
    const open = pattern.indexOf('[', at)
    const close = open < 0 ? -1 : pattern.indexOf(']', open)
    const range = close < 0 ? '' : pattern.slice(open + 1, close)
    if (!range.includes(':')) {
      const rest = pattern.slice(at)
      if (/[[\]]/.test(rest) && !/^[0-9a-fA-F:.]+$/.test(rest.replace(/^\[|\]$/g, '')))
        throw new ImportError(file, line, `host pattern "${excerpt(rest)}" has an unbalanced or empty range`)
      return names.map((n) => `${n}${rest}`)
    }
    const items = rangeItems(range, file, line)
    if (items.length * names.length > MAX_RANGE_HOSTS)
      throw new ImportError(
        file,
        line,
        `host pattern "${excerpt(pattern)}" gives more than ${MAX_RANGE_HOSTS} hosts`,
      )
    const head = pattern.slice(at, open)
    names = names.flatMap((n) => items.map((item) => `${n}${head}${item}`))
    at = close + 1
  }
}
