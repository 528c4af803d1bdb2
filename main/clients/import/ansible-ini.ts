import { Inventory } from './ansible-model'
import { ImportError } from './types'
import { excerpt } from '../parsing/one-line'

type SectionKind = 'hosts' | 'vars' | 'children'

/** Splits an INI host line like a POSIX shell (quotes, backslashes) up to a `#` comment. */
export function shellSplit(text: string, file: string, line: number): string[] {
  const out: string[] = []
  let i = 0
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++
    if (i >= text.length || text[i] === '#') break
    let word = ''
    let quote = ''
    for (; i < text.length; i++) {
      const c = text[i]!
      if (quote === '' && /\s/.test(c)) break
      if (quote === '' && (c === '"' || c === "'")) quote = c
      else if (c === quote) quote = ''
      else if (c === '\\' && quote !== "'" && i + 1 < text.length) word += text[++i]
      else word += c
    }
    if (quote !== '') throw new ImportError(file, line, `unterminated quote in "${excerpt(text.trim())}"`)
    out.push(word)
  }
  return out
}

function assignment(word: string, file: string, line: number): [string, string] {
  const eq = word.indexOf('=')
  if (eq <= 0) throw new ImportError(file, line, `expected key=value, got "${excerpt(word)}"`)
  return [word.slice(0, eq).trim(), word.slice(eq + 1)]
}

/** Reads an Ansible INI inventory into groups and hosts; throws an ImportError at the first bad line. */
export function readIniInventory(text: string, file: string): Inventory {
  const inv = new Inventory(file)
  const varsOnly = new Map<string, number>() // groups seen only in [x:vars], with the line
  let group = 'ungrouped'
  let kind: SectionKind = 'hosts'
  text.split('\n').forEach((raw, i) => {
    const line = i + 1
    const text = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '').trim()
    if (text === '' || text.startsWith('#') || text.startsWith(';')) return
    if (text.startsWith('[')) {
      const m = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/.exec(text)
      if (!m)
        throw new ImportError(
          file,
          line,
          `"${excerpt(text)}" is not a [group], [group:vars] or [group:children] header`,
        )
      const [, name, suffix] = m
      if (suffix !== undefined && suffix !== 'vars' && suffix !== 'children')
        throw new ImportError(file, line, `section [${name}:${suffix}] is not :vars or :children`)
      group = name!
      kind = (suffix ?? 'hosts') as SectionKind
      if (kind === 'vars' && !inv.groups.has(group)) varsOnly.set(group, line)
      else varsOnly.delete(group)
      inv.group(group, line)
      return
    }
    if (kind === 'vars') {
      const [key, value] = assignment(text, file, line)
      inv.group(group, line).vars[key] = unquote(stripComment(value).trim())
    } else if (kind === 'children') {
      const [child, ...rest] = shellSplit(text, file, line)
      if (rest.length > 0 || child === undefined)
        throw new ImportError(file, line, `expected one child group name, got "${excerpt(text)}"`)
      varsOnly.delete(child)
      inv.addChild(group, child, line)
    } else {
      const [pattern, ...words] = shellSplit(text, file, line)
      if (pattern === undefined) return
      const vars = Object.fromEntries(words.map((w) => assignment(w, file, line)))
      inv.addHosts(group, pattern, vars, line)
    }
  })
  for (const [name, line] of varsOnly)
    if (name !== 'all' && inv.groups.get(name)!.hosts.length === 0 && !isChild(inv, name))
      throw new ImportError(file, line, `[${name}:vars] is for a group that is never defined`)
  return inv
}

function isChild(inv: Inventory, name: string): boolean {
  return [...inv.groups.values()].some((g) => g.children.includes(name))
}

function stripComment(value: string): string {
  let quote = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    if (quote === '' && (c === '"' || c === "'")) quote = c
    else if (c === quote) quote = ''
    else if (quote === '' && c === '#' && (i === 0 || /\s/.test(value[i - 1]!))) return value.slice(0, i)
  }
  return value
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/s.exec(value)
  return m ? m[2]! : value
}
