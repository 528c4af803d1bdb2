import { applicabilityStateIds } from '../../../shared/dto/update'
import type { ResourceDto } from '../../../shared/dto/resource'
import {
  diffHardware,
  diffSoftware,
  type Change,
  type SoftwareItem,
} from '../../clients/inventory/inventory-diff'
import type { HardwareInventory } from '../../clients/inventory/types'
import type { ScanResult, ScannedUpdate } from '../../clients/platforms/types'
import { ageText } from '../../../shared/lists-age'
import { reevaluateMembership } from '../collections/membership'
import { restartColumns } from './restart-record'
import type { Db, SiteContext } from '../runtime/site-context'
import {
  addCatalogUpdates,
  writeStateMessages,
  writeUpdateStates,
  type CatalogRow,
  type StateMessageRow,
  type UpdateStateRow,
} from './state-ingest'

/** Scan states of TopicType 501 that Patchbay writes. */
export const scanStates = { running: 2, completed: 3, failed: 5 } as const

const REQUIRED = applicabilityStateIds.required
const INSTALLED = applicabilityStateIds.installed
const NOT_REQUIRED = applicabilityStateIds['not-required']

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size))
}

/** The software list a scan reports: Linux packages, or Windows hotfixes by KB. */
export function softwareOf(result: ScanResult): SoftwareItem[] {
  if (result.installedPackages) return result.installedPackages
  return (result.installedHotfixes ?? []).map((h) => ({ name: h.kb, version: h.installedOn ?? '', arch: '' }))
}

/** The version an update brings, from its fields or (Debian) its ID `deb:pkg:arch:version`. */
function versionOf(id: string, availableVersion: string | null | undefined): string {
  if (availableVersion) return availableVersion
  return id.startsWith('deb:') ? id.split(':').slice(3).join(':') : ''
}

/**
 * The applicability of an update this client reported before but not now: Debian lists only what is
 * upgradable, so a vanished update is installed when the package now has its version, else superseded.
 */
function vanishedState(
  row: { update_id: string; package: string; arch: string },
  installed: Map<string, string>,
): { stateId: number; installedVersion: string } {
  const now = installed.get(`${row.package}:${row.arch}`) ?? installed.get(row.package) ?? ''
  const wanted = versionOf(row.update_id, null)
  return { stateId: wanted && now === wanted ? INSTALLED : NOT_REQUIRED, installedVersion: now }
}

/** The catalog rows for updates a group of scans reported that the repository does not have yet. */
async function newCatalogRows(trx: Db, group: PendingScan[], now: string): Promise<CatalogRow[]> {
  const reported = new Map<string, ScannedUpdate>()
  for (const { result } of group)
    for (const u of result.updates) if (!reported.has(u.id)) reported.set(u.id, u)
  const ids = [...reported.keys()]
  for (let i = 0; i < ids.length; i += 500) {
    const known = await trx
      .selectFrom('software_update')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const k of known) reported.delete(k.id)
  }
  return [...reported.values()].map((u): CatalogRow => [
    u.id,
    u.vendor,
    u.title,
    u.kb ?? '',
    u.revision ?? 0,
    u.classification,
    u.products[0] ?? '',
    JSON.stringify(u.products),
    u.severity,
    u.package ?? '',
    u.availableVersion ?? '',
    u.suite ?? '',
    u.releaseDate ?? null,
    u.size ?? 0,
    u.sha256 ?? '',
    '',
    'reported by clients',
    now,
  ])
}

/**
 * The package-lists columns a scan sets: when the lists were last refreshed (the scan's time minus the age the
 * client measured, so a client clock that is off does not matter) and why the refresh failed; nothing for a scan
 * that does not report lists (Windows).
 */
export function listsColumns(
  result: ScanResult,
  now: string,
): { lists_updated_at: string | null; lists_refresh_error: string } | Record<string, never> {
  const lists = result.packageLists
  if (!lists) return {}
  return {
    lists_updated_at:
      lists.ageSeconds === null ? null : new Date(Date.parse(now) - lists.ageSeconds * 1000).toISOString(),
    lists_refresh_error: lists.refreshError ?? '',
  }
}

/** What a scan says about the package lists, for its job message and scan state message; '' when it reports none. */
export function listsSummary(result: ScanResult): string {
  const lists = result.packageLists
  if (!lists) return ''
  if (lists.refresh === 'refreshed') return 'package lists refreshed'
  const age =
    lists.ageSeconds === null ? 'no package lists' : `package lists ${ageText(lists.ageSeconds)} old`
  return lists.refresh === 'failed' ? `${age}; refresh failed: ${lists.refreshError ?? ''}` : age
}

/** One scan waiting to be recorded. */
interface PendingScan {
  resource: ResourceDto
  result: ScanResult
  resolve: (value: ScanRecorded) => void
  reject: (err: unknown) => void
}

/** What recording a scan changed. */
export interface ScanRecorded {
  changed: number
  collections: string[]
}

/**
 * Reported updates per group transaction: ~25 clients of 2,000 updates, so a big scan job commits once per
 * tens of clients (a commit per client costs SQLite half its insert speed) while other readers wait < ~1 s.
 */
