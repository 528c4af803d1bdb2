import type { z } from 'zod'
import type { ResourceDto, resourceInput, resourceUpdate } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import { reevaluateMembership } from '../collections/membership'
import { getResource, readResources } from './rows'
import { isUniqueViolation, type SiteContext } from '../runtime/site-context'

/** Client resources: the machines the site manages. */
export function createResourcesService(ctx: SiteContext) {
  const announce = (changedCollections: string[], ids: string[]) => {
    ctx.events.emit('site:changed', { entity: 'resources', ids })
    if (changedCollections.length)
      ctx.events.emit('site:changed', { entity: 'collections', ids: changedCollections })
    ctx.events.emit('site:changed', { entity: 'status', ids: [] })
  }
  const duplicate = (name: string) =>
    new PatchbayError('conflict', `A resource named "${name}" already exists`, 'name')

  return {
    async list(): Promise<ResourceDto[]> {
      return readResources(ctx.db)
    },

    async create(input: z.output<typeof resourceInput>): Promise<ResourceDto> {
      const now = ctx.now()
      try {
        const { dto, changed } = await ctx.db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('resource')
            .values({
              name: input.name,
              address: input.address,
              port: input.port,
              user: input.user,
              platform: input.platform,
              os_version: input.osVersion,
              roles: JSON.stringify(input.roles),
              auth_method: input.authMethod,
              transport: input.transport,
              identity_file: input.identityFile,
              simulated: input.simulated ? 1 : 0,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow()
          await ctx.audit(
            trx,
            'info',
            'Resource Manager',
            String(row.id),
            `Resource "${row.name}" (${row.address}) added.`,
          )
          const changed = await reevaluateMembership(trx, [Number(row.id)])
          return { dto: await getResource(trx, Number(row.id)), changed }
        })
        announce(changed, [String(dto.id)])
        return dto
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate(input.name)
        throw err
      }
    },

    async update(input: z.output<typeof resourceUpdate>): Promise<ResourceDto> {
      const { id, ...fields } = input
      try {
        const { dto, changed } = await ctx.db.transaction().execute(async (trx) => {
          await getResource(trx, id)
          const row = await trx
            .updateTable('resource')
            .set({
              ...(fields.name !== undefined && { name: fields.name }),
              ...(fields.address !== undefined && { address: fields.address }),
              ...(fields.port !== undefined && { port: fields.port }),
              ...(fields.user !== undefined && { user: fields.user }),
              ...(fields.platform !== undefined && { platform: fields.platform }),
              ...(fields.osVersion !== undefined && { os_version: fields.osVersion }),
              ...(fields.roles !== undefined && { roles: JSON.stringify(fields.roles) }),
              ...(fields.authMethod !== undefined && { auth_method: fields.authMethod }),
              ...(fields.transport !== undefined && { transport: fields.transport }),
              ...(fields.identityFile !== undefined && { identity_file: fields.identityFile }),
              ...(fields.simulated !== undefined && { simulated: fields.simulated ? 1 : 0 }),
              updated_at: ctx.now(),
            })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow()
          await ctx.audit(
            trx,
            'info',
            'Resource Manager',
            String(id),
            `Resource "${row.name}" properties changed.`,
          )
          const changed = await reevaluateMembership(trx, [id])
          return { dto: await getResource(trx, id), changed }
        })
        announce(changed, [String(id)])
        return dto
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate(fields.name ?? '')
        throw err
      }
    },

    async remove(ids: number[]): Promise<{ deleted: number }> {
      const { deleted, changed } = await ctx.db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('resource').select(['id', 'name']).where('id', 'in', ids).execute()
        const missing = ids.filter((id) => !rows.some((r) => Number(r.id) === id))
        if (missing.length) throw new PatchbayError('not-found', `No resource with ID ${missing.join(', ')}`)
        const affected = await trx
          .selectFrom('collection_member')
          .select('collection_id')
          .distinct()
          .where('resource_id', 'in', ids)
          .execute()
        await trx.deleteFrom('collection_rule').where('resource_id', 'in', ids).execute()
        // Job history outlives the client: each step's record keeps the host's name.
        await trx.updateTable('job_step').set({ resource_id: null }).where('resource_id', 'in', ids).execute()
        await trx.deleteFrom('resource').where('id', 'in', ids).execute()
        for (const r of rows)
          await ctx.audit(trx, 'info', 'Resource Manager', String(r.id), `Resource "${r.name}" deleted.`)
        // Other resources' memberships do not depend on these; the cascade removed theirs.
        return { deleted: rows.length, changed: affected.map((a) => a.collection_id) }
      })
      announce(changed, ids.map(String))
      return { deleted }
    },
  }
}

/** The resources service's type. */
export type ResourcesService = ReturnType<typeof createResourcesService>
