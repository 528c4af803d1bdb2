import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml'
import { errorText, excerpt } from '../parsing/one-line'
import { Inventory } from './ansible-model'
import { ImportError } from './types'

/** The yaml library's alias limit inside one value (its default is 100): an alias bomb stops here. */
export const MAX_YAML_ALIASES = 16

/** Most values all aliases of one inventory may expand to, together (so many small aliases cannot add up). */
export const MAX_ALIAS_EXPANSION = 1_000_000

interface YamlContext {
  inv: Inventory
  doc: Document
  lc: LineCounter
  file: string
  /** Values the aliases read so far expand to (plain values are not counted). */
  expanded: number
  /** Expanded size of each anchored node, once known. */
  sizes: Map<unknown, number>
}

function lineOf(ctx: YamlContext, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range
  return range ? ctx.lc.linePos(range[0]).line : 1
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null)
}

function keyOf(ctx: YamlContext, key: unknown): string {
  if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value)
  throw new ImportError(ctx.file, lineOf(ctx, key), 'a key is not a plain name')
}

/** The pairs of a map node (none for an empty value); throws when the node is something else. */
function pairsOf(ctx: YamlContext, node: unknown, what: string, line: number): [string, unknown, number][] {
  if (isEmpty(node)) return []
  if (!isMap(node)) throw new ImportError(ctx.file, lineOf(ctx, node) || line, `${what} must be a mapping`)
  return node.items.map((p) => [keyOf(ctx, p.key), p.value, lineOf(ctx, p.key)])
}

/** How many values `node` stands for with its aliases expanded (memoized per anchored node; loops refused). */
function expandedSize(ctx: YamlContext, node: unknown, line: number, open = new Set<unknown>()): number {
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc)
    if (!target || open.has(target))
      throw new ImportError(ctx.file, line, `YAML alias *${node.source} refers to nothing or to itself`)
    let size = ctx.sizes.get(target)
    if (size === undefined) {
      open.add(target)
      size = expandedSize(ctx, target, line, open)
      open.delete(target)
      ctx.sizes.set(target, size)
    }
    return size
  }
  if (isPair(node)) return expandedSize(ctx, node.key, line, open) + expandedSize(ctx, node.value, line, open)
  if (isCollection(node)) {
    let size = 1
    for (const item of node.items) size = Math.min(size + expandedSize(ctx, item, line, open), 2 ** 52)
    return size
  }
  return 1
}

/** How many values the aliases inside `node` stand for (what expanding them would add). */
function aliasValues(ctx: YamlContext, node: unknown, line: number): number {
  if (isAlias(node)) return expandedSize(ctx, node, line)
  if (isPair(node)) return aliasValues(ctx, node.key, line) + aliasValues(ctx, node.value, line)
  if (!isCollection(node)) return 0
  let sum = 0
  for (const item of node.items) sum = Math.min(sum + aliasValues(ctx, item, line), 2 ** 52)
  return sum
}

/** A YAML value as plain JS; refuses alias bombs (MAX_YAML_ALIASES in one value, MAX_ALIAS_EXPANSION in all). */
function valueOf(ctx: YamlContext, node: Node, key: string, line: number): unknown {
  ctx.expanded += aliasValues(ctx, node, line)
  if (ctx.expanded > MAX_ALIAS_EXPANSION)
    throw new ImportError(ctx.file, line, `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} values`)
  try {
    return node.toJS(ctx.doc, { maxAliasCount: MAX_YAML_ALIASES })
  } catch (err) {
    throw new ImportError(ctx.file, line, `${key}: YAML aliases expand too much (${errorText(err)})`)
  }
}

function varsOf(ctx: YamlContext, node: unknown, what: string, line: number): Record<string, unknown> {
  const vars: Record<string, unknown> = {}
  for (const [k, v, keyLine] of pairsOf(ctx, node, what, line))
    vars[k] = isEmpty(v) ? null : valueOf(ctx, v as Node, k, keyLine)
  return vars
}

function readGroup(ctx: YamlContext, name: string, node: unknown, line: number, parent?: string): void {
  const { inv } = ctx
  inv.group(name, line)
  if (parent !== undefined) inv.addChild(parent, name, line)
  for (const [key, value, keyLine] of pairsOf(ctx, node, `group "${excerpt(name)}"`, line)) {
    if (key === 'hosts') {
      for (const [pattern, vars, hostLine] of pairsOf(ctx, value, `hosts of "${excerpt(name)}"`, keyLine))
        inv.addHosts(
          name,
          pattern,
          varsOf(ctx, vars, `vars of host "${excerpt(pattern)}"`, hostLine),
          hostLine,
        )
    } else if (key === 'vars') {
      Object.assign(inv.group(name, line).vars, varsOf(ctx, value, `vars of "${excerpt(name)}"`, keyLine))
    } else if (key === 'children') {
      for (const [child, childNode, childLine] of pairsOf(
        ctx,
        value,
        `children of "${excerpt(name)}"`,
        keyLine,
      ))
        readGroup(ctx, child, childNode, childLine, name)
    } else {
      inv.warnings.push(
        `${ctx.file} line ${keyLine}: key "${excerpt(key)}" of group "${excerpt(name)}" is not hosts, vars or children; skipped`,
      )
    }
  }
}

/** Reads an Ansible YAML inventory (`all: {hosts, vars, children}`, nested) into groups and hosts. */
export function readYamlInventory(text: string, file: string): Inventory {
  const lc = new LineCounter()
  // prettyErrors off: prettifying copies the line's context into every error, which is quadratic on a
  // long line with many errors; the line comes from the LineCounter instead.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false })
  const err = doc.errors[0]
  if (err) {
    const why = err.message.split('\n')[0]!.replace(/^Maximum call stack size exceeded/, 'nested too deeply')
    throw new ImportError(file, lc.linePos(err.pos[0]).line, `not valid YAML: ${why}`)
  }
  const ctx: YamlContext = { inv: new Inventory(file), doc, lc, file, expanded: 0, sizes: new Map() }
  for (const [name, node, line] of pairsOf(ctx, doc.contents, 'the top level', 1))
    readGroup(ctx, name, node, line)
  return ctx.inv
}
