import type { z } from 'zod'
import {
  templateSettings,
  type TemplateDto,
  type templateInput,
  type templateUpdate,
} from '../../../shared/dto/deployment-template'
import { PatchbayError } from '../../../shared/errors'
import { isUniqueViolation, type SiteContext } from '../runtime/site-context'

/** Deployment Templates: saved deployment settings used by the wizard and by deployments. */
export function createDeploymentTemplatesService(ctx: SiteContext) {
  const read = async (id?: number): Promise<TemplateDto[]> => {
    let q = ctx.db.selectFrom('deployment_template').selectAll().orderBy('name')
    if (id !== undefined) q = q.where('id', '=', id)
    return (await q.execute()).map((r) => ({
      id: Number(r.id),
      name: r.name,
      settings: templateSettings.parse(JSON.parse(r.settings)),
      createdAt: r.created_at,
    }))
  }
  const get = async (id: number) => {
    const [t] = await read(id)
    if (!t) throw new PatchbayError('not-found', `No deployment template with ID ${id}`, 'id')
    return t
  }
  const checkCollection = async (id: string | null) => {
    if (
      id !== null &&
      !(await ctx.db.selectFrom('collection').select('id').where('id', '=', id).executeTakeFirst())
    )
      throw new PatchbayError('not-found', `No collection with ID ${id}`, 'settings.collectionId')
  }
  const conflict = (err: unknown, name: string): never => {
    if (isUniqueViolation(err))
      throw new PatchbayError('conflict', `A deployment template named "${name}" already exists`, 'name')
    throw err
  }
  const changed = (id: number) => ctx.events.emit('site:changed', { entity: 'templates', ids: [String(id)] })

  return {
    list: () => read(),
    get,
    async create(input: z.output<typeof templateInput>): Promise<TemplateDto> {
      await checkCollection(input.settings.collectionId)
      const row = await ctx.db
        .insertInto('deployment_template')
        .values({ name: input.name, settings: JSON.stringify(input.settings), created_at: ctx.now() })
        .returning('id')
        .executeTakeFirstOrThrow()
        .catch((err: unknown) => conflict(err, input.name))
      changed(Number(row.id))
      return get(Number(row.id))
    },
    async update(input: z.output<typeof templateUpdate>): Promise<TemplateDto> {
      const t = await get(input.id)
      if (input.settings) await checkCollection(input.settings.collectionId)
      await ctx.db
        .updateTable('deployment_template')
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.settings !== undefined && { settings: JSON.stringify(input.settings) }),
        })
        .where('id', '=', t.id)
        .execute()
        .catch((err: unknown) => conflict(err, input.name ?? t.name))
      changed(t.id)
      return get(t.id)
    },
    async remove(id: number): Promise<{ deleted: number }> {
      const t = await get(id)
      const used = await ctx.db
        .selectFrom('deployment')
        .select('id')
        .where('template_id', '=', id)
        .executeTakeFirst()
      if (used)
        throw new PatchbayError('conflict', `Template ${t.name} is used by deployment ${used.id}`, 'id')
      await ctx.db.deleteFrom('deployment_template').where('id', '=', id).execute()
      changed(id)
      return { deleted: 1 }
    },
  }
}
