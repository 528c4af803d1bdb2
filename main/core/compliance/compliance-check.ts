import type { z } from 'zod'
import type {
  ComplianceSummaryDto,
  RecommendationState,
  scanAndCheckInput,
} from '../../../shared/dto/approvals'
import type { JobDto } from '../../../shared/dto/job'
import type { ClientJobsService } from '../client-jobs/service'
import { complianceSettings, requireCollection, writeDecisions } from './approvals-service'
import type { Db, SiteContext } from '../runtime/site-context'

const REQUIRED = 2
const INSTALLED = 3

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size))
}

/**
 * Moves open recommendations to Implemented wherever the client's latest scan reports the update
 * installed (by any means), and closes those whose client left the collection. Answers how many changed.
 */
export async function reconcileRecommendations(ctx: SiteContext, db: Db = ctx.db): Promise<number> {
  const now = ctx.now()
  const implemented = await db
    .updateTable('recommendation')
    .set({ state: 'Implemented', updated_at: now, note: 'a later scan found the update installed' })
    .where('state', 'in', ['Opened', 'Approved'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('client_update_state as s')
          .select('s.update_id')
          .whereRef('s.resource_id', '=', 'recommendation.resource_id')
          .whereRef('s.update_id', '=', 'recommendation.update_id')
          .where('s.state_id', '=', INSTALLED),
      ),
    )
    .executeTakeFirst()
  const left = await db
    .updateTable('recommendation')
    .set({ state: 'Closed', updated_at: now, note: 'the client left the collection' })
    .where('state', 'in', ['Opened', 'Approved', 'Ignored'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('collection_member as m')
            .select('m.resource_id')
            .whereRef('m.collection_id', '=', 'recommendation.collection_id')
            .whereRef('m.resource_id', '=', 'recommendation.resource_id'),
        ),
      ),
    )
    .executeTakeFirst()
  return Number(implemented.numUpdatedRows) + Number(left.numUpdatedRows)
}

/**
 * "Check" without contacting clients: the members' latest scan states × the updates
 * approved for the collection → one recommendation per client and missing approved update. Only approved,
 * unsuperseded updates are reported missing; with automatic approval, required updates nobody decided on
 * are approved first and their recommendations start Approved.
 */
