import { ImportError } from './types'

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

/** Expands Ansible host ranges (`web[01:03]`, `[a:c]`, `[1:9:2]`, several in one); throws for bad ones. */
export function expandHostRange(pattern: string, file: string, line: number): string[] {
  const m = /^([^[]*)\[([^\]]*)\](.*)$/.exec(pattern)
  if (!m || !m[2]!.includes(':')) {
    if (/[[\]]/.test(pattern) && !/^[0-9a-fA-F:.]+$/.test(pattern.replace(/^\[|\]$/g, '')))
      throw new ImportError(file, line, `host pattern "${pattern}" has an unbalanced or empty range`)
    return [pattern]
  }
  const [, head, range, tail] = m
  const parts = range!.split(':')
  if (parts.length > 3)
    throw new ImportError(file, line, `range [${range}] is not [start:end] or [start:end:step]`)
  const [beg0, end = '', stepText = '1'] = parts
  const beg = beg0 === '' ? '0' : beg0!
  const step = Number(stepText)
  if (!/^\d+$/.test(stepText) || step < 1)
    throw new ImportError(file, line, `range step "${stepText}" is not 1 or more`)
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
  const tails = expandHostRange(tail!, file, line)
  if (items.length * tails.length > MAX_RANGE_HOSTS)
    throw new ImportError(file, line, `host pattern "${pattern}" gives more than ${MAX_RANGE_HOSTS} hosts`)
  return items.flatMap((item) => tails.map((t) => `${head}${item}${t}`))
}
