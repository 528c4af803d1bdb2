import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { Inventory } from './ansible-model'
import { ImportError } from './types'

interface YamlContext {
  inv: Inventory
  doc: Document
  lc: LineCounter
  file: string
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

function varsOf(ctx: YamlContext, node: unknown, what: string, line: number): Record<string, unknown> {
  const vars: Record<string, unknown> = {}
  for (const [k, v] of pairsOf(ctx, node, what, line)) vars[k] = isEmpty(v) ? null : (v as Node).toJS(ctx.doc)
  return vars
}

function readGroup(ctx: YamlContext, name: string, node: unknown, line: number, parent?: string): void {
  const { inv } = ctx
  inv.group(name, line)
  if (parent !== undefined) inv.addChild(parent, name, line)
  for (const [key, value, keyLine] of pairsOf(ctx, node, `group "${name}"`, line)) {
    if (key === 'hosts') {
      for (const [pattern, vars, hostLine] of pairsOf(ctx, value, `hosts of "${name}"`, keyLine))
        inv.addHosts(name, pattern, varsOf(ctx, vars, `vars of host "${pattern}"`, hostLine), hostLine)
    } else if (key === 'vars') {
      Object.assign(inv.group(name, line).vars, varsOf(ctx, value, `vars of "${name}"`, keyLine))
    } else if (key === 'children') {
      for (const [child, childNode, childLine] of pairsOf(ctx, value, `children of "${name}"`, keyLine))
        readGroup(ctx, child, childNode, childLine, name)
    } else {
      inv.warnings.push(
        `${ctx.file} line ${keyLine}: key "${key}" of group "${name}" is not hosts, vars or children; skipped`,
      )
    }
  }
}

/** Reads an Ansible YAML inventory (`all: {hosts, vars, children}`, nested) into groups and hosts. */
export function readYamlInventory(text: string, file: string): Inventory {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc })
  const err = doc.errors[0]
  if (err) throw new ImportError(file, err.linePos?.[0].line, `not valid YAML: ${err.message.split('\n')[0]}`)
  const ctx: YamlContext = { inv: new Inventory(file), doc, lc, file }
  for (const [name, node, line] of pairsOf(ctx, doc.contents, 'the top level', 1))
    readGroup(ctx, name, node, line)
  return ctx.inv
}
