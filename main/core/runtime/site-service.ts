import type { SiteInfoDto, SiteSettingsDto, StateNameDto, StatusMessageDto } from '../../../shared/dto/site'
import { PatchbayError } from '../../../shared/errors'
import { policyFolders } from './local-paths'
import type { SiteContext } from './site-context'

/** The site itself: identity, state names and status messages. */
export function createSiteService(ctx: SiteContext) {
  return {
    async info(): Promise<SiteInfoDto> {
      const row = await ctx.db.selectFrom('site').selectAll().executeTakeFirst()
      if (!row) throw new PatchbayError('not-found', 'The site database holds no site')
      return {
        code: row.code,
        name: row.name,
        dbKind: ctx.kind,
        location: ctx.location,
        schemaVersion: Number(row.schema_version),
        createdAt: row.created_at,
        frontDoor: ctx.ports.frontDoor,
        localFolders: ctx.ports.localPaths ? policyFolders(ctx.ports.localPaths) : null,
      }
    },

    /** The site-wide settings. */
    async settings(): Promise<SiteSettingsDto> {
      const row = await ctx.db.selectFrom('site').select('lists_refresh_hours').executeTakeFirst()
      if (!row) throw new PatchbayError('not-found', 'The site database holds no site')
      return { listsRefreshHours: Number(row.lists_refresh_hours) }
    },

    /** Changes the settings the patch names, records who changed what, and answers all of them. */
    async setSettings(patch: Partial<SiteSettingsDto>): Promise<SiteSettingsDto> {
      const before = await this.settings()
      if (patch.listsRefreshHours === undefined || patch.listsRefreshHours === before.listsRefreshHours)
        return before
      await ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('site').set({ lists_refresh_hours: patch.listsRefreshHours! }).execute()
        await ctx.audit(
          trx,
          'info',
          'Site Settings',
          'lists-refresh-hours',
          `Refresh package lists older than ${patch.listsRefreshHours} h (was ${before.listsRefreshHours} h).`,
        )
      })
      return this.settings()
    },

    async stateNames(): Promise<StateNameDto[]> {
      const rows = await ctx.db
        .selectFrom('state_name')
        .selectAll()
        .orderBy('topic_type')
        .orderBy('state_id')
        .execute()
      return rows.map((r) => ({
        topicType: Number(r.topic_type),
        stateId: Number(r.state_id),
        stateName: r.state_name,
      }))
    },

    async statusMessages(limit: number): Promise<StatusMessageDto[]> {
      const rows = await ctx.db
        .selectFrom('audit_event')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => ({
        id: Number(r.id),
        time: r.time,
        severity: r.severity as StatusMessageDto['severity'],
        component: r.component,
        objectId: r.object_id,
        message: r.message,
      }))
    },
  }
}
