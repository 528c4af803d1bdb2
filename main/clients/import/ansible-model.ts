import { expandHostRange, splitHostPort } from './ansible-ranges'
import { ImportError } from './types'
import { excerpt } from '../parsing/one-line'

/** An inventory group as read: its own hosts, child groups and vars. */
export interface InventoryGroup {
  name: string
  hosts: string[]
  children: string[]
  vars: Record<string, unknown>
  line: number
}

/** An inventory host as read: its own vars (a `:port` suffix is `ansible_port`) and first line. */
export interface InventoryHost {
  name: string
  vars: Record<string, unknown>
  line: number
}

/** Most group-to-group steps one inventory may take to resolve its hierarchy (loops, depths, inherited groups). */
export const MAX_HIERARCHY_STEPS = 5_000_000

/** Groups and hosts of one inventory, in first-seen order; `all` always exists. */
export class Inventory {
  readonly groups = new Map<string, InventoryGroup>()
  readonly hosts = new Map<string, InventoryHost>()
  /** Things read but not used (unknown keys and the like). */
  readonly warnings: string[] = []
  private readonly depths = new Map<string, number>()
  private readonly ancestry = new Map<string, Set<string>>()
  private readonly parents = new Map<string, Set<string>>()
  private readonly memberOf = new Map<string, Set<string>>()
  private steps = 0

  constructor(readonly file: string) {
    this.group('all', 1)
  }

  /** Counts one step of hierarchy work; refuses the inventory once MAX_HIERARCHY_STEPS are spent. */
  private step(line?: number): void {
    if (++this.steps > MAX_HIERARCHY_STEPS)
      throw new ImportError(
        this.file,
        line,
        `the group hierarchy is too large to resolve (over ${MAX_HIERARCHY_STEPS} steps; ${this.groups.size} groups)`,
      )
  }

  /** The named group, created (at `line`) if new. */
  group(name: string, line: number): InventoryGroup {
    let g = this.groups.get(name)
    if (!g) {
      if (!/^[^\s:[\]]+$/.test(name))
        throw new ImportError(this.file, line, `group name "${excerpt(name)}" is not valid`)
      g = { name, hosts: [], children: [], vars: {}, line }
      this.groups.set(name, g)
    }
    return g
  }

  /** Adds the hosts a pattern (ranges, `:port`) expands to, to a group, merging `vars` into their own. */
  addHosts(group: string, pattern: string, vars: Record<string, unknown>, line: number): void {
    const g = this.group(group, line)
    const { host, port } = splitHostPort(pattern)
    for (const name of expandHostRange(host, this.file, line)) {
      let h = this.hosts.get(name)
      if (!h) {
        h = { name, vars: {}, line }
        this.hosts.set(name, h)
      }
      if (port !== undefined) h.vars.ansible_port = port
      Object.assign(h.vars, vars)
      const groups = this.memberOf.get(name) ?? new Set<string>()
      this.memberOf.set(name, groups)
      if (!groups.has(group)) {
        groups.add(group)
        g.hosts.push(name)
      }
    }
  }

  /** Makes `child` a child group of `parent`; throws when that would make a loop. */
  addChild(parent: string, child: string, line: number): void {
    const p = this.group(parent, line)
    this.group(child, line)
    if (child === 'all')
      throw new ImportError(this.file, line, `group "all" cannot be a child of "${excerpt(parent)}"`)
    if (p.children.includes(child)) return
    if (child === parent || this.reaches(child, parent, line))
      throw new ImportError(
        this.file,
        line,
        `making "${excerpt(child)}" a child of "${excerpt(parent)}" would loop`,
      )
    p.children.push(child)
    const ps = this.parents.get(child) ?? new Set<string>()
    ps.add(parent)
    this.parents.set(child, ps)
    this.depths.clear()
    this.ancestry.clear()
  }

  /** True when `to` is `from` or below it (a child, a child's child, …); stops at the first path found. */
  private reaches(from: string, to: string, line: number): boolean {
    const seen = new Set<string>([from])
    const pending = [from]
    for (let n = pending.pop(); n !== undefined; n = pending.pop()) {
      if (n === to) return true
      for (const c of this.groups.get(n)?.children ?? []) {
        this.step(line)
        if (!seen.has(c)) {
          seen.add(c)
          pending.push(c)
        }
      }
    }
    return false
  }

  /** Every group above `name` (its parents, their parents, …), excluding `all`. */
  ancestors(name: string, line?: number): Set<string> {
    const known = this.ancestry.get(name)
    if (known) return known
    const out = new Set<string>()
    const pending = [name]
    for (let n = pending.pop(); n !== undefined; n = pending.pop())
      for (const p of this.parents.get(n) ?? []) {
        this.step(line)
        if (!out.has(p)) {
          out.add(p)
          pending.push(p)
        }
      }
    out.delete('all')
    this.ancestry.set(name, out)
    return out
  }

  /** A group's depth as Ansible counts it: `all` 0, top-level groups 1, a child 1 + its deepest parent's. */
  depth(name: string): number {
    const pending = [name]
    while (pending.length > 0) {
      const n = pending[pending.length - 1]!
      if (n === 'all' || this.depths.has(n)) {
        pending.pop()
        continue
      }
      const parents = [...(this.parents.get(n) ?? [])].filter((p) => p !== 'all')
      const unknown = parents.filter((p) => !this.depths.has(p))
      if (unknown.length > 0) {
        for (const p of unknown) {
          this.step()
          pending.push(p)
        }
        continue
      }
      this.depths.set(n, 1 + parents.reduce((max, p) => Math.max(max, this.depths.get(p)!), 0))
      pending.pop()
    }
    return name === 'all' ? 0 : this.depths.get(name)!
  }

  /** A host's groups (direct and inherited, without `all`) in Ansible's var order: by depth, then name. */
  groupsOf(host: string): string[] {
    const names = new Set<string>()
    for (const g of this.memberOf.get(host) ?? []) {
      if (g === 'all') continue
      names.add(g)
      for (const a of this.ancestors(g)) {
        this.step()
        names.add(a)
      }
    }
    return [...names]
      .map((n) => ({ n, d: this.depth(n) }))
      .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0))
      .map((x) => x.n)
  }

  /** A host's vars after inheritance: `all`, then its groups in `groupsOf` order, then its own. */
  varsOf(host: string): Record<string, unknown> {
    const vars: Record<string, unknown> = { ...this.groups.get('all')!.vars }
    for (const g of this.groupsOf(host)) Object.assign(vars, this.groups.get(g)!.vars)
    return Object.assign(vars, this.hosts.get(host)?.vars)
  }
}
