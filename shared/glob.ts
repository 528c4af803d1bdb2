/** Which characters of a wildcard pattern stand for any run of characters, for exactly one, and whether `[…]` is a class. */
export interface GlobSyntax {
  /** Characters that match any run of characters, e.g. '*%'. */
  many: string
  /** Characters that match exactly one character, e.g. '?_'. */
  one: string
  /** `[abc]`, `[a-z]` and `[!abc]` are character classes (shell and OpenSSH globs). */
  classes?: boolean
  /** Compare without regard to case. */
  ignoreCase?: boolean
}

type Token =
  | { kind: 'many' }
  | { kind: 'one' }
  | { kind: 'literal'; char: string }
  | { kind: 'class'; negate: boolean; test: (c: string) => boolean }

function fold(c: string, ignoreCase: boolean): string {
  return ignoreCase ? c.toLowerCase() : c
}

function parseClass(
  pattern: string,
  start: number,
  ignoreCase: boolean,
): { token: Token; end: number } | null {
  let i = start + 1
  const negate = pattern[i] === '!' || pattern[i] === '^'
  if (negate) i++
  const first = i
  const ranges: Array<[string, string]> = []
  while (i < pattern.length && (pattern[i] !== ']' || i === first)) {
    const lo = fold(pattern[i]!, ignoreCase)
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      ranges.push([lo, fold(pattern[i + 2]!, ignoreCase)])
      i += 3
    } else {
      ranges.push([lo, lo])
      i++
    }
  }
  if (i >= pattern.length) return null // no closing ']': the '[' is a literal
  const test = (c: string) => ranges.some(([lo, hi]) => c >= lo && c <= hi)
  return { token: { kind: 'class', negate, test }, end: i }
}

function tokenize(pattern: string, syntax: GlobSyntax): Token[] {
  const ignoreCase = syntax.ignoreCase ?? false
  const tokens: Token[] = []
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (syntax.many.includes(c)) {
      if (tokens.at(-1)?.kind !== 'many') tokens.push({ kind: 'many' }) // '**' is '*'
    } else if (syntax.one.includes(c)) tokens.push({ kind: 'one' })
    else if (c === '[' && syntax.classes) {
      const cls = parseClass(pattern, i, ignoreCase)
      if (cls) {
        tokens.push(cls.token)
        i = cls.end
      } else tokens.push({ kind: 'literal', char: c })
    } else tokens.push({ kind: 'literal', char: fold(c, ignoreCase) })
  }
  return tokens
}

function matchesOne(token: Token, c: string): boolean {
  switch (token.kind) {
    case 'one':
      return true
    case 'literal':
      return token.char === c
    case 'class':
      return token.test(c) !== token.negate
    case 'many':
      return false
  }
}

/**
 * Compiles a wildcard pattern into a matcher of whole strings. It never backtracks beyond the last `many`
 * wildcard seen, so a match costs at most pattern length × text length steps, whatever the pattern.
 */
export function globMatcher(pattern: string, syntax: GlobSyntax): (text: string) => boolean {
  const tokens = tokenize(pattern, syntax)
  const ignoreCase = syntax.ignoreCase ?? false
  return (input) => {
    const text = ignoreCase ? input.toLowerCase() : input
    let p = 0
    let s = 0
    let starP = -1
    let starS = 0
    while (s < text.length) {
      const token = tokens[p]
      if (token?.kind === 'many') {
        starP = p++
        starS = s
      } else if (token && matchesOne(token, text[s]!)) {
        p++
        s++
      } else if (starP >= 0) {
        p = starP + 1
        s = ++starS
      } else return false
    }
    while (tokens[p]?.kind === 'many') p++
    return p === tokens.length
  }
}
