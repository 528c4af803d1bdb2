// Shared pieces of the parser property tests: deterministic fast-check settings, the one assertion every
// parser of outside data must meet (parse, or refuse with its own error on one short line), and input
// arbitraries built from the real recorded fixtures (mutated, truncated, duplicated, poisoned).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { expect } from 'vitest'

/** The fixture folder. */
export const FIXTURES = join(import.meta.dirname, '../../../fixtures')

/** A recorded fixture's text, by path under test/fixtures. */
export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8')
}

/** Fixed seed and bounded runs: every property run is the same on every machine. */
export function runs(numRuns = 200): fc.Parameters<unknown> {
  return { seed: 0x5eed_2026, numRuns, endOnFailure: true }
}

/** Longest refusal message accepted by the properties (parsers cut theirs at 1000; most are far shorter). */
export const MAX_PROPERTY_MESSAGE = 1000

/** Error classes a parser may refuse with (its own); anything else leaking out fails the property. */
export type ErrorClass = abstract new (...args: never[]) => Error

/** The refusal rules: the parser's own error class, one line, bounded, no stack-ish or internal error text. */
export function expectCleanError(err: unknown, allowed: readonly ErrorClass[]): void {
  expect(err).toBeInstanceOf(Error)
  const e = err as Error
  const ok = allowed.some((c) => e instanceof c)
  if (!ok) throw new Error(`leaked ${e.name}: ${e.message.slice(0, 300)}`)
  expect(e.message).not.toMatch(/[\r\n\u2028\u2029]/)
  expect(e.message.length).toBeGreaterThan(0)
  expect(e.message.length).toBeLessThanOrEqual(MAX_PROPERTY_MESSAGE)
  expect(e.message).not.toMatch(/\bat \S+ \(|node:internal|TypeError|RangeError|SyntaxError|ReferenceError/)
}

/** Runs `parse`; passes when it returns, or throws an error meeting `expectCleanError`. */
export function parsesOrRefuses<T>(parse: () => T, allowed: readonly ErrorClass[]): T | undefined {
  try {
    return parse()
  } catch (err) {
    expectCleanError(err, allowed)
    return undefined
  }
}

/** Like `parsesOrRefuses` for an async parser. */
export async function parsesOrRefusesAsync<T>(
  parse: () => Promise<T>,
  allowed: readonly ErrorClass[],
): Promise<T | undefined> {
  try {
    return await parse()
  } catch (err) {
    expectCleanError(err, allowed)
    return undefined
  }
}

/** Characters that break naive parsers and messages: NUL, CR, ESC, DEL, C1, line/paragraph separators, BOM, lone surrogates. */
export const POISON = [
  '\u0000',
  '\r',
  '\n',
  '\t',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '"',
  "'",
  '\\',
  '&',
  '<',
  '>',
  ';',
  ':',
  '=',
  '[',
  ']',
  '{',
  '}',
  '%',
  '#',
  ' ',
]

/** Numbers that overflow, underflow or are not numbers at all. */
export const HUGE_NUMBERS = [
  '9'.repeat(400),
  '18446744073709551616',
  '9007199254740993',
  '-1',
  '-0',
  '1e400',
  '0x7fffffff',
  'NaN',
  'Infinity',
  '1.5',
  '00000000000000000000001',
  '99999999999999',
]

/** One edit applied to a text; positions are taken modulo the text length, so any nat fits. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'duplicate'; at: number; len: number; times: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'number'; at: number; value: string }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'repeat-line'; at: number; times: number }
  | { kind: 'replace-line'; at: number; text: string }
  | { kind: 'inflate'; at: number; times: number }

const pos = fc.nat({ max: 1_000_000 })

/** Any single mutation. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: pos }),
  fc.record({ kind: fc.constant('delete' as const), at: pos, len: fc.nat({ max: 200 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: pos,
    len: fc.nat({ max: 400 }),
    times: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: pos,
    text: fc.oneof(
      fc.constantFrom(...POISON),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.array(fc.constantFrom(...POISON), { maxLength: 6 }).map((a) => a.join('')),
    ),
  }),
  fc.record({ kind: fc.constant('number' as const), at: pos, value: fc.constantFrom(...HUGE_NUMBERS) }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: pos, b: pos }),
  fc.record({ kind: fc.constant('repeat-line' as const), at: pos, times: fc.integer({ min: 2, max: 20 }) }),
  fc.record({
    kind: fc.constant('replace-line' as const),
    at: pos,
    text: fc.string({ unit: 'binary', maxLength: 60 }),
  }),
  fc.record({ kind: fc.constant('inflate' as const), at: pos, times: fc.integer({ min: 50, max: 500 }) }),
)

/** Applies one mutation. */
export function applyMutation(text: string, m: Mutation): string {
  const at = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1))
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at(m.at))
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.len)
    case 'duplicate': {
      const piece = text.slice(at(m.at), at(m.at) + m.len)
      return text.slice(0, at(m.at)) + piece.repeat(m.times + 1) + text.slice(at(m.at) + m.len)
    }
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at))
    case 'number': {
      // replace the digit run at or after the position with the value
      const re = /\d+/g
      re.lastIndex = at(m.at)
      const d = re.exec(text) ?? /\d+/.exec(text)
      return d ? text.slice(0, d.index) + m.value + text.slice(d.index + d[0].length) : text + m.value
    }
    case 'swap-lines': {
      const lines = text.split('\n')
      const a = m.a % lines.length
      const b = m.b % lines.length
      ;[lines[a], lines[b]] = [lines[b]!, lines[a]!]
      return lines.join('\n')
    }
    case 'repeat-line': {
      const lines = text.split('\n')
      const i = m.at % lines.length
      lines.splice(i, 1, ...Array<string>(m.times).fill(lines[i]!))
      return lines.join('\n')
    }
    case 'replace-line': {
      const lines = text.split('\n')
      lines[m.at % lines.length] = m.text
      return lines.join('\n')
    }
    case 'inflate': {
      // repeat the word at the position, so a quoted value becomes thousands of characters long
      const re = /[^\s"'<>=,:;]+/g
      re.lastIndex = at(m.at)
      const w = re.exec(text) ?? /[^\s"'<>=,:;]+/.exec(text)
      return w ? text.slice(0, w.index) + w[0].repeat(m.times) + text.slice(w.index + w[0].length) : text
    }
  }
}

