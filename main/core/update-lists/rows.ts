import { PatchbayError } from '../../../shared/errors'
import type { Db, SiteContext } from '../runtime/site-context'

/** Refuses update IDs the Update Repository does not hold, naming the first few. */
async function checkUpdatesExist(trx: Db, updateIds: string[]): Promise<string[]> {
  const unique = [...new Set(updateIds)]
  const found = new Set<string>()
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await trx
      .selectFrom('software_update')
      .select('id')
      .where('id', 'in', unique.slice(i, i + 500))
      .execute()
    for (const r of rows) found.add(r.id)
  }
  const missing = unique.filter((id) => !found.has(id))
  if (missing.length > 0)
    throw new PatchbayError(
      'invalid-input',
      `No software update with ID ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ''}`,
      'updateIds',
    )
  return unique
}

/** Replaces an update list's updates with exactly `updateIds` (unknown IDs are refused, nothing written). */
export async function setUpdateListItems(trx: Db, listId: string, updateIds: string[]): Promise<void> {
  const unique = await checkUpdatesExist(trx, updateIds)
  await trx.deleteFrom('update_list_item').where('list_id', '=', listId).execute()
  for (let i = 0; i < unique.length; i += 200)
    await trx
      .insertInto('update_list_item')
      .values(unique.slice(i, i + 200).map((update_id) => ({ list_id: listId, update_id })))
      .execute()
}

/** Adds updates to an update list, keeping those it already holds. */
export async function addUpdateListItems(trx: Db, listId: string, updateIds: string[]): Promise<number> {
  const unique = await checkUpdatesExist(trx, updateIds)
  if (unique.length === 0) return 0
  const have = new Set(
    (
      await trx.selectFrom('update_list_item').select('update_id').where('list_id', '=', listId).execute()
    ).map((r) => r.update_id),
  )
  const fresh = unique.filter((id) => !have.has(id))
  for (let i = 0; i < fresh.length; i += 200)
    await trx
      .insertInto('update_list_item')
      .values(fresh.slice(i, i + 200).map((update_id) => ({ list_id: listId, update_id })))
      .execute()
  return fresh.length
}

/** Refuses a list name another update list already has (case-insensitive). */
export async function checkUpdateListName(trx: Db, name: string, exceptId?: string): Promise<void> {
  let q = trx
    .selectFrom('update_list')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
  if (exceptId) q = q.where('id', '!=', exceptId)
  if (await q.executeTakeFirst())
    throw new PatchbayError('conflict', `An update list named "${name}" already exists`, 'name')
}

/**
 * Creates an update list with its updates inside the caller's transaction and answers its SMS ID;
 * refuses an empty or duplicate name and unknown update IDs.
 */
export async function insertUpdateList(
  ctx: SiteContext,
  trx: Db,
  input: { name: string; comment?: string; updateIds: string[] },
): Promise<string> {
  const name = input.name.trim()
  if (!name) throw new PatchbayError('invalid-input', 'Update list name is required', 'name')
  await checkUpdateListName(trx, name)
  const id = await ctx.nextId(trx)
  const now = ctx.now()
  await trx
    .insertInto('update_list')
    .values({ id, name, comment: input.comment ?? '', created_at: now, updated_at: now })
    .execute()
  await setUpdateListItems(trx, id, input.updateIds)
  await ctx.audit(
    trx,
    'info',
    'Update Lists',
    id,
    `Update list ${name} created with ${new Set(input.updateIds).size} updates.`,
  )
  return id
}
