import type { z } from 'zod'
import type {
  RecommendationDto,
  RecommendationGroupDto,
  RecommendationState,
  recommendationStateInput,
  recommendationsQuery,
} from '../../../shared/dto/approvals'
import { reconcileRecommendations } from './compliance-check'
import type { SiteContext } from '../runtime/site-context'

const text = (title: string, id: string) => `Install the required software "${title} - ${id}".`

/**
 * Recommendations (updates a check found missing, per client): View by Computer, View by Recommendation, bulk Approve / Ignore /
 * Open / Close. Opened or Approved recommendations become Implemented as soon as a recorded scan finds the
 * update installed: the service follows 'site:changed' updates events (emitted after every scan).
 */
export function createRecommendationsService(ctx: SiteContext) {
  let pending: Promise<void> = Promise.resolve()
  /** Serialized reconciliation after each recorded scan; announces approvals when anything moved. */
  const reconcile = (): Promise<void> => {
    pending = pending
      .then(async () => {
        const changed = await reconcileRecommendations(ctx)
        if (changed > 0) ctx.events.emit('site:changed', { entity: 'approvals', ids: [] })
      })
      .catch(() => undefined)
    return pending
  }
  const off = ctx.events.on('site:changed', (e) => {
    if (e.entity === 'updates' || e.entity === 'collections') void reconcile()
  })

  const query = (q: z.output<typeof recommendationsQuery>) => {
    let rows = ctx.db
      .selectFrom('recommendation')
      .innerJoin('resource', 'resource.id', 'recommendation.resource_id')
      .innerJoin('software_update', 'software_update.id', 'recommendation.update_id')
      .selectAll('recommendation')
      .select(['resource.name as computer', 'software_update.title', 'software_update.classification'])
    if (q.collectionId !== null) rows = rows.where('recommendation.collection_id', '=', q.collectionId)
    if (q.resourceId !== null) rows = rows.where('recommendation.resource_id', '=', q.resourceId)
    if (q.updateId !== null) rows = rows.where('recommendation.update_id', '=', q.updateId)
    if (q.state !== null) rows = rows.where('recommendation.state', '=', q.state)
    return rows
  }

  return {
    reconcile,
    /** Stops following scans. */
    stop: () => off(),

    /** View by Computer: one row per client and update. */
    async list(q: z.output<typeof recommendationsQuery>): Promise<RecommendationDto[]> {
      await reconcile()
      const rows = await query(q).orderBy('resource.name').orderBy('software_update.title').execute()
      return rows.map((r) => ({
        id: Number(r.id),
        collectionId: r.collection_id,
        resourceId: Number(r.resource_id),
        computer: r.computer,
        updateId: r.update_id,
        title: r.title,
        classification: r.classification,
        recommendation: text(r.title, r.update_id),
        state: r.state as RecommendationState,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        note: r.note,
      }))
    },

    /** View by Recommendation: one row per collection and update, with counts by state. */
    async groups(q: z.output<typeof recommendationsQuery>): Promise<RecommendationGroupDto[]> {
      const rows = await this.list(q)
      const groups = new Map<string, RecommendationGroupDto>()
      for (const r of rows) {
        const key = `${r.collectionId}|${r.updateId}`
        const g = groups.get(key) ?? {
          collectionId: r.collectionId,
          updateId: r.updateId,
          title: r.title,
          classification: r.classification,
          recommendation: r.recommendation,
          computers: 0,
          opened: 0,
          approved: 0,
          implemented: 0,
          ignored: 0,
          closed: 0,
        }
        g.computers++
        const field = r.state.toLowerCase() as 'opened' | 'approved' | 'implemented' | 'ignored' | 'closed'
        g[field]++
        groups.set(key, g)
      }
      return [...groups.values()].sort((a, b) => a.title.localeCompare(b.title))
    },

    /** Bulk Approve / Ignore / Open / Close; Implemented recommendations stay as they are. */
    async setState(input: z.output<typeof recommendationStateInput>): Promise<{ changed: number }> {
      let q = ctx.db
        .updateTable('recommendation')
        .set({ state: input.state, updated_at: ctx.now(), note: `set to ${input.state} by an administrator` })
        .where('state', '!=', 'Implemented')
        .where('state', '!=', input.state)
      if (input.ids.length > 0) q = q.where('id', 'in', input.ids)
      else q = q.where('collection_id', '=', input.collectionId!).where('update_id', 'in', input.updateIds)
      const res = await q.executeTakeFirst()
      const changed = Number(res.numUpdatedRows)
      if (changed > 0) {
        await ctx.audit(
          ctx.db,
          'info',
          'Compliance Check',
          input.collectionId ?? '',
          `${changed} recommendation(s) set to ${input.state}.`,
        )
        ctx.events.emit('site:changed', {
          entity: 'approvals',
          ids: input.collectionId ? [input.collectionId] : [],
        })
      }
      return { changed }
    },
  }
}

/** The recommendations service's type. */
export type RecommendationsService = ReturnType<typeof createRecommendationsService>