/** A fixture text with 1–4 mutations applied (the unmutated text too, now and then). */
export function mutated(base: string): fc.Arbitrary<string> {
  return fc
    .array(mutation, { minLength: 0, maxLength: 4 })
    .map((ms) => ms.reduce((t, m) => applyMutation(t, m), base))
}

/** Arbitrary text: binary strings, printable strings and soups of the tokens a parser looks for. */
export function arbitraryText(tokens: readonly string[] = []): fc.Arbitrary<string> {
  const soup = fc
    .array(fc.constantFrom(...tokens, ...POISON, ...HUGE_NUMBERS, 'a', 'x', '0', '1', '\n'), {
      maxLength: 80,
    })
    .map((a) => a.join(''))
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
    soup,
    soup,
  )
}

/** Arbitrary JSON text: any JSON value, and JSON built from a template with values swapped for anything. */
export function arbitraryJson(template?: unknown): fc.Arbitrary<string> {
  const anyJson = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v))
  if (template === undefined) return anyJson
  return fc.oneof(
    anyJson,
    jsonMutated(template).map((v) => JSON.stringify(v)),
  )
}

/** A JSON value derived from `template`: some leaves swapped for arbitrary JSON, some keys dropped, some arrays emptied. */
export function jsonMutated(template: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(template)
  return fc
    .array(
      fc.tuple(
        fc.nat({ max: Math.max(0, paths.length - 1) }),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom<unknown>(
            null,
            -1,
            1e308,
            -1e308,
            2 ** 53 + 2,
            8.64e15 + 1,
            '',
            'x'.repeat(5000),
            'a\nb\r\nc\u2028',
            [],
            {},
            '/Date(99999999999999999)/',
            '/Date(-99999999999999999)/',
          ),
          fc.constant(undefined),
        ),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      const copy = structuredClone(template) as unknown
      for (const [i, value] of edits) setPath(copy, paths[i] ?? [], value)
      return copy
    })
}

