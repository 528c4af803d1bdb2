// Package content rows: which updates a package carries, the catalog's files of those updates, and the
// files recorded for a package (path, size, SHA-256 and the update each came from).
import type { ContentFile } from '../../clients/content'
import { PatchbayError } from '../../../shared/errors'
import type { Db } from '../runtime/site-context'

/** A package's row; not-found (naming the `id` field) when there is none. */
export async function packageRow(db: Db, id: string) {
  const row = await db.selectFrom('package').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new PatchbayError('not-found', `No package with ID ${id}`, 'id')
  return row
}

/** The catalog's downloadable files of each update (an update without files maps to []). */
export async function contentFilesFor(db: Db, updateIds: string[]): Promise<Map<string, ContentFile[]>> {
  const out = new Map<string, ContentFile[]>(updateIds.map((id) => [id, []]))
  for (let i = 0; i < updateIds.length; i += 500) {
    const chunk = updateIds.slice(i, i + 500)
    const rows = await db
      .selectFrom('update_file')
      .selectAll()
      .where('update_id', 'in', chunk)
      .orderBy('update_id')
      .orderBy('name')
      .execute()
    for (const r of rows)
      out.get(r.update_id)?.push({
        updateId: r.update_id,
        name: r.name,
        url: r.url,
        size: Number(r.size),
        sha256: r.sha256,
      })
  }
  return out
}

/** Replaces the recorded files of a package (package_file and their origin), in the caller's transaction. */
export async function recordPackageFiles(
  trx: Db,
  packageId: string,
  files: Array<{ path: string; size: number; sha256: string; updateId: string | null }>,
): Promise<void> {
  await trx.deleteFrom('package_file').where('package_id', '=', packageId).execute()
  await trx.deleteFrom('package_file_origin').where('package_id', '=', packageId).execute()
  for (let i = 0; i < files.length; i += 200) {
    const chunk = files.slice(i, i + 200)
    await trx
      .insertInto('package_file')
      .values(chunk.map((f) => ({ package_id: packageId, path: f.path, size: f.size, sha256: f.sha256 })))
      .execute()
    await trx
      .insertInto('package_file_origin')
      .values(chunk.map((f) => ({ package_id: packageId, path: f.path, update_id: f.updateId })))
      .execute()
  }
}

/** The recorded files of a package, by path. */
export async function packageFiles(
  db: Db,
  packageId: string,
): Promise<Array<{ path: string; size: number; sha256: string; updateId: string | null }>> {
  const rows = await db
    .selectFrom('package_file as f')
    .leftJoin('package_file_origin as o', (j) =>
      j.onRef('o.package_id', '=', 'f.package_id').onRef('o.path', '=', 'f.path'),
    )
    .select(['f.path', 'f.size', 'f.sha256', 'o.update_id'])
    .where('f.package_id', '=', packageId)
    .orderBy('f.path')
    .execute()
  return rows.map((r) => ({
    path: r.path,
    size: Number(r.size),
    sha256: r.sha256,
    updateId: r.update_id ?? null,
  }))
}

/** Sets the updates a package carries (replacing any before), in the caller's transaction. */
export async function setPackageUpdates(trx: Db, packageId: string, updateIds: string[]): Promise<void> {
  await trx.deleteFrom('package_update').where('package_id', '=', packageId).execute()
  const unique = [...new Set(updateIds)]
  for (let i = 0; i < unique.length; i += 500)
    await trx
      .insertInto('package_update')
      .values(unique.slice(i, i + 500).map((update_id) => ({ package_id: packageId, update_id })))
      .execute()
}

/** The updates a package carries, sorted. */
export async function packageUpdateIds(db: Db, packageId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('package_update')
    .select('update_id')
    .where('package_id', '=', packageId)
    .orderBy('update_id')
    .execute()
  return rows.map((r) => r.update_id)
}