const GROUP_UPDATES = 50_000

const queues = new WeakMap<object, { pending: PendingScan[]; running: boolean }>()

/** Takes the next group: whole scans up to GROUP_UPDATES reported updates, each client at most once. */
function takeGroup(pending: PendingScan[]): PendingScan[] {
  const group: PendingScan[] = []
  const ids = new Set<number>()
  let updates = 0
  while (pending.length) {
    const next = pending[0]!
    if (ids.has(next.resource.id)) break
    if (group.length && updates + next.result.updates.length > GROUP_UPDATES) break
    group.push(pending.shift()!)
    ids.add(next.resource.id)
    updates += next.result.updates.length
  }
  return group
}

async function drain(ctx: SiteContext, queue: { pending: PendingScan[]; running: boolean }): Promise<void> {
  queue.running = true
  try {
    while (queue.pending.length) {
      // Scans handed in during the same turn (or while the last group was being written) join one group.
      await new Promise((resolve) => setImmediate(resolve))
      const group = takeGroup(queue.pending)
      try {
        const recorded = await recordGroup(ctx, group)
        group.forEach((p, i) => p.resolve(recorded[i]!))
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err)
        // One bad scan (say, its client was deleted meanwhile) must not fail the others: record each alone.
        else
          for (const p of group)
            await recordGroup(ctx, [p]).then(
              ([r]) => p.resolve(r!),
              (e: unknown) => p.reject(e),
            )
      }
    }
  } finally {
    queue.running = false
  }
}

/**
 * Records one client's scan: every reported update (added to the repository when new), an applicability state
 * message (TopicType 500) for each update whose state changed, a scan-completed message (501/3), the client's
 * OS, agent and reboot facts, and its installed software with the changes. Scans that arrive together (a scan
 * job's hosts finishing) are written in one transaction through the bulk writers of state-ingest.ts; a scan
 * is all-or-nothing either way. Returns how many updates changed state and which collections the client
 * joined or left (its platform may be new).
 */
export function recordScan(
  ctx: SiteContext,
  resource: ResourceDto,
  result: ScanResult,
): Promise<ScanRecorded> {
  let queue = queues.get(ctx.db)
  if (!queue) {
    queue = { pending: [], running: false }
    queues.set(ctx.db, queue)
  }
  const q = queue
  return new Promise<ScanRecorded>((resolve, reject) => {
    q.pending.push({ resource, result, resolve, reject })
    if (!q.running) void drain(ctx, q)
  })
}

/** Installed package versions by `name:arch` and by name. */
function installedVersions(result: ScanResult): Map<string, string> {
  const installed = new Map<string, string>()
  for (const p of result.installedPackages ?? []) {
    installed.set(`${p.name}:${p.arch}`, p.version)
    installed.set(p.name, p.version)
  }
  return installed
}

/** Records a group of scans (distinct clients) in one transaction. */
async function recordGroup(ctx: SiteContext, group: PendingScan[]): Promise<ScanRecorded[]> {
  const now = ctx.now()
  const ids = group.map((p) => p.resource.id)
  return ctx.db.transaction().execute(async (trx) => {
    // PostgreSQL: another process recording the same clients waits here, so each transaction reads the states
    // it replaces (and moves the Update Repository counters from them) after the other's are committed.
    // SQLite writers are serialized by the database itself.
    if (ctx.kind === 'postgres')
      await trx.selectFrom('resource').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute()
    await addCatalogUpdates(trx, ctx.kind, await newCatalogRows(trx, group, now))
    const before = new Map<number, PreviousState[]>(ids.map((id) => [id, []]))
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx
        .selectFrom('client_update_state')
        .innerJoin('software_update', 'software_update.id', 'client_update_state.update_id')
        .select(['resource_id', 'update_id', 'state_id', 'software_update.package as package'])
        .where('resource_id', 'in', ids.slice(i, i + 500))
        .execute()
      for (const r of rows) before.get(Number(r.resource_id))!.push(r)
    }
    const states: UpdateStateRow[] = []
    const messages: StateMessageRow[] = []
    const changedCounts: number[] = []
    for (const { resource, result } of group) {
      const changed = changedStates(result, before.get(resource.id)!)
      changedCounts.push(changed.length)
      for (const [id, s] of changed) {
        states.push({
          resourceId: resource.id,
          updateId: id,
          stateId: s.stateId,
          previousStateId: s.previousStateId,
          installedVersion: s.installedVersion,
          time: now,
        })
        messages.push({
          resourceId: resource.id,
          topicType: 500,
          stateId: s.stateId,
          updateId: id,
          objectId: null,
          time: now,
          detail: s.installedVersion ? `installed version ${s.installedVersion}` : '',
        })
      }
      messages.push({
        resourceId: resource.id,
        topicType: 501,
        stateId: scanStates.completed,
        updateId: null,
        objectId: null,
        time: now,
        detail: [
          `${result.updates.filter((u) => !u.installed).length} required, ${changed.length} changed`,
          listsSummary(result),
        ]
          .filter(Boolean)
          .join('; '),
      })
    }
    await writeUpdateStates(trx, ctx.kind, states)
    await writeStateMessages(trx, ctx.kind, messages)
    for (const { resource, result } of group) {
      await trx
        .updateTable('resource')
        .set({
          platform: result.platform,
          os_name: result.osName,
          os_version: result.osVersion,
          agent_version: result.agentVersion ?? '',
          reboot_pending: result.rebootPending ? 1 : 0,
          last_scan_at: now,
          scan_state: scanStates.completed,
          last_error: '',
          updated_at: now,
          ...listsColumns(result, now),
          ...restartColumns(result),
        })
        .where('id', '=', resource.id)
        .execute()
      await recordSoftware(trx, resource.id, softwareOf(result), now)
    }
    const collections = await reevaluateMembership(trx, ids)
    return changedCounts.map((changed) => ({ changed, collections }))
  })
}

