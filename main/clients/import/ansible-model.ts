import { expandHostRange, splitHostPort } from './ansible-ranges'
import { ImportError } from './types'

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

/** Groups and hosts of one inventory, in first-seen order; `all` always exists. */
export class Inventory {
  readonly groups = new Map<string, InventoryGroup>()
  readonly hosts = new Map<string, InventoryHost>()
  /** Things read but not used (unknown keys and the like). */
  readonly warnings: string[] = []
  private readonly depths = new Map<string, number>()
  private readonly memberOf = new Map<string, Set<string>>()

  constructor(readonly file: string) {
    this.group('all', 1)
  }

  /** The named group, created (at `line`) if new. */
  group(name: string, line: number): InventoryGroup {
    let g = this.groups.get(name)
    if (!g) {
      if (!/^[^\s:[\]]+$/.test(name))
        throw new ImportError(this.file, line, `group name "${name}" is not valid`)
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
      throw new ImportError(this.file, line, `group "all" cannot be a child of "${parent}"`)
    if (child === parent || this.ancestors(parent).has(child))
      throw new ImportError(this.file, line, `making "${child}" a child of "${parent}" would loop`)
    if (!p.children.includes(child)) p.children.push(child)
    this.depths.clear()
  }

  /** Every group above `name` (its parents, their parents, …), excluding `all`. */
  ancestors(name: string): Set<string> {
    const out = new Set<string>()
    const visit = (n: string): void => {
      for (const g of this.groups.values())
        if (g.children.includes(n) && !out.has(g.name)) {
          out.add(g.name)
          visit(g.name)
        }
    }
    visit(name)
    out.delete('all')
    return out
  }

  /** A group's depth as Ansible counts it: `all` 0, top-level groups 1, a child 1 + its deepest parent's. */
  depth(name: string): number {
    if (name === 'all') return 0
    const known = this.depths.get(name)
    if (known !== undefined) return known
    let depth = 1
    for (const g of this.groups.values())
      if (g.children.includes(name) && g.name !== 'all') depth = Math.max(depth, this.depth(g.name) + 1)
    this.depths.set(name, depth)
    return depth
  }

  /** A host's groups (direct and inherited, without `all`) in Ansible's var order: by depth, then name. */
  groupsOf(host: string): string[] {
    const names = new Set<string>()
    for (const g of this.memberOf.get(host) ?? []) {
      if (g === 'all') continue
      names.add(g)
      for (const a of this.ancestors(g)) names.add(a)
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
