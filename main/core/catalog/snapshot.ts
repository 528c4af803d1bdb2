// Catalog snapshots: the site's software updates, their downloadable files and update lists in one JSON
// file, carried to an offline (air-gapped) building machine where bundles are built from it.
import { readFile, rename, writeFile } from 'node:fs/promises'
import type { Selectable } from 'kysely'
import { z } from 'zod'
import type { ContentFile } from '../../clients/content'
import { snapshotListDto, snapshotUpdateDto, type SnapshotDto } from '../../../shared/dto/content'
import { PatchbayError } from '../../../shared/errors'
import type { SoftwareUpdateTable } from '../../site/schema'
import { contentFilesFor } from '../packages/content-rows'
import type { Db } from '../runtime/site-context'

/** Format tag of a version-1 snapshot. */
export const CATALOG_SNAPSHOT_FORMAT = 'patchbay-catalog/1'

const snapshotSchema = z.object({
  format: z.literal(CATALOG_SNAPSHOT_FORMAT),
  exportedAt: z.string(),
  site: z.string(),
  updates: z.array(snapshotUpdateDto),
  files: z.array(
    z.object({
      updateId: z.string(),
      name: z.string(),
      url: z.string(),
      size: z.number(),
      sha256: z.string(),
    }),
  ),
  lists: z.array(snapshotListDto),
})

/** A software update as a snapshot carries it. */
export type SnapshotUpdate = z.infer<typeof snapshotUpdateDto>
/** A whole catalog snapshot. */
export type CatalogSnapshot = z.infer<typeof snapshotSchema>

/** What bundle building needs from a catalog: a site's or a snapshot's. */
export interface CatalogView {
  /** The updates known by ID (unknown IDs are absent). */
  updates(ids: string[]): Promise<Map<string, SnapshotUpdate>>
  /** Downloadable files per update ([] when the catalog lists none). */
  files(ids: string[]): Promise<Map<string, ContentFile[]>>
  /** The update IDs of a named update list (case-insensitive), or null when there is none. */
  listUpdateIds(name: string): Promise<string[] | null>
}

const updateColumns = [
  'id',
  'vendor',
  'title',
  'kb',
  'classification',
  'products',
  'product',
  'severity',
  'package',
  'version',
  'suite',
  'release_date',
  'superseded_by',
  'expired',
] as const

type UpdateRow = Pick<Selectable<SoftwareUpdateTable>, (typeof updateColumns)[number]>

function toSnapshotUpdate(r: UpdateRow): SnapshotUpdate {
  let products: string[] = []
  try {
    products = JSON.parse(r.products || '[]') as string[]
  } catch {
    products = []
  }
  if (products.length === 0 && r.product) products = [r.product]
  return {
    id: r.id,
    vendor: r.vendor,
    title: r.title,
    kb: r.kb,
    classification: r.classification,
    products,
    severity: r.severity,
    package: r.package,
    version: r.version,
    suite: r.suite,
    releaseDate: r.release_date,
    supersededBy: r.superseded_by,
    expired: Number(r.expired) === 1,
  }
}

/** Writes the site's catalog (updates, files, update lists) to `out` as JSON (via a temp file and rename). */
export async function exportCatalogSnapshot(
  db: Db,
  out: string,
  site = '',
  now = new Date(),
): Promise<{ out: string; updates: number; files: number; lists: number }> {
  const updates = (await db.selectFrom('software_update').select(updateColumns).orderBy('id').execute()).map(
    (r) => toSnapshotUpdate(r),
  )
  const files = (
    await db.selectFrom('update_file').selectAll().orderBy('update_id').orderBy('name').execute()
  ).map((r) => ({ updateId: r.update_id, name: r.name, url: r.url, size: Number(r.size), sha256: r.sha256 }))
  const listRows = await db.selectFrom('update_list').selectAll().orderBy('name').execute()
  const items = await db.selectFrom('update_list_item').selectAll().orderBy('update_id').execute()
  const lists = listRows.map((l) => ({
    name: l.name,
    comment: l.comment,
    updateIds: items.filter((i) => i.list_id === l.id).map((i) => i.update_id),
  }))
  const snapshot: CatalogSnapshot = {
    format: CATALOG_SNAPSHOT_FORMAT,
    exportedAt: now.toISOString(),
    site,
    updates,
    files,
    lists,
  }
  const partial = `${out}.partial`
  await writeFile(partial, JSON.stringify(snapshot) + '\n', { mode: 0o644 })
  await rename(partial, out)
  return { out, updates: updates.length, files: files.length, lists: lists.length }
}

/** Reads and checks a snapshot written by `exportCatalogSnapshot`; throws naming the file when it is not one. */
export async function readCatalogSnapshot(file: string): Promise<CatalogSnapshot> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new Error(`${file} is not a catalog snapshot: ${(err as Error).message}`)
  }
  const parsed = snapshotSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `${file} is not a ${CATALOG_SNAPSHOT_FORMAT} snapshot (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}); export one with \`patchbay catalog export\``,
    )
  }
  return parsed.data
}

/** A snapshot's updates (with their file counts and sizes) and update lists; invalid-input naming `file` when it is not one. */
export async function describeCatalogSnapshot(file: string): Promise<SnapshotDto> {
  const s = await readCatalogSnapshot(file).catch((err: Error) => {
    throw new PatchbayError('invalid-input', err.message, 'file')
  })
  const files = new Map<string, { n: number; size: number }>()
  for (const f of s.files) {
    const t = files.get(f.updateId) ?? { n: 0, size: 0 }
    files.set(f.updateId, { n: t.n + 1, size: t.size + f.size })
  }
  return {
    exportedAt: s.exportedAt,
    site: s.site,
    updates: s.updates.map((u) => ({
      ...u,
      fileCount: files.get(u.id)?.n ?? 0,
      size: files.get(u.id)?.size ?? 0,
    })),
    lists: s.lists,
  }
}

/** A catalog view over a snapshot. */
export function snapshotCatalogView(s: CatalogSnapshot): CatalogView {
  const byId = new Map(s.updates.map((u) => [u.id, u]))
  const filesBy = new Map<string, ContentFile[]>()
  for (const f of s.files) filesBy.set(f.updateId, [...(filesBy.get(f.updateId) ?? []), f])
  return {
    updates: async (ids) => new Map(ids.filter((id) => byId.has(id)).map((id) => [id, byId.get(id)!])),
    files: async (ids) => new Map(ids.map((id) => [id, filesBy.get(id) ?? []])),
    listUpdateIds: async (name) =>
      s.lists.find((l) => l.name.toLowerCase() === name.toLowerCase())?.updateIds ?? null,
  }
}

/** A catalog view over the site database. */
export function siteCatalogView(db: Db): CatalogView {
  return {
    async updates(ids) {
      const out = new Map<string, SnapshotUpdate>()
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom('software_update')
          .select(updateColumns)
          .where('id', 'in', ids.slice(i, i + 500))
          .execute()
        for (const r of rows) out.set(r.id, toSnapshotUpdate(r))
      }
      return out
    },
    files: (ids) => contentFilesFor(db, ids),
    async listUpdateIds(name) {
      const list = await db
        .selectFrom('update_list')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
        .executeTakeFirst()
      if (!list) return null
      const rows = await db
        .selectFrom('update_list_item')
        .select('update_id')
        .where('list_id', '=', list.id)
        .orderBy('update_id')
        .execute()
      return rows.map((r) => r.update_id)
    },
  }
}
