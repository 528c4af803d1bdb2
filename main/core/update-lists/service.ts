import type { z } from 'zod'
import type {
  UpdateListDto,
  UpdateListPropertiesDto,
  updateListInput,
  updateListItemsInput,
  updateListUpdate,
} from '../../../shared/dto/update-list'
import { PatchbayError } from '../../../shared/errors'
import type { Db, SiteContext } from '../runtime/site-context'
import { addUpdateListItems, checkUpdateListName, insertUpdateList, setUpdateListItems } from './rows'
import type { UpdatesService } from '../catalog/updates-service'

/** Drops superseded updates from a selection unless asked to keep them. */
async function withoutSuperseded(db: Db, ids: string[], keep: boolean): Promise<string[]> {
  if (keep || ids.length === 0) return ids
  const superseded = new Set<string>()
  for (let i = 0; i < ids.length; i += 500)
    for (const r of await db
      .selectFrom('software_update')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .where('superseded_by', '!=', '')
      .execute())
      superseded.add(r.id)
  return ids.filter((id) => !superseded.has(id))
}

/** Reads update lists with their counts (one, or all). */
export async function readUpdateLists(db: Db, id?: string): Promise<UpdateListDto[]> {
  let q = db.selectFrom('update_list').selectAll().orderBy('name')
  if (id !== undefined) q = q.where('id', '=', id)
  const lists = await q.execute()
  const items = await db
    .selectFrom('update_list_item')
    .select(['list_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy('list_id')
    .execute()
  const rules = await db
    .selectFrom('update_rule')
    .select(['list_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy('list_id')
    .execute()
  return lists.map((l) => ({
    id: l.id,
    name: l.name,
    comment: l.comment,
    updateCount: Number(items.find((i) => i.list_id === l.id)?.n ?? 0),
    ruleCount: Number(rules.find((r) => r.list_id === l.id)?.n ?? 0),
    createdAt: l.created_at,
    updatedAt: l.updated_at,
  }))
}

/** Update Lists: reviewed sets of updates, created from any selection, edited, with a compliance summary. */
export function createUpdateListsService(ctx: SiteContext, updates: UpdatesService) {
  const get = async (id: string): Promise<UpdateListDto> => {
    const [list] = await readUpdateLists(ctx.db, id)
    if (!list) throw new PatchbayError('not-found', `No update list with ID ${id}`, 'id')
    return list
  }
  const changed = (id: string) => ctx.events.emit('site:changed', { entity: 'updatelists', ids: [id] })
  const touch = (trx: Db, id: string) =>
    trx.updateTable('update_list').set({ updated_at: ctx.now() }).where('id', '=', id).execute()

  return {
    list: () => readUpdateLists(ctx.db),
    get,

    async create(input: z.output<typeof updateListInput>): Promise<UpdateListDto> {
      const id = await ctx.db.transaction().execute(async (trx) =>
        insertUpdateList(ctx, trx, {
          name: input.name,
          comment: input.comment,
          updateIds: await withoutSuperseded(trx, input.updateIds, input.includeSuperseded),
        }),
      )
      changed(id)
      return get(id)
    },

    async update(input: z.output<typeof updateListUpdate>): Promise<UpdateListDto> {
      const list = await get(input.id)
      await ctx.db.transaction().execute(async (trx) => {
        if (input.name !== undefined) await checkUpdateListName(trx, input.name, list.id)
        await trx
          .updateTable('update_list')
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.comment !== undefined && { comment: input.comment }),
            updated_at: ctx.now(),
          })
          .where('id', '=', list.id)
          .execute()
        if (input.updateIds !== undefined) await setUpdateListItems(trx, list.id, input.updateIds)
      })
      changed(list.id)
      return get(list.id)
    },

    async add(input: z.output<typeof updateListItemsInput>): Promise<UpdateListDto> {
      const list = await get(input.id)
      await ctx.db.transaction().execute(async (trx) => {
        const ids = await withoutSuperseded(trx, input.updateIds, input.includeSuperseded)
        await addUpdateListItems(trx, list.id, ids)
        await touch(trx, list.id)
      })
      changed(list.id)
      return get(list.id)
    },

    async removeUpdates(input: z.output<typeof updateListItemsInput>): Promise<UpdateListDto> {
      const list = await get(input.id)
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('update_list_item')
          .where('list_id', '=', list.id)
          .where('update_id', 'in', input.updateIds)
          .execute()
        await touch(trx, list.id)
      })
      changed(list.id)
      return get(list.id)
    },

    async remove(id: string): Promise<{ deleted: number }> {
      const list = await get(id)
      const used = await ctx.db
        .selectFrom('deployment')
        .select('id')
        .where('update_list_id', '=', id)
        .executeTakeFirst()
      if (used)
        throw new PatchbayError('conflict', `Update list ${list.name} is used by deployment ${used.id}`, 'id')
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('update_rule').where('list_id', '=', id).execute()
        await trx.deleteFrom('update_list_item').where('list_id', '=', id).execute()
        await trx.deleteFrom('update_list').where('id', '=', id).execute()
        await ctx.audit(trx, 'info', 'Update Lists', id, `Update list ${list.name} deleted.`)
      })
      changed(id)
      return { deleted: 1 }
    },

    /** Properties: the list's updates with live counts, and its compliance summary. */
    async properties(id: string): Promise<UpdateListPropertiesDto> {
      const list = await get(id)
      const ids = new Set(
        (
          await ctx.db.selectFrom('update_list_item').select('update_id').where('list_id', '=', id).execute()
        ).map((r) => r.update_id),
      )
      const rows = (await updates.listAll()).filter((u) => ids.has(u.id))
      const sum = (k: 'required' | 'installed' | 'notRequired' | 'unknown') =>
        rows.reduce((n, u) => n + u[k], 0)
      const clients = await ctx.db.selectFrom('resource').select(['id', 'last_scan_at']).execute()
      const needing = new Set<number>()
      const idList = [...ids]
      for (let i = 0; i < idList.length; i += 500)
        for (const r of await ctx.db
          .selectFrom('client_update_state')
          .select('resource_id')
          .distinct()
          .where('update_id', 'in', idList.slice(i, i + 500))
          .where('state_id', '=', 2)
          .execute())
          needing.add(Number(r.resource_id))
      const scanned = clients.filter((c) => c.last_scan_at !== null)
      return {
        list,
        updates: rows,
        summary: {
          required: sum('required'),
          installed: sum('installed'),
          notRequired: sum('notRequired'),
          unknown: sum('unknown'),
          compliantClients: scanned.filter((c) => !needing.has(Number(c.id))).length,
          nonCompliantClients: scanned.filter((c) => needing.has(Number(c.id))).length,
          unknownClients: clients.length - scanned.length,
        },
      }
    },
  }
}

/** The update lists service's type. */
export type UpdateListsService = ReturnType<typeof createUpdateListsService>
