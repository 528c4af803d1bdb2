import type { CollectionRuleDto } from '../../../shared/dto/collection'
import type { Platform } from '../../../shared/dto/resource'
import { listsAgeHoursAtScan } from '../../../shared/lists-age'
import { evaluateAll, type RuleSubject } from '../../../shared/rules'
import type { Db } from '../runtime/site-context'

/** Reads every collection's rules, grouped by collection ID, in rule order. */
export async function loadRules(
  db: Db,
  collectionIds?: readonly string[],
): Promise<Map<string, CollectionRuleDto[]>> {
  let query = db.selectFrom('collection_rule').selectAll().orderBy('collection_id').orderBy('position')
  if (collectionIds) {
    if (collectionIds.length === 0) return new Map()
    query = query.where('collection_id', 'in', collectionIds)
  }
  const rows = await query.execute()
  const byCollection = new Map<string, CollectionRuleDto[]>()
  for (const row of rows) {
    const rule: CollectionRuleDto =
      row.kind === 'direct'
        ? { kind: 'direct', effect: row.effect as 'include' | 'exclude', resourceId: Number(row.resource_id) }
        : {
            kind: 'query',
            effect: row.effect as 'include' | 'exclude',
            name: row.name,
            conditions: JSON.parse(row.conditions) as never,
          }
    const list = byCollection.get(row.collection_id) ?? []
    list.push(rule)
    byCollection.set(row.collection_id, list)
  }
  return byCollection
}

/** Resources as rule evaluation sees them: all of them, or only the given IDs. */
export async function loadSubjects(db: Db, resourceIds?: readonly number[]): Promise<RuleSubject[]> {
  let query = db
    .selectFrom('resource')
    .select([
      'id',
      'name',
      'address',
      'platform',
      'os_version',
      'roles',
      'lists_updated_at',
      'last_scan_at',
      'reboot_pending',
      'services_to_restart',
    ])
  if (resourceIds) query = query.where('id', 'in', resourceIds)
  const rows = await query.execute()
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    address: r.address,
    platform: r.platform as Platform,
    osVersion: r.os_version,
    roles: JSON.parse(r.roles) as string[],
    listsAgeHours: listsAgeHoursAtScan(r.lists_updated_at, r.last_scan_at),
    restartPending: r.last_scan_at === null ? null : Boolean(r.reboot_pending),
    servicesToRestart:
      r.services_to_restart === null ? null : (JSON.parse(r.services_to_restart) as string[]).length,
  }))
}

/**
 * Re-evaluates collection members from their rules and writes only the differences. Runs inside the
 * transaction that changed a resource or a rule, so members are never stale. With `resourceIds`, only
 * those resources are evaluated: a resource's membership depends on its own attributes alone (limiting
 * collections included), so a change to one resource never needs the others. Returns the IDs of
 * collections whose membership changed.
 */
export async function reevaluateMembership(db: Db, resourceIds?: readonly number[]): Promise<string[]> {
  if (resourceIds && resourceIds.length === 0) return []
  const collections = await db.selectFrom('collection').select(['id', 'limiting_collection_id']).execute()
  const rules = await loadRules(db)
  const subjects = await loadSubjects(db, resourceIds)
  const wanted = evaluateAll(
    collections.map((c) => ({
      id: c.id,
      limitingCollectionId: c.limiting_collection_id,
      rules: rules.get(c.id) ?? [],
    })),
    subjects,
  )
  const current = new Map<string, Set<number>>()
  let memberRows = db.selectFrom('collection_member').selectAll()
  if (resourceIds) memberRows = memberRows.where('resource_id', 'in', resourceIds)
  for (const row of await memberRows.execute()) {
    const set = current.get(row.collection_id) ?? new Set<number>()
    set.add(Number(row.resource_id))
    current.set(row.collection_id, set)
  }
  const changed: string[] = []
  for (const [collectionId, members] of wanted) {
    const had = current.get(collectionId) ?? new Set<number>()
    const added = [...members].filter((id) => !had.has(id))
    const removed = [...had].filter((id) => !members.has(id))
    if (added.length === 0 && removed.length === 0) continue
    changed.push(collectionId)
    for (let i = 0; i < added.length; i += 500) {
      await db
        .insertInto('collection_member')
        .values(added.slice(i, i + 500).map((resource_id) => ({ collection_id: collectionId, resource_id })))
        .execute()
    }
    for (let i = 0; i < removed.length; i += 500) {
      await db
        .deleteFrom('collection_member')
        .where('collection_id', '=', collectionId)
        .where('resource_id', 'in', removed.slice(i, i + 500))
        .execute()
    }
  }
  return changed
}