function leafPaths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix)
  if (Array.isArray(v)) v.forEach((x, i) => leafPaths(x, [...prefix, i], out))
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) leafPaths(x, [...prefix, k], out)
  return out
}

function setPath(root: unknown, path: (string | number)[], value: unknown): void {
  if (path.length === 0) return
  let cur = root as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) {
    const next = cur[key]
    if (!next || typeof next !== 'object') return // an earlier edit replaced this branch
    cur = next as Record<string | number, unknown>
  }
  const last = path[path.length - 1]!
  if (value === undefined && !Array.isArray(cur)) delete cur[last]
  else cur[last] = value
}

/** The classic "billion laughs": ten entities of ten references each, nine levels deep (10^9 "lol"s). */
export const BILLION_LAUGHS =
  `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n` +
  Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">\n`).join('') +
  `]>\n<stream><message>&lol9;</message></stream>\n`

/** An external entity pointing at a local file (XXE). */
export const XXE = `<?xml version="1.0"?>\n<!DOCTYPE stream [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<stream><update name="&x;"/>&x;</stream>\n`

/** Tokens every hang guard tries besides a parser's own. */
const COMMON_TOKENS = [
  ' ',
  'a',
  'a ',
  ':',
  '-',
  '=',
  '1',
  '1 ',
  '.',
  '/',
  '"',
  "'",
  '\\',
  '\t',
  'a-1.',
  'x:1 ',
]

/**
 * Lines built to make a backtracking regular expression go quadratic: a token repeated to about `size`
 * characters, then a character `.` does not match (CR, U+2028) or that breaks the expected shape.
 */
export function hostileLines(tokens: readonly string[], size = 200_000): string[] {
  return tokens.flatMap((t) =>
    ['\r', '\u2028', '!'].map((end) => `${t.repeat(Math.ceil(size / t.length))}${end}x ${end}`),
  )
}

/** How hard a hang guard pushes. */
export interface HangGuardOptions {
  /** Characters per hostile line (default 200k). */
  size?: number
  /** Also try COMMON_TOKENS (default true). */
  common?: boolean
  /** Try these tokens instead of the parser's own. */
  tokens?: readonly string[]
}

/**
 * Hang guard: `parse` reads each hostile line (inside `wrap`) in linear time; a regular expression that
 * backtracks quadratically takes seconds to minutes on 200k characters, a linear scan milliseconds.
 */
export function expectLinear(
  parse: (text: string) => unknown,
  tokens: readonly string[],
  wrap: (line: string) => string = (line) => `${line}\n`,
  { size = 200_000, common = true, tokens: only }: HangGuardOptions = {},
): void {
  const own = only ?? tokens
  for (const line of hostileLines(common ? [...own, ...COMMON_TOKENS] : own, size)) {
    const ms = elapsed(() => {
      try {
        parse(wrap(line))
      } catch {
        // refusing is fine; taking long is not
      }
    })
    if (ms > 1_500)
      throw new Error(`${Math.round(ms)} ms on a hostile line starting ${JSON.stringify(line.slice(0, 40))}`)
  }
}

/** Milliseconds `run` took (for hang guards with generous bounds, not for performance claims). */
export function elapsed(run: () => void): number {
  const start = performance.now()
  run()
  return performance.now() - start
}