/** A state the client had before this scan. */
interface PreviousState {
  update_id: string
  state_id: number
  package: string
}

/** The states this scan changes: reported updates, and previously reported ones that vanished. */
function changedStates(
  result: ScanResult,
  before: PreviousState[],
): Array<[string, { stateId: number; previousStateId: number | null; installedVersion: string }]> {
  const installed = installedVersions(result)
  const previous = new Map(before.map((b) => [b.update_id, b.state_id]))
  const next = new Map<string, { stateId: number; installedVersion: string }>()
  for (const u of result.updates)
    next.set(u.id, {
      stateId: u.installed ? INSTALLED : REQUIRED,
      installedVersion: u.installedVersion ?? '',
    })
  for (const b of before) {
    if (next.has(b.update_id)) continue
    const arch = b.update_id.startsWith('deb:') ? (b.update_id.split(':')[2] ?? '') : ''
    next.set(b.update_id, vanishedState({ update_id: b.update_id, package: b.package, arch }, installed))
  }
  return [...next].flatMap(([id, s]) => {
    const was = previous.get(id) ?? null
    return was === s.stateId ? [] : [[id, { ...s, previousStateId: was }] as const]
  })
}

/** Replaces a client's installed-software inventory and appends what changed to its history. */
export async function recordSoftware(
  trx: Db,
  resourceId: number,
  software: SoftwareItem[],
  now: string,
): Promise<void> {
  const before = await trx
    .selectFrom('inventory_software')
    .select(['name', 'version', 'arch'])
    .where('resource_id', '=', resourceId)
    .execute()
  const changes = diffSoftware(before, software)
  if (changes.length === 0 && before.length === software.length) return
  await trx.deleteFrom('inventory_software').where('resource_id', '=', resourceId).execute()
  const unique = new Map(software.map((s) => [`${s.name}\u0000${s.arch ?? ''}`, s]))
  await inChunks([...unique.values()], 500, (chunk) =>
    trx
      .insertInto('inventory_software')
      .values(
        chunk.map((s) => ({
          resource_id: resourceId,
          name: s.name,
          version: s.version,
          arch: s.arch ?? '',
          collected_at: now,
        })),
      )
      .execute(),
  )
  // The first inventory is a baseline, not a change.
  if (before.length > 0) await recordHistory(trx, resourceId, changes, now)
}

async function recordHistory(trx: Db, resourceId: number, changes: Change[], now: string): Promise<void> {
  await inChunks(changes, 500, (chunk) =>
    trx
      .insertInto('inventory_history')
      .values(
        chunk.map((c) => ({ resource_id: resourceId, time: now, kind: c.kind, change: JSON.stringify(c) })),
      )
      .execute(),
  )
}

/** Stores a client's hardware inventory and appends what changed since the last one; returns the change count. */
export async function recordHardware(
  ctx: SiteContext,
  resourceId: number,
  hardware: HardwareInventory,
): Promise<number> {
  const now = ctx.now()
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('inventory_hardware')
      .select('data')
      .where('resource_id', '=', resourceId)
      .executeTakeFirst()
    const before = row ? (JSON.parse(row.data) as HardwareInventory) : null
    const changes = before ? diffHardware(before, hardware) : []
    await trx
      .insertInto('inventory_hardware')
      .values({ resource_id: resourceId, data: JSON.stringify(hardware), collected_at: now })
      .onConflict((oc) =>
        oc.column('resource_id').doUpdateSet({ data: JSON.stringify(hardware), collected_at: now }),
      )
      .execute()
    await recordHistory(trx, resourceId, changes, now)
    return changes.length
  })
}

/** Records a failed scan: state message 501/5 and the error on the client. */
export async function recordScanFailure(
  ctx: SiteContext,
  resourceId: number,
  message: string,
): Promise<void> {
  const now = ctx.now()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('state_message')
      .values({
        resource_id: resourceId,
        topic_type: 501,
        state_id: scanStates.failed,
        update_id: null,
        object_id: null,
        time: now,
        detail: message,
      })
      .execute()
    await trx
      .updateTable('resource')
      .set({ scan_state: scanStates.failed, last_error: message, updated_at: now })
      .where('id', '=', resourceId)
      .execute()
  })
}
