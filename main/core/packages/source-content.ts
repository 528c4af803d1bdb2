// A package's source folder as its content: the folder's files are recorded with their SHA-256 when the
// package is created or its folder changes, and again each time a package without updates is distributed
// (as SMS takes a new source version on "Update distribution points").
import { readSourceFolder, SourceFolderError } from '../../clients/content'
import type { ExpectedFile } from '../../clients/content'
import { PatchbayError } from '../../../shared/errors'
import { packageFiles, packageRow, packageUpdateIds, recordPackageFiles } from './content-rows'
import type { Db, SiteContext } from '../runtime/site-context'

/** The files of a source folder, or null when the folder does not exist yet (content to be downloaded). */
export async function sourceFilesIfPresent(path: string): Promise<ExpectedFile[] | null> {
  if (!path) return null
  try {
    return await readSourceFolder(path)
  } catch (err) {
    if (err instanceof SourceFolderError && /does not exist$/.test(err.message)) return null
    throw asInputError(err)
  }
}

/** The files of a source folder that must exist (a package distributed from it); errors name the folder. */
export async function sourceFiles(path: string): Promise<ExpectedFile[]> {
  if (!path) throw new PatchbayError('invalid-input', 'The package has no source folder', 'sourcePath')
  try {
    return await readSourceFolder(path)
  } catch (err) {
    throw asInputError(err)
  }
}

const asInputError = (err: unknown) =>
  err instanceof SourceFolderError ? new PatchbayError('invalid-input', err.message, 'sourcePath') : err

/** Records `files` as the package's content in the caller's transaction, keeping the update each path came from. */
export async function recordSourceFiles(trx: Db, packageId: string, files: ExpectedFile[]): Promise<void> {
  const before = new Map((await packageFiles(trx, packageId)).map((f) => [f.path, f.updateId]))
  await recordPackageFiles(
    trx,
    packageId,
    files.map((f) => ({ ...f, updateId: before.get(f.path) ?? null })),
  )
}

/** Whether the package's content is its source folder as it is (no catalog updates whose files are downloaded). */
export async function isPlainPackage(db: Db, packageId: string): Promise<boolean> {
  return (await packageUpdateIds(db, packageId)).length === 0
}

/**
 * Before a plain package is distributed: its folder is read again and recorded as the package's content
 * (a folder that no longer exists is an error naming it). Packages with updates keep their verified downloads.
 */
export async function refreshSourceContent(ctx: SiteContext, packageId: string): Promise<void> {
  const pkg = await packageRow(ctx.db, packageId)
  if (!pkg.source_path || !(await isPlainPackage(ctx.db, packageId))) return
  const files = await sourceFiles(pkg.source_path)
  const before = await packageFiles(ctx.db, packageId)
  const same =
    before.length === files.length &&
    files.every((f, i) => before[i]!.path === f.path && before[i]!.sha256 === f.sha256)
  if (same) return
  await ctx.db.transaction().execute(async (trx) => {
    await recordSourceFiles(trx, packageId, files)
    await ctx.audit(
      trx,
      'info',
      'Distribution Manager',
      packageId,
      `Package ${packageId} source folder read again: ${files.length} file(s) (was ${before.length}).`,
    )
  })
  ctx.events.emit('site:changed', { entity: 'content', ids: [packageId] })
}
