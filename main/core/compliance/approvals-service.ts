import type { z } from 'zod'
import type {
  ApprovalDto,
  approvalInput,
  approvalsQuery,
  complianceSettingsInput,
} from '../../../shared/dto/approvals'
import { PatchbayError } from '../../../shared/errors'
import type { Db, SiteContext } from '../runtime/site-context'

/** Refuses an unknown collection, naming it. */
export async function requireCollection(db: Db, collectionId: string): Promise<{ id: string; name: string }> {
  const row = await db
    .selectFrom('collection')
    .select(['id', 'name'])
    .where('id', '=', collectionId)
    .executeTakeFirst()
  if (!row) throw new PatchbayError('not-found', `No collection with ID ${collectionId}`, 'collectionId')
  return row
}

/** Refuses update IDs the repository does not hold; answers them de-duplicated. */
async function requireUpdates(db: Db, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)]
  const found = new Set<string>()
  for (let i = 0; i < unique.length; i += 500)
    for (const r of await db
      .selectFrom('software_update')
      .select('id')
      .where('id', 'in', unique.slice(i, i + 500))
      .execute())
      found.add(r.id)
  const missing = unique.filter((id) => !found.has(id))
  if (missing.length)
    throw new PatchbayError(
      'not-found',
      `No software update with ID ${missing.slice(0, 3).join(', ')}`,
      'updateIds',
    )
  return unique
}

/** Writes approve/decline decisions for a collection (upsert), inside the caller's transaction. */
export async function writeDecisions(
  trx: Db,
  collectionId: string,
  updateIds: string[],
  action: 'approved' | 'declined',
  now: string,
): Promise<void> {
  for (let i = 0; i < updateIds.length; i += 200)
    await trx
      .insertInto('update_approval')
      .values(
        updateIds
          .slice(i, i + 200)
          .map((update_id) => ({ collection_id: collectionId, update_id, action, decided_at: now })),
      )
      .onConflict((oc) =>
        oc.columns(['collection_id', 'update_id']).doUpdateSet((eb) => ({
          action: eb.ref('excluded.action'),
          decided_at: eb.ref('excluded.decided_at'),
        })),
      )
      .execute()
}

/** A collection's settings row, created on first use. */
export async function complianceSettings(
  db: Db,
  collectionId: string,
): Promise<{ autoApprove: boolean; lastCheckAt: string | null }> {
  const row = await db
    .selectFrom('compliance_setting')
    .selectAll()
    .where('collection_id', '=', collectionId)
    .executeTakeFirst()
  return { autoApprove: Boolean(row?.auto_approve), lastCheckAt: row?.last_check_at ?? null }
}

/** Approvals: approve or decline updates per collection; automatic approval setting. */
export function createApprovalsService(ctx: SiteContext) {
  const decide = async (input: z.output<typeof approvalInput>, action: 'approved' | 'declined') => {
    const collection = await requireCollection(ctx.db, input.collectionId)
    const ids = await requireUpdates(ctx.db, input.updateIds)
    await ctx.db.transaction().execute(async (trx) => {
      await writeDecisions(trx, collection.id, ids, action, ctx.now())
      if (action === 'declined')
        for (let i = 0; i < ids.length; i += 500)
          await trx
            .updateTable('recommendation')
            .set({ state: 'Closed', updated_at: ctx.now(), note: 'update declined' })
            .where('collection_id', '=', collection.id)
            .where('update_id', 'in', ids.slice(i, i + 500))
            .where('state', 'in', ['Opened', 'Approved', 'Ignored'])
            .execute()
      await ctx.audit(
        trx,
        'info',
        'Software Updates',
        collection.id,
        `${ids.length} update(s) ${action} for collection ${collection.name}.`,
      )
    })
    ctx.events.emit('site:changed', { entity: 'approvals', ids: [collection.id] })
    return { collectionId: collection.id, changed: ids.length }
  }

  return {
    approve: (input: z.output<typeof approvalInput>) => decide(input, 'approved'),
    decline: (input: z.output<typeof approvalInput>) => decide(input, 'declined'),

    async list(query: z.output<typeof approvalsQuery>): Promise<ApprovalDto[]> {
      let q = ctx.db
        .selectFrom('update_approval')
        .innerJoin('software_update', 'software_update.id', 'update_approval.update_id')
        .select([
          'update_approval.collection_id',
          'update_approval.update_id',
          'update_approval.action',
          'update_approval.decided_at',
          'software_update.title',
          'software_update.classification',
          'software_update.superseded_by',
        ])
        .orderBy('update_approval.collection_id')
        .orderBy('software_update.title')
      if (query.collectionId !== null) {
        await requireCollection(ctx.db, query.collectionId)
        q = q.where('update_approval.collection_id', '=', query.collectionId)
      }
      return (await q.execute()).map((r) => ({
        collectionId: r.collection_id,
        updateId: r.update_id,
        title: r.title,
        classification: r.classification,
        action: r.action as ApprovalDto['action'],
        decidedAt: r.decided_at,
        supersededBy: r.superseded_by,
      }))
    },

    async settings(collectionId: string) {
      await requireCollection(ctx.db, collectionId)
      return { collectionId, ...(await complianceSettings(ctx.db, collectionId)) }
    },

    async setSettings(input: z.output<typeof complianceSettingsInput>) {
      const collection = await requireCollection(ctx.db, input.collectionId)
      await ctx.db
        .insertInto('compliance_setting')
        .values({
          collection_id: collection.id,
          auto_approve: input.autoApprove ? 1 : 0,
          last_check_at: null,
        })
        .onConflict((oc) =>
          oc.column('collection_id').doUpdateSet({ auto_approve: input.autoApprove ? 1 : 0 }),
        )
        .execute()
      await ctx.audit(
        ctx.db,
        'info',
        'Software Updates',
        collection.id,
        `Automatic approval ${input.autoApprove ? 'enabled' : 'disabled'} for collection ${collection.name}.`,
      )
      ctx.events.emit('site:changed', { entity: 'approvals', ids: [collection.id] })
      return { collectionId: collection.id, ...(await complianceSettings(ctx.db, collection.id)) }
    },
  }
}

/** The approvals service's type. */
export type ApprovalsService = ReturnType<typeof createApprovalsService>
