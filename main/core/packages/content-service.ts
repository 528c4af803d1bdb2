// Package content as a service: a package's files, "Verify package" and "Download content" (run as a task).
import {
  contentFileName,
  downloadFiles,
  ensureSourceFolder,
  verifyFolder,
  type ContentFile,
} from '../../clients/content'
import type { PackageFileDto, PackageVerifyDto } from '../../../shared/dto/content'
import type { TaskDto } from '../../../shared/dto/task'
import { PatchbayError } from '../../../shared/errors'
import {
  contentFilesFor,
  packageFiles,
  packageRow,
  packageUpdateIds,
  recordPackageFiles,
} from './content-rows'
import type { Db, SiteContext } from '../runtime/site-context'
import type { TaskHandle, TaskRegistry } from '../runtime/task-registry'

/** The files a package should hold: those recorded, plus catalog files of its updates not downloaded yet. */
async function expectedContent(db: Db, packageId: string) {
  const recorded = await packageFiles(db, packageId)
  const byUpdate = await contentFilesFor(db, await packageUpdateIds(db, packageId))
  const have = new Set(recorded.map((f) => f.path))
  const pending: ContentFile[] = []
  for (const files of byUpdate.values())
    for (const f of files) if (!have.has(contentFileName(f.name))) pending.push(f)
  const recordedUpdates = new Set(recorded.map((f) => f.updateId))
  const noFiles = [...byUpdate]
    .filter(([id, files]) => files.length === 0 && !recordedUpdates.has(id))
    .map(([id]) => id)
  return { recorded, pending, noFiles }
}

/** Downloads a package's missing content into its source folder (created 0700) and records the files. */
export async function downloadPackageContent(
  ctx: SiteContext,
  packageId: string,
  task: TaskHandle,
): Promise<string> {
  const pkg = await packageRow(ctx.db, packageId)
  if (!pkg.source_path)
    throw new PatchbayError('invalid-input', `Package ${packageId} has no source folder; set one first`, 'id')
  await ensureSourceFolder(pkg.source_path)
  const updateIds = await packageUpdateIds(ctx.db, packageId)
  const byUpdate = await contentFilesFor(ctx.db, updateIds)
  const files = [...byUpdate.values()].flat()
  for (const f of files) task.addItem(contentFileName(f.name), f.size)
  const results = await downloadFiles(files, pkg.source_path, {
    signal: task.signal,
    onProgress: (p) =>
      task.item(p.file ?? p.name, {
        state: p.state,
        bytesDone: p.bytesDone,
        bytesTotal: p.bytesTotal,
        error: p.error,
      }),
  })
  const present = results.filter((r) => r.state === 'done' || r.state === 'skipped')
  const recorded = await packageFiles(ctx.db, packageId)
  const byPath = new Map(recorded.map((f) => [f.path, f]))
  for (const r of present)
    byPath.set(r.file!, { path: r.file!, size: r.bytesTotal, sha256: r.sha256!, updateId: r.updateId })
  await ctx.db.transaction().execute(async (trx) => {
    await recordPackageFiles(trx, packageId, [...byPath.values()])
    await ctx.audit(
      trx,
      results.some((r) => r.state === 'failed') ? 'warning' : 'info',
      'Distribution Manager',
      packageId,
      `Package ${packageId} content: ${results.filter((r) => r.state === 'done').length} downloaded, ` +
        `${results.filter((r) => r.state === 'skipped').length} already present, ` +
        `${results.filter((r) => r.state === 'failed').length} failed.`,
    )
  })
  ctx.events.emit('site:changed', { entity: 'content', ids: [packageId] })
  ctx.events.emit('site:changed', { entity: 'status', ids: [] })
  const failed = results.filter((r) => r.state === 'failed')
  const noFiles = [...byUpdate].filter(([, f]) => f.length === 0).map(([id]) => id)
  for (const id of noFiles) task.item(id, { state: 'failed', error: 'no downloadable file in the catalog' })
  if (failed.length || noFiles.length)
    throw new Error(
      [
        failed.length ? `${failed.length} of ${results.length} files could not be downloaded` : '',
        noFiles.length ? `${noFiles.length} updates have no downloadable file in the catalog` : '',
      ]
        .filter(Boolean)
        .join('; ') + '; the package content is incomplete (see each file)',
    )
  return packageId
}

/** A package's content over one site: its recorded files, their verification, and downloads as tasks. */
export function createPackageContentService(ctx: SiteContext, tasks: TaskRegistry) {
  return {
    /** The files recorded for a package; not-found when there is no such package. */
    async files(id: string): Promise<PackageFileDto[]> {
      await packageRow(ctx.db, id)
      return packageFiles(ctx.db, id)
    },

    /** "Verify package": every recorded file checked in the source folder, plus what is not downloaded yet. */
    async verify(id: string): Promise<PackageVerifyDto> {
      const pkg = await packageRow(ctx.db, id)
      const { recorded, pending, noFiles } = await expectedContent(ctx.db, id)
      if (!pkg.source_path)
        return { ok: false, problems: [{ path: '', problem: 'the package has no source folder' }] }
      const problems = await verifyFolder(pkg.source_path, recorded)
      const pendingNames = new Set(pending.map((f) => contentFileName(f.name)))
      const kept = problems.filter((p) => !(pendingNames.has(p.path) && p.problem.startsWith('extra')))
      for (const f of pending)
        kept.push({ path: contentFileName(f.name), problem: 'not downloaded yet (use Download content)' })
      for (const u of noFiles) kept.push({ path: u, problem: 'no downloadable file in the catalog' })
      await ctx.audit(
        ctx.db,
        kept.length ? 'warning' : 'info',
        'Distribution Manager',
        id,
        kept.length
          ? `Verify package ${id}: ${kept.length} problem(s): ${kept
              .slice(0, 5)
              .map((p) => `${p.path} ${p.problem}`)
              .join('; ')}`
          : `Verify package ${id}: all ${recorded.length} files match.`,
      )
      ctx.events.emit('site:changed', { entity: 'status', ids: [] })
      return { ok: kept.length === 0, problems: kept }
    },

    /** "Download content": the package's missing files into its source folder, as a task. */
    async download(id: string): Promise<TaskDto> {
      const pkg = await packageRow(ctx.db, id)
      if (!pkg.source_path)
        throw new PatchbayError('invalid-input', `Package ${id} has no source folder; set one first`, 'id')
      return tasks.start('content-download', `Download content of ${pkg.name}`, [], (task) =>
        downloadPackageContent(ctx, id, task),
      )
    },
  }
}

/** The package content service's type. */
export type PackageContentService = ReturnType<typeof createPackageContentService>