export async function runComplianceCheck(
  ctx: SiteContext,
  collectionId: string,
): Promise<ComplianceSummaryDto> {
  const collection = await requireCollection(ctx.db, collectionId)
  const summary = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now()
    const { autoApprove } = await complianceSettings(trx, collection.id)
    const members = await trx
      .selectFrom('collection_member')
      .innerJoin('resource', 'resource.id', 'collection_member.resource_id')
      .select(['resource.id', 'resource.name', 'resource.last_scan_at'])
      .where('collection_member.collection_id', '=', collection.id)
      .execute()
    const memberIds = members.map((m) => Number(m.id))
    const states: Array<{ resource_id: number; update_id: string; state_id: number }> = []
    await inChunks(memberIds, 500, async (chunk) => {
      states.push(
        ...(await trx
          .selectFrom('client_update_state')
          .innerJoin('software_update', 'software_update.id', 'client_update_state.update_id')
          .select(['resource_id', 'update_id', 'state_id'])
          .where('resource_id', 'in', chunk)
          .where('software_update.superseded_by', '=', '')
          .where('software_update.expired', '=', 0)
          .execute()),
      )
    })
    const decisions = new Map(
      (
        await trx
          .selectFrom('update_approval')
          .innerJoin('software_update', 'software_update.id', 'update_approval.update_id')
          .select(['update_id', 'action', 'software_update.superseded_by'])
          .where('collection_id', '=', collection.id)
          .execute()
      ).map((d) => [d.update_id, d]),
    )
    let autoApproved = 0
    if (autoApprove) {
      const fresh = [
        ...new Set(
          states
            .filter((s) => Number(s.state_id) === REQUIRED && !decisions.has(s.update_id))
            .map((s) => s.update_id),
        ),
      ]
      await writeDecisions(trx, collection.id, fresh, 'approved', now)
      for (const id of fresh) decisions.set(id, { update_id: id, action: 'approved', superseded_by: '' })
      autoApproved = fresh.length
    }
    const approved = new Set(
      [...decisions.values()]
        .filter((d) => d.action === 'approved' && d.superseded_by === '')
        .map((d) => d.update_id),
    )
    const existing = new Map(
      (
        await trx
          .selectFrom('recommendation')
          .select(['id', 'resource_id', 'update_id', 'state'])
          .where('collection_id', '=', collection.id)
          .execute()
      ).map((r) => [`${r.resource_id}|${r.update_id}`, r]),
    )
    const moves = new Map<RecommendationState, { ids: number[]; note: string }>()
    const move = (state: RecommendationState, id: number, note: string) => {
      const m = moves.get(state) ?? { ids: [], note }
      m.ids.push(Number(id))
      moves.set(state, m)
    }
    const inserts: Array<{ resource_id: number; update_id: string }> = []
    const seen = new Set<string>()
    for (const s of states) {
      if (!approved.has(s.update_id)) continue
      const key = `${s.resource_id}|${s.update_id}`
      seen.add(key)
      const rec = existing.get(key)
      if (Number(s.state_id) === REQUIRED) {
        if (!rec) inserts.push({ resource_id: Number(s.resource_id), update_id: s.update_id })
        else if (rec.state === 'Implemented' || rec.state === 'Closed')
          move(autoApprove ? 'Approved' : 'Opened', rec.id, 'required again')
      } else if (Number(s.state_id) === INSTALLED) {
        if (rec && (rec.state === 'Opened' || rec.state === 'Approved'))
          move('Implemented', rec.id, 'a later scan found the update installed')
      } else if (rec && rec.state !== 'Implemented' && rec.state !== 'Closed')
        move('Closed', rec.id, 'no longer required')
    }
    for (const [key, rec] of existing)
      if (!seen.has(key) && rec.state !== 'Implemented' && rec.state !== 'Closed')
        move(
          'Closed',
          rec.id,
          approved.has(rec.update_id)
            ? 'no longer required'
            : 'update declined, superseded or no longer approved',
        )
    for (const [state, m] of moves)
      await inChunks(m.ids, 500, (chunk) =>
        trx
          .updateTable('recommendation')
          .set({ state, updated_at: now, note: m.note })
          .where('id', 'in', chunk)
          .execute(),
      )
    await inChunks(inserts, 200, (chunk) =>
      trx
        .insertInto('recommendation')
        .values(
          chunk.map((r) => ({
            collection_id: collection.id,
            resource_id: r.resource_id,
            update_id: r.update_id,
            state: autoApprove ? 'Approved' : 'Opened',
            created_at: now,
            updated_at: now,
            note: autoApprove ? 'approved automatically' : '',
          })),
        )
        .execute(),
    )
    await reconcileRecommendations(ctx, trx)
    await trx
      .insertInto('compliance_setting')
      .values({ collection_id: collection.id, auto_approve: autoApprove ? 1 : 0, last_check_at: now })
      .onConflict((oc) => oc.column('collection_id').doUpdateSet({ last_check_at: now }))
      .execute()
    const byState = await trx
      .selectFrom('recommendation')
      .select(['state', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('collection_id', '=', collection.id)
      .groupBy('state')
      .execute()
    const count = (s: RecommendationState) => Number(byState.find((b) => b.state === s)?.n ?? 0)
    const missing = new Set(
      states
        .filter((s) => Number(s.state_id) === REQUIRED && approved.has(s.update_id))
        .map((s) => Number(s.resource_id)),
    )
    const scanned = members.filter((m) => m.last_scan_at !== null)
    const result: ComplianceSummaryDto = {
      collectionId: collection.id,
      checkedAt: now,
      clients: members.length,
      scannedClients: scanned.length,
      compliantClients: scanned.filter((m) => !missing.has(Number(m.id))).length,
      approvedUpdates: approved.size,
      autoApproved,
      opened: count('Opened'),
      approved: count('Approved'),
      implemented: count('Implemented'),
      ignored: count('Ignored'),
      closed: count('Closed'),
      created: inserts.length,
      unscanned: members.filter((m) => m.last_scan_at === null).map((m) => m.name),
    }
    await ctx.audit(
      trx,
      'info',
      'Compliance Check',
      collection.id,
      `Check of ${collection.name}: ${result.compliantClients}/${result.scannedClients} scanned clients compliant, ` +
        `${inserts.length} new recommendation(s), ${autoApproved} update(s) approved automatically.`,
    )
    return result
  })
  ctx.events.emit('site:changed', { entity: 'approvals', ids: [collection.id] })
  return summary
}

/** What a scan-and-check uses of the client jobs service: starting a scan and waiting for its job. */
export type ScanJobs = Pick<ClientJobsService, 'scan' | 'runner'>

/** Scans a collection's clients as a job and runs the compliance check once it ends; answers the scan job at once. */
export async function runScanAndCheck(
  ctx: SiteContext,
  jobs: ScanJobs,
  input: z.output<typeof scanAndCheckInput>,
): Promise<JobDto> {
  const job = await jobs.scan({
    targets: { collectionId: input.collectionId, resourceIds: [] },
    force: input.force,
    trustNewHostKeys: input.trustNewHostKeys,
  })
  void jobs.runner
    .wait(job.id)
    .then(() => runComplianceCheck(ctx, input.collectionId))
    .catch(() => undefined)
  return job
}
