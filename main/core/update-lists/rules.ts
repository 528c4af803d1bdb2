import type { z } from 'zod'
import { updateCriteria } from '../../../shared/dto/update-criteria'
import type { UpdateRuleDto, updateRuleInput, updateRuleUpdate } from '../../../shared/dto/update-list'
import { PatchbayError } from '../../../shared/errors'
import { isUniqueViolation, type SiteContext } from '../runtime/site-context'
import { addUpdateListItems } from './rows'
import { createUpdatesService } from '../catalog/updates-service'

async function readRules(ctx: SiteContext, id?: number): Promise<UpdateRuleDto[]> {
  let q = ctx.db
    .selectFrom('update_rule')
    .innerJoin('update_list', 'update_list.id', 'update_rule.list_id')
    .selectAll('update_rule')
    .select('update_list.name as list_name')
    .orderBy('update_rule.name')
  if (id !== undefined) q = q.where('update_rule.id', '=', id)
  return (await q.execute()).map((r) => ({
    id: Number(r.id),
    name: r.name,
    listId: r.list_id,
    listName: r.list_name,
    criteria: updateCriteria.parse(JSON.parse(r.criteria)),
    enabled: Boolean(r.enabled),
    lastRunAt: r.last_run_at,
    lastAdded: Number(r.last_added),
    createdAt: r.created_at,
  }))
}

/**
 * Runs automatic rules (like ConfigMgr's automatic deployment rules): every current update meeting a
 * rule's criteria (superseded ones left out unless the rule says otherwise) is added to its list.
 * Called after every successful catalog sync and on demand.
 */
export async function runUpdateRules(
  ctx: SiteContext,
  id: number | null = null,
): Promise<Array<{ ruleId: number; name: string; listId: string; matched: number; added: number }>> {
  const rules = (await readRules(ctx, id ?? undefined)).filter((r) => id !== null || r.enabled)
  if (id !== null && rules.length === 0)
    throw new PatchbayError('not-found', `No update rule with ID ${id}`, 'id')
  if (rules.length === 0) return []
  const updates = createUpdatesService(ctx)
  const out = []
  for (const rule of rules) {
    const matched = await updates.search(rule.criteria)
    const added = await ctx.db.transaction().execute(async (trx) => {
      const n = await addUpdateListItems(
        trx,
        rule.listId,
        matched.map((u) => u.id),
      )
      await trx
        .updateTable('update_rule')
        .set({ last_run_at: ctx.now(), last_added: n })
        .where('id', '=', rule.id)
        .execute()
      if (n > 0) {
        await trx
          .updateTable('update_list')
          .set({ updated_at: ctx.now() })
          .where('id', '=', rule.listId)
          .execute()
        await ctx.audit(
          trx,
          'info',
          'Update Lists',
          rule.listId,
          `Rule ${rule.name} added ${n} update(s) to ${rule.listName}.`,
        )
      }
      return n
    })
    out.push({ ruleId: rule.id, name: rule.name, listId: rule.listId, matched: matched.length, added })
    if (added > 0) ctx.events.emit('site:changed', { entity: 'updatelists', ids: [rule.listId] })
  }
  return out
}

/** Automatic update-list rules: create, edit, delete, run. */
export function createUpdateRulesService(ctx: SiteContext) {
  const get = async (id: number) => {
    const [rule] = await readRules(ctx, id)
    if (!rule) throw new PatchbayError('not-found', `No update rule with ID ${id}`, 'id')
    return rule
  }
  const requireList = async (listId: string) => {
    if (!(await ctx.db.selectFrom('update_list').select('id').where('id', '=', listId).executeTakeFirst()))
      throw new PatchbayError('not-found', `No update list with ID ${listId}`, 'listId')
  }
  const conflict = (err: unknown, name: string) => {
    if (isUniqueViolation(err))
      throw new PatchbayError('conflict', `An update rule named "${name}" already exists`, 'name')
    throw err
  }
  const changed = (ids: string[]) => ctx.events.emit('site:changed', { entity: 'updatelists', ids })

  return {
    list: () => readRules(ctx),
    get,
    async create(input: z.output<typeof updateRuleInput>): Promise<UpdateRuleDto> {
      await requireList(input.listId)
      const row = await ctx.db
        .insertInto('update_rule')
        .values({
          name: input.name,
          list_id: input.listId,
          criteria: JSON.stringify(input.criteria),
          enabled: input.enabled ? 1 : 0,
          last_run_at: null,
          last_added: 0,
          created_at: ctx.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .catch((err: unknown) => conflict(err, input.name))
      changed([input.listId])
      return get(Number(row.id))
    },
    async update(input: z.output<typeof updateRuleUpdate>): Promise<UpdateRuleDto> {
      const rule = await get(input.id)
      if (input.listId !== undefined) await requireList(input.listId)
      await ctx.db
        .updateTable('update_rule')
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.listId !== undefined && { list_id: input.listId }),
          ...(input.criteria !== undefined && {
            criteria: JSON.stringify(updateCriteria.parse(input.criteria)),
          }),
          ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
        })
        .where('id', '=', rule.id)
        .execute()
        .catch((err: unknown) => conflict(err, input.name ?? rule.name))
      changed([rule.listId])
      return get(rule.id)
    },
    async remove(id: number): Promise<{ deleted: number }> {
      const rule = await get(id)
      await ctx.db.deleteFrom('update_rule').where('id', '=', id).execute()
      changed([rule.listId])
      return { deleted: 1 }
    },
    run: (id: number | null) => runUpdateRules(ctx, id),
  }
}

/** The rules service's type. */
export type UpdateRulesService = ReturnType<typeof createUpdateRulesService>
