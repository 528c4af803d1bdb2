import { z } from 'zod'
import type { HardwareInventory } from './types'

/** What an inventory change is about. */
export const changeCategories = ['os', 'hardware', 'disk', 'network', 'software'] as const

/** One difference between two inventories of the same client. */
export interface Change {
  kind: 'added' | 'removed' | 'changed'
  category: (typeof changeCategories)[number]
  /** What changed: `memory`, `disk /`, `eth0 192.0.2.2/24`, `openssl:amd64`, `KB5034441`. */
  item: string
  from?: string
  to?: string
}

/** The zod schema of a change, for the history store and IPC. */
export const changeSchema = z.object({
  kind: z.enum(['added', 'removed', 'changed']),
  category: z.enum(changeCategories),
  item: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
}) satisfies z.ZodType<Change>

/** An installed package or hotfix, as the scan parsers list them (InstalledPackage fits; hotfixes use version ''). */
export interface SoftwareItem {
  name: string
  version: string
  arch?: string
}

/**
 * Boot times closer than this are the same boot: /proc/stat btime and `date − uptime` move by a second or two as
 * the clock is adjusted, and no reboot completes (and gets scanned) within two minutes of the previous scan's boot.
 */
export const BOOT_TOLERANCE_MS = 120_000

type Fact = { category: Change['category']; item: string; value: string }

function facts(inv: HardwareInventory): Map<string, Fact> {
  const out = new Map<string, Fact>()
  const put = (category: Change['category'], item: string, value: string | number | boolean | undefined) => {
    if (value !== undefined && value !== '')
      out.set(`${category}\0${item}`, { category, item, value: String(value) })
  }
  put('os', 'hostname', inv.hostname)
  put('os', 'OS name', inv.osName)
  put('os', 'OS version', inv.osVersion)
  put('os', 'kernel', inv.kernel)
  put('os', 'last boot', inv.lastBoot)
  put('hardware', 'architecture', inv.architecture)
  put('hardware', 'CPU model', inv.cpu.model)
  put('hardware', 'CPU cores', inv.cpu.cores)
  put('hardware', 'logical processors', inv.cpu.logicalProcessors)
  put('hardware', 'memory', inv.memoryBytes)
  put('hardware', 'manufacturer', inv.manufacturer)
  put('hardware', 'model', inv.model)
  put('hardware', 'serial', inv.serial)
  put('hardware', 'virtual', inv.virtual)
  put('hardware', 'virtualization', inv.virtualization)
  // Free space changes on every run, so only the size and filesystem type are compared.
  for (const d of inv.disks) {
    put('disk', `disk ${d.mount}`, d.sizeBytes)
    put('disk', `disk ${d.mount} filesystem`, d.fsType)
  }
  for (const n of inv.network) {
    put('network', `interface ${n.interface}`, n.mac ?? '(no MAC)')
    for (const a of n.addresses) put('network', `${n.interface} ${a}`, a)
  }
  return out
}

const CATEGORY_RANK = new Map(changeCategories.map((c, i) => [c, i]))
const KIND_RANK = { removed: 0, changed: 1, added: 2 } as const

/** Sorts changes by category, item, then removed < changed < added, in place; returns the array. */
export function sortChanges(changes: Change[]): Change[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)
  return changes.sort(
    (a, b) =>
      CATEGORY_RANK.get(a.category)! - CATEGORY_RANK.get(b.category)! ||
      cmp(a.item, b.item) ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      cmp(a.from ?? '', b.from ?? '') ||
      cmp(a.to ?? '', b.to ?? ''),
  )
}

function sameBoot(a: string, b: string): boolean {
  return Math.abs(Date.parse(a) - Date.parse(b)) <= BOOT_TOLERANCE_MS
}

/**
 * The changes from one hardware inventory to the next (before = null: everything is 'added'). Disk free space is
 * ignored; a last-boot move beyond BOOT_TOLERANCE_MS is a reboot ('changed' os/last boot). Deterministic order.
 */
export function diffHardware(before: HardwareInventory | null, after: HardwareInventory): Change[] {
  const a = before ? facts(before) : new Map<string, Fact>()
  const b = facts(after)
  const changes: Change[] = []
  for (const [key, old] of a) {
    const now = b.get(key)
    if (!now) changes.push({ kind: 'removed', category: old.category, item: old.item, from: old.value })
    else if (now.value !== old.value && !(old.item === 'last boot' && sameBoot(old.value, now.value)))
      changes.push({
        kind: 'changed',
        category: old.category,
        item: old.item,
        from: old.value,
        to: now.value,
      })
  }
  for (const [key, now] of b)
    if (!a.has(key)) changes.push({ kind: 'added', category: now.category, item: now.item, to: now.value })
  return sortChanges(changes)
}

function group(list: readonly SoftwareItem[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const p of list) {
    const key = p.arch ? `${p.name}:${p.arch}` : p.name
    let versions = out.get(key)
    if (!versions) out.set(key, (versions = new Set()))
    versions.add(p.version)
  }
  return out
}

function orEmpty(v: string): string | undefined {
  return v === '' ? undefined : v
}

/**
 * The changes between two installed-software lists: added, removed, and changed (upgraded or downgraded, from→to)
 * per `name:arch`. Where several versions of one package are installed side by side (kernels), a single removed
 * and a single added version pair up as 'changed'; otherwise each is listed. O(n) with maps, then one sort.
 */
export function diffSoftware(before: readonly SoftwareItem[], after: readonly SoftwareItem[]): Change[] {
  const a = group(before)
  const b = group(after)
  const changes: Change[] = []
  const add = (kind: Change['kind'], item: string, from?: string, to?: string) =>
    changes.push({
      kind,
      category: 'software',
      item,
      ...(from !== undefined && orEmpty(from) ? { from } : {}),
      ...(to !== undefined && orEmpty(to) ? { to } : {}),
    })
  for (const [item, oldVersions] of a) {
    const newVersions = b.get(item) ?? new Set<string>()
    const gone = [...oldVersions].filter((v) => !newVersions.has(v))
    const came = [...newVersions].filter((v) => !oldVersions.has(v))
    if (gone.length === 1 && came.length === 1) add('changed', item, gone[0], came[0])
    else {
      for (const v of gone) add('removed', item, v)
      for (const v of came) add('added', item, undefined, v)
    }
  }
  for (const [item, versions] of b)
    if (!a.has(item)) for (const v of versions) add('added', item, undefined, v)
  return sortChanges(changes)
}
