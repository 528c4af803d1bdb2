import type { z } from 'zod'
import { updateCriteria } from '../../../shared/dto/update-criteria'
import type {
  SearchFolderDto,
  searchFolderInput,
  searchFolderUpdate,
} from '../../../shared/dto/search-folder'
import type { UpdateDto } from '../../../shared/dto/update'
import { PatchbayError } from '../../../shared/errors'
import { filterUpdates } from './search-folders-criteria'
import { isUniqueViolation, type SiteContext } from '../runtime/site-context'
import type { UpdatesService } from '../catalog/updates-service'

/** Search Folders: saved searches over the Update Repository, counted live on every read. */
export function createSearchFoldersService(ctx: SiteContext, updates: UpdatesService) {
  const read = async (id?: number): Promise<SearchFolderDto[]> => {
    let q = ctx.db.selectFrom('search_folder').selectAll().orderBy('name')
    if (id !== undefined) q = q.where('id', '=', id)
    const rows = await q.execute()
    if (rows.length === 0) return []
    const all = await updates.listAll()
    const now = ctx.ports.clock()
    return rows.map((r) => {
      const criteria = updateCriteria.parse(JSON.parse(r.criteria))
      return {
        id: Number(r.id),
        name: r.name,
        criteria,
        count: filterUpdates(all, criteria, now).length,
        createdAt: r.created_at,
      }
    })
  }
  const get = async (id: number) => {
    const [f] = await read(id)
    if (!f) throw new PatchbayError('not-found', `No search folder with ID ${id}`, 'id')
    return f
  }
  const conflict = (err: unknown, name: string): never => {
    if (isUniqueViolation(err))
      throw new PatchbayError('conflict', `A search folder named "${name}" already exists`, 'name')
    throw err
  }
  const changed = (id: number) =>
    ctx.events.emit('site:changed', { entity: 'searchfolders', ids: [String(id)] })

  return {
    list: () => read(),
    get,
    async results(id: number): Promise<UpdateDto[]> {
      const f = await get(id)
      return updates.search(f.criteria)
    },
    async create(input: z.output<typeof searchFolderInput>): Promise<SearchFolderDto> {
      const row = await ctx.db
        .insertInto('search_folder')
        .values({ name: input.name, criteria: JSON.stringify(input.criteria), created_at: ctx.now() })
        .returning('id')
        .executeTakeFirstOrThrow()
        .catch((err: unknown) => conflict(err, input.name))
      changed(Number(row.id))
      return get(Number(row.id))
    },
    async update(input: z.output<typeof searchFolderUpdate>): Promise<SearchFolderDto> {
      const f = await get(input.id)
      await ctx.db
        .updateTable('search_folder')
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.criteria !== undefined && {
            criteria: JSON.stringify(updateCriteria.parse(input.criteria)),
          }),
        })
        .where('id', '=', f.id)
        .execute()
        .catch((err: unknown) => conflict(err, input.name ?? f.name))
      changed(f.id)
      return get(f.id)
    },
    async remove(id: number): Promise<{ deleted: number }> {
      await get(id)
      await ctx.db.deleteFrom('search_folder').where('id', '=', id).execute()
      changed(id)
      return { deleted: 1 }
    },
  }
}
