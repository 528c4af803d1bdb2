import { isAbsolute, join, relative, resolve } from 'node:path'
import { expandHome, type HomeOptions, type ImportFs } from './paths'
import { ImportError } from './types'
import { globMatcher } from '../../../shared/glob'
import { excerpt } from '../parsing/one-line'

/** The condition a `Host` (or `Match all`) line sets: the block applies when a pattern matches. */
export interface HostCondition {
  patterns: string[]
}

/** One `Keyword args…` line of an ssh config, flattened through `Include`s. */
export interface SshConfigEntry {
  /** Lower-cased keyword. */
  keyword: string
  args: string[]
  /** File (as shown in messages) and 1-based line. */
  file: string
  line: number
  /** Every enclosing Host block (outer file first) must match for the entry to apply. */
  conditions: HostCondition[]
}

/** A `Host` line: its patterns and where it is. */
export interface SshHostLine {
  patterns: string[]
  file: string
  line: number
}

/** Options for reading an ssh config and the files it includes. */
export interface SshReadOptions extends HomeOptions {
  /** Directory relative `Include` paths resolve against; default `~/.ssh`. */
  sshDir?: string
  /** The imported file on disk, so that an `Include` of it is seen as a loop; default `file`. */
  path?: string
  fs: ImportFs
}

/** OpenSSH's limit on nested `Include`s (READCONF_MAX_DEPTH). */
export const MAX_INCLUDE_DEPTH = 16

interface ReadState {
  options: SshReadOptions
  sshDir: string
  entries: SshConfigEntry[]
  hostLines: SshHostLine[]
  warnings: string[]
  /** Real paths of the files being read, outermost first. */
  stack: string[]
}

/** Splits a config line into keyword and arguments as OpenSSH does; undefined for blank and comment lines. */
export function tokenizeSshLine(
  raw: string,
  file: string,
  line: number,
): { keyword: string; args: string[] } | undefined {
  const text = raw.replace(/\r$/, '').trim()
  if (text === '' || text.startsWith('#')) return undefined
  // [\s\S] rather than '.': a CR or U+2028 inside the line must not make the match backtrack (quadratic time).
  const m = /^([^\s=]+)[ \t]*(?:=[ \t]*)?([\s\S]*)$/.exec(text)
  if (!m) return undefined
  const args: string[] = []
  const rest = m[2]!
  let i = 0
  while (i < rest.length) {
    while (i < rest.length && /\s/.test(rest[i]!)) i++
    if (i >= rest.length || rest[i] === '#') break
    let arg = ''
    let quote = ''
    for (; i < rest.length; i++) {
      const c = rest[i]!
      const next = rest[i + 1]
      if (c === '\\' && next !== undefined && (`'"\\`.includes(next) || (quote === '' && next === ' '))) {
        arg += next
        i++
      } else if (quote === '' && /\s/.test(c)) {
        break
      } else if (quote === '' && (c === '"' || c === "'")) {
        quote = c
      } else if (c === quote) {
        quote = ''
      } else {
        arg += c
      }
    }
    if (quote !== '') throw new ImportError(file, line, `unterminated quote in "${excerpt(text)}"`)
    args.push(arg)
  }
  return { keyword: m[1]!.toLowerCase(), args }
}

/** Reads an ssh config and its `Include`s in place into entries and Host lines; skips Match blocks. */
export function readSshConfig(
  text: string,
  file: string,
  options: SshReadOptions,
): { entries: SshConfigEntry[]; hostLines: SshHostLine[]; warnings: string[] } {
  const sshDir = options.sshDir ?? join(expandHome('~', options), '.ssh')
  const state: ReadState = { options, sshDir, entries: [], hostLines: [], warnings: [], stack: [] }
  state.stack.push(options.fs.realPath(resolve(options.path ?? file)))
  readText(state, text, file, [], 0)
  return { entries: state.entries, hostLines: state.hostLines, warnings: state.warnings }
}

function readText(state: ReadState, text: string, file: string, outer: HostCondition[], depth: number): void {
  let block: HostCondition | 'match' | undefined
  text.split('\n').forEach((raw, i) => {
    const line = i + 1
    const tokens = tokenizeSshLine(raw, file, line)
    if (!tokens) return
    const { keyword, args } = tokens
    if (keyword === 'host') {
      if (args.length === 0) throw new ImportError(file, line, 'Host needs at least one pattern')
      block = { patterns: args }
      state.hostLines.push({ patterns: args, file, line })
      return
    }
    if (keyword === 'match') {
      if (args.length === 1 && args[0]!.toLowerCase() === 'all') {
        block = { patterns: ['*'] }
        return
      }
      block = 'match'
      state.warnings.push(
        `${file} line ${line}: "${excerpt(raw.trim())}" is not supported; its settings are skipped`,
      )
      return
    }
    if (block === 'match') return
    const conditions = block ? [...outer, block] : outer
    if (keyword === 'include') {
      if (args.length === 0) throw new ImportError(file, line, 'Include needs a file name')
      for (const arg of args) include(state, arg, file, line, conditions, depth)
      return
    }
    state.entries.push({ keyword, args, file, line, conditions })
  })
}

function include(
  state: ReadState,
  arg: string,
  file: string,
  line: number,
  conditions: HostCondition[],
  depth: number,
): void {
  if (depth + 1 > MAX_INCLUDE_DEPTH)
    throw new ImportError(file, line, `Include nests deeper than ${MAX_INCLUDE_DEPTH} files`)
  const { fs } = state.options
  const expanded = expandHome(arg, state.options)
  const pattern = isAbsolute(expanded) ? expanded : join(state.sshDir, expanded)
  for (const path of globPaths(pattern, fs)) {
    if (fs.isDirectory(path)) continue
    const real = fs.realPath(path)
    const shown = displayPath(path, state.sshDir)
    if (state.stack.includes(real)) {
      state.warnings.push(`${file} line ${line}: Include of ${shown} would loop; skipped`)
      continue
    }
    const text = fs.readFile(path)
    if (text === undefined) continue
    state.stack.push(real)
    readText(state, text, shown, conditions, depth + 1)
    state.stack.pop()
  }
}

function displayPath(path: string, sshDir: string): string {
  const rel = relative(sshDir, path)
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel
}

const GLOB_CHARS = /[*?[]/

/** Paths matching a glob(3) pattern (`*`, `?`, `[…]` in any component), sorted; a plain path as is. */
export function globPaths(pattern: string, fs: ImportFs): string[] {
  if (!GLOB_CHARS.test(pattern)) return [pattern]
  const parts = pattern.split('/')
  let paths = [parts[0] === '' ? '/' : parts[0]!]
  for (const part of parts.slice(1)) {
    if (part === '') continue
    const next: string[] = []
    for (const dir of paths) {
      if (!GLOB_CHARS.test(part)) {
        next.push(join(dir, part))
        continue
      }
      const matches = partMatcher(part)
      const names = (fs.readDir(dir) ?? []).filter(
        (n) => matches(n) && (part.startsWith('.') || !n.startsWith('.')),
      )
      next.push(...names.sort().map((n) => join(dir, n)))
    }
    paths = next
  }
  return paths
}

/** A shell-style matcher of one path part: `*`, `?` and `[…]` classes, `[!…]` negated. */
function partMatcher(part: string): (name: string) => boolean {
  return globMatcher(part, { many: '*', one: '?', classes: true })
}
