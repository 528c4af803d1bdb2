import type { z } from 'zod'
import type {
  ResourceDto,
  Platform,
  SiteSystemRole,
  resourceInput,
  resourceUpdate,
} from '../../shared/dto/resource'
import { osFamilyOf } from '../../shared/dto/resource'
import { PatchbayError } from '../../shared/errors'
import type { SiteDatabase } from '../site/schema'
import type { Selectable } from 'kysely'
import { reevaluateMembership } from './membership'
import { isUniqueViolation, type Db, type SiteContext } from './site-context'

/** Maps a resource row to its DTO. */
export function toResourceDto(row: Selectable<SiteDatabase['resource']>): ResourceDto {
  const platform = row.platform as Platform
  return {
    id: Number(row.id),
    name: row.name,
    address: row.address,
    port: Number(row.port),
    user: row.user,
    platform,
    osFamily: osFamilyOf(platform),
    osVersion: row.os_version,
    roles: JSON.parse(row.roles) as SiteSystemRole[],
    simulated: Boolean(row.simulated),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Reads one resource or fails with not-found. */
export async function getResource(db: Db, id: number): Promise<ResourceDto> {
  const row = await db.selectFrom('resource').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new PatchbayError('not-found', `No resource with ID ${id}`)
  return toResourceDto(row)
}

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
      const rows = await ctx.db.selectFrom('resource').selectAll().orderBy('name').execute()
      return rows.map(toResourceDto)
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
              simulated: 0,
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
          return { dto: toResourceDto(row), changed: await reevaluateMembership(trx, [Number(row.id)]) }
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
          return { dto: toResourceDto(row), changed: await reevaluateMembership(trx, [id]) }
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
