import { sql } from 'kysely'
import type { z } from 'zod'
import {
  applicabilityStateIds,
  applicabilityStates,
  type StateMessageDto,
  type UpdateDto,
  type stateQuery,
  type updatesQuery,
} from '../../../shared/dto/update'
import { PatchbayError } from '../../../shared/errors'
import { stateNameOf } from '../../../shared/state-names'
import type { UpdateCriteria } from '../../../shared/dto/update-criteria'
import { filterUpdates } from '../update-lists/search-folders-criteria'
import type { SiteContext } from '../runtime/site-context'

/** The source of updates known only from client scans (no catalog source lists them). */
export const REPORTED_BY_CLIENTS = 'reported by clients'

const stateById = new Map(applicabilityStates.map((s) => [applicabilityStateIds[s], s]))

/**
 * The Update Repository: every update at least one client reported, with Required / Installed /
 * Not Required / Unknown counts from the per-update counters written with the per-client states, so they change
 * the moment a scan is recorded. A client that completed a scan without reporting an update counts as Not Required;
 * a client that never completed a scan counts as Unknown.
 */
export function createUpdatesService(ctx: SiteContext) {
  return {
    async list(query: z.output<typeof updatesQuery>): Promise<UpdateDto[]> {
      const totals = await ctx.db
        .selectFrom('resource')
        .select([
          (eb) => eb.fn.countAll<string | number>().as('all'),
          (eb) =>
            eb.fn
              .sum<string | number>(eb.case().when('last_scan_at', 'is not', null).then(1).else(0).end())
              .as('scanned'),
        ])
        .executeTakeFirstOrThrow()
      const all = Number(totals.all)
      const scanned = Number(totals.scanned ?? 0)
      // The counters the scan path keeps (update_state_count): a few rows per update instead of a pass over
      // every client's states, so the counts are current the moment a scan is recorded, at any fleet size.
      const counters = await ctx.db.selectFrom('update_state_count').selectAll().where('n', '>', 0).execute()
      const countOf = new Map<string, { required: number; installed: number; reported: number }>()
      for (const c of counters) {
        let u = countOf.get(c.update_id)
        if (!u) countOf.set(c.update_id, (u = { required: 0, installed: 0, reported: 0 }))
        const n = Number(c.n)
        u.reported += n
        if (c.state_id === 2) u.required += n
        else if (c.state_id === 3) u.installed += n
      }
      let updates = ctx.db
        .selectFrom('software_update')
        .selectAll('software_update')
        .where('software_update.expired', '=', 0)
      if (query.sourceName !== null) {
        const source = await ctx.db
          .selectFrom('catalog_source')
          .select('id')
          .where('name', '=', query.sourceName)
          .executeTakeFirst()
        if (!source)
          throw new PatchbayError('not-found', `No catalog source named "${query.sourceName}"`, 'sourceName')
        updates = updates.where('software_update.source_id', '=', source.id)
      }
      if (query.resourceId !== null) {
        updates = updates
          .innerJoin('client_update_state as mine', (j) =>
            j
              .onRef('mine.update_id', '=', 'software_update.id')
              .on('mine.resource_id', '=', query.resourceId!),
          )
          .select([
            'mine.state_id as my_state',
            'mine.installed_version as my_version',
            'mine.time as my_time',
          ])
        if (query.state) {
          const wanted = applicabilityStateIds[query.state]
          updates = updates.where(sql<boolean>`mine.state_id = ${wanted}`)
        }
      } else if (query.state === 'required' || query.state === 'installed') {
        const id = applicabilityStateIds[query.state]
        updates = updates.where((eb) =>
          eb.exists(
            eb
              .selectFrom('client_update_state as s')
              .select(sql`1`.as('one'))
              .whereRef('s.update_id', '=', 'software_update.id')
              .where('s.state_id', '=', id),
          ),
        )
      }
      const rows = (await updates.orderBy('software_update.title').execute()) as Array<
        Record<string, unknown> & { id: string }
      >
      const out = rows.map((r): UpdateDto => {
        const c = countOf.get(r.id)
        const required = Number(c?.required ?? 0)
        const installed = Number(c?.installed ?? 0)
        const reported = Number(c?.reported ?? 0)
        const myState = r.my_state === undefined || r.my_state === null ? null : Number(r.my_state)
        return {
          id: r.id,
          vendor: String(r.vendor),
          title: String(r.title),
          classification: String(r.classification),
          severity: String(r.severity),
          kb: String(r.kb),
          description: String(r.description ?? ''),
          supportUrl: String(r.support_url ?? ''),
          securityBulletin: String(r.security_bulletin ?? ''),
          package: String(r.package),
          availableVersion: String(r.version),
          suite: String(r.suite),
          products: JSON.parse(String(r.products ?? '[]')) as string[],
          size: Number(r.size),
          sha256: String(r.sha256),
          releaseDate: (r.release_date as string | null) ?? null,
          supersededBy: String(r.superseded_by),
          source: String(r.source),
          reportedByClients: String(r.source) === REPORTED_BY_CLIENTS,
          required,
          installed,
          notRequired: Math.max(0, scanned - reported) + (reported - required - installed),
          unknown: Math.max(0, all - scanned),
          state: myState === null ? null : (stateById.get(myState) ?? 'unknown'),
          stateId: myState,
          installedVersion: (r.my_version as string | undefined) ?? null,
          stateTime: (r.my_time as string | undefined) ?? null,
        }
      })
      if (query.resourceId === null && query.state === 'not-required')
        return out.filter((u) => u.notRequired > 0)
      if (query.resourceId === null && query.state === 'unknown') return out.filter((u) => u.unknown > 0)
      return out
    },

    /** Every current update with its counts. */
    listAll(): Promise<UpdateDto[]> {
      return this.list({ resourceId: null, state: null, sourceName: null })
    },

    /** The current updates meeting the criteria (rules, search folders, the console's search). */
    async search(criteria: UpdateCriteria): Promise<UpdateDto[]> {
      return filterUpdates(await this.listAll(), criteria, ctx.ports.clock())
    },

    async stateMessages(query: z.output<typeof stateQuery>): Promise<StateMessageDto[]> {
      let q = ctx.db
        .selectFrom('state_message')
        .innerJoin('resource', 'resource.id', 'state_message.resource_id')
        .selectAll('state_message')
        .select('resource.name as resource_name')
        .orderBy('state_message.id', 'desc')
        .limit(query.limit)
      if (query.resourceId !== null) q = q.where('state_message.resource_id', '=', query.resourceId)
      if (query.topicType !== null) q = q.where('state_message.topic_type', '=', query.topicType)
      if (query.updateId !== null) q = q.where('state_message.update_id', '=', query.updateId)
      return (await q.execute()).map((m) => ({
        id: Number(m.id),
        resourceId: Number(m.resource_id),
        resourceName: m.resource_name,
        topicType: Number(m.topic_type),
        stateId: Number(m.state_id),
        stateName: stateNameOf(Number(m.topic_type), Number(m.state_id)),
        updateId: m.update_id,
        time: m.time,
        detail: m.detail,
      }))
    },
  }
}

/** The updates service's type. */
export type UpdatesService = ReturnType<typeof createUpdatesService>
