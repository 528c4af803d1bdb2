import { applicabilityStateIds } from '../../shared/dto/update'
import type { ResourceDto } from '../../shared/dto/resource'
import {
  diffHardware,
  diffSoftware,
  type Change,
  type SoftwareItem,
} from '../clients/inventory/inventory-diff'
import type { HardwareInventory } from '../clients/inventory/types'
import type { ScanResult, ScannedUpdate } from '../clients/platforms/types'
import { reevaluateMembership } from './membership'
import type { Db, SiteContext } from './site-context'

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

async function upsertCatalog(trx: Db, updates: ScannedUpdate[], now: string): Promise<void> {
  await inChunks(updates, 200, (chunk) =>
    trx
      .insertInto('software_update')
      .values(
        chunk.map((u) => ({
          id: u.id,
          vendor: u.vendor,
          title: u.title,
          kb: u.kb ?? '',
          revision: u.revision ?? 0,
          classification: u.classification,
          product: u.products[0] ?? '',
          products: JSON.stringify(u.products),
          severity: u.severity,
          package: u.package ?? '',
          version: u.availableVersion ?? '',
          suite: u.suite ?? '',
          release_date: u.releaseDate ?? null,
          size: u.size ?? 0,
          sha256: u.sha256 ?? '',
          superseded_by: '',
          source: 'reported by clients',
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute(),
  )
}

/**
 * Records one client's scan in one transaction: every reported update (added to the repository when new),
 * an applicability state message (TopicType 500) for each update whose state changed, a scan-completed
 * message (501/3), the client's OS, agent and reboot facts, and its installed software with the changes.
 * Returns how many updates changed state and which collections the client joined or left (its platform may be new).
 */
export async function recordScan(
  ctx: SiteContext,
  resource: ResourceDto,
  result: ScanResult,
): Promise<{ changed: number; collections: string[] }> {
  const now = ctx.now()
  const installed = new Map<string, string>()
  for (const p of result.installedPackages ?? []) {
    installed.set(`${p.name}:${p.arch}`, p.version)
    installed.set(p.name, p.version)
  }
  return ctx.db.transaction().execute(async (trx) => {
    await upsertCatalog(trx, result.updates, now)
    const before = await trx
      .selectFrom('client_update_state')
      .innerJoin('software_update', 'software_update.id', 'client_update_state.update_id')
      .select(['update_id', 'state_id', 'installed_version', 'software_update.package as package'])
      .where('resource_id', '=', resource.id)
      .execute()
    const previous = new Map(before.map((b) => [b.update_id, b]))
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
    const changed = [...next].filter(([id, s]) => previous.get(id)?.state_id !== s.stateId)
    await inChunks(changed, 200, async (chunk) => {
      await trx
        .insertInto('client_update_state')
        .values(
          chunk.map(([id, s]) => ({
            resource_id: resource.id,
            update_id: id,
            state_id: s.stateId,
            installed_version: s.installedVersion,
            time: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['resource_id', 'update_id']).doUpdateSet((eb) => ({
            state_id: eb.ref('excluded.state_id'),
            installed_version: eb.ref('excluded.installed_version'),
            time: eb.ref('excluded.time'),
          })),
        )
        .execute()
      await trx
        .insertInto('state_message')
        .values(
          chunk.map(([id, s]) => ({
            resource_id: resource.id,
            topic_type: 500,
            state_id: s.stateId,
            update_id: id,
            object_id: null,
            time: now,
            detail: s.installedVersion ? `installed version ${s.installedVersion}` : '',
          })),
        )
        .execute()
    })
    await trx
      .insertInto('state_message')
      .values({
        resource_id: resource.id,
        topic_type: 501,
        state_id: scanStates.completed,
        update_id: null,
        object_id: null,
        time: now,
        detail: `${result.updates.filter((u) => !u.installed).length} required, ${changed.length} changed`,
      })
      .execute()
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
      })
      .where('id', '=', resource.id)
      .execute()
    await recordSoftware(trx, resource.id, softwareOf(result), now)
    const collections = await reevaluateMembership(trx, [resource.id])
    return { changed: changed.length, collections }
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
