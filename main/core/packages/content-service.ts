// Package content and bundles as services: a package's files, "Verify package", "Download content",
// signing keys, bundle build / verify / import, and the catalog snapshot export. Long work runs as tasks.
import { basename, join } from 'node:path'
import { createSigningKeyPair, loadPrivateKey, buildBundle } from '../../clients/bundle'
import {
  contentFileName,
  downloadFiles,
  ensureSourceFolder,
  verifyFolder,
  type ContentFile,
} from '../../clients/content'
import type { ChannelParsed } from '../../../shared/contract'
import type { PackageVerifyDto } from '../../../shared/dto/content'
import type { TaskDto } from '../../../shared/dto/task'
import { PatchbayError } from '../../../shared/errors'
import type { Handlers } from '../runtime/handlers'
import { buildUpdatesBundle, bundleUpdateOf, resolveBuildUpdates } from '../bundles/build'
import { checkBundle, importBundle, loadTrustedKeys } from '../bundles/import'
import {
  exportCatalogSnapshot,
  readCatalogSnapshot,
  siteCatalogView,
  snapshotCatalogView,
  type CatalogView,
} from '../catalog/snapshot'
import { contentFilesFor, packageFiles, packageUpdateIds, recordPackageFiles } from './content-rows'
import type { Db, SiteContext } from '../runtime/site-context'
import type { TaskHandle, TaskRegistry } from '../runtime/task-registry'

type ContentChannel =
  | 'packages:files'
  | 'packages:verify'
  | 'packages:download'
  | 'keys:create'
  | 'bundles:build'
  | 'bundles:verify'
  | 'bundles:import'
  | 'catalog:export-snapshot'
  | 'catalog:read-snapshot'

async function packageRow(db: Db, id: string) {
  const row = await db.selectFrom('package').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new PatchbayError('not-found', `No package with ID ${id}`, 'id')
  return row
}

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

/** The handlers of the content channels. */
export function contentHandlers(ctx: SiteContext, tasks: TaskRegistry): Pick<Handlers, ContentChannel> {
  const verifyPackage = async (id: string): Promise<PackageVerifyDto> => {
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
  }

  const buildFromPackage = async (input: ChannelParsed<'bundles:build'>): Promise<TaskDto> => {
    const id = input.packageId!
    const pkg = await packageRow(ctx.db, id)
    const files = await packageFiles(ctx.db, id)
    if (files.length === 0)
      throw new PatchbayError('invalid-input', `Package ${id} has no recorded files`, 'packageId')
    const problems = await verifyFolder(pkg.source_path, files)
    if (problems.length)
      throw new PatchbayError(
        'invalid-input',
        `Package ${id} does not verify; fix it before bundling:\n${problems.map((p) => `${p.path}: ${p.problem}`).join('\n')}`,
        'packageId',
      )
    const signingKey = await loadPrivateKey(input.signingKey).catch((err: Error) => {
      throw new PatchbayError('invalid-input', `Signing key: ${err.message}`, 'signingKey')
    })
    const programs = await ctx.db.selectFrom('program').selectAll().where('package_id', '=', id).execute()
    const updateIds = await packageUpdateIds(ctx.db, id)
    const known = await siteCatalogView(ctx.db).updates(updateIds)
    const total = files.reduce((n, f) => n + f.size, 0)
    const item = basename(input.out)
    return tasks.start(
      'bundle-build',
      `Build bundle ${item}`,
      [{ name: item, bytesTotal: total }],
      async (task) => {
        task.item(item, { state: 'running' })
        const r = await buildBundle({
          out: input.out,
          manifest: {
            createdBy: `patchbay site ${ctx.siteCode}`,
            package: {
              name: input.packageName ?? pkg.name,
              version: pkg.version,
              manufacturer: pkg.manufacturer,
              language: pkg.language,
              comment: pkg.comment,
            },
            programs: programs.map((p) => ({
              name: p.name,
              commandLine: p.command_line,
              comment: p.comment,
              runWindow: p.run_window as 'hidden',
              runMode: p.run_mode as 'administrative',
              afterRunning: p.after_running as 'no-action',
              platform: p.platform as 'any',
              maxRunMinutes: Number(p.max_run_minutes),
            })),
            updates: updateIds.map((u) =>
              known.has(u)
                ? bundleUpdateOf(known.get(u)!)
                : { id: u, title: u, classification: '', vendor: '' },
            ),
          },
          files: files.map((f) => ({
            path: f.path,
            source: join(pkg.source_path, ...f.path.split('/')),
            ...(f.updateId && updateIds.includes(f.updateId) ? { updateId: f.updateId } : {}),
          })),
          signingKey,
          onProgress: (done) => task.item(item, { bytesDone: done }),
        })
        task.item(item, { state: 'done', bytesDone: r.payloadBytes })
        return r.out
      },
    )
  }

  return {
    'packages:files': async (input) => {
      await packageRow(ctx.db, input.id)
      return packageFiles(ctx.db, input.id)
    },
    'packages:verify': (input) => verifyPackage(input.id),
    'packages:download': async (input) => {
      const pkg = await packageRow(ctx.db, input.id)
      if (!pkg.source_path)
        throw new PatchbayError(
          'invalid-input',
          `Package ${input.id} has no source folder; set one first`,
          'id',
        )
      return tasks.start('content-download', `Download content of ${pkg.name}`, [], (task) =>
        downloadPackageContent(ctx, input.id, task),
      )
    },
    'keys:create': async (input) => {
      try {
        return await createSigningKeyPair(input.dir, { force: input.force })
      } catch (err) {
        throw new PatchbayError('conflict', (err as Error).message, 'dir')
      }
    },
    'bundles:build': async (input) => {
      if (input.packageId !== undefined) return buildFromPackage(input)
      const catalog: CatalogView = input.catalogSnapshot
        ? snapshotCatalogView(
            await readCatalogSnapshot(input.catalogSnapshot).catch((err: Error) => {
              throw new PatchbayError('invalid-input', err.message, 'catalogSnapshot')
            }),
          )
        : siteCatalogView(ctx.db)
      await loadPrivateKey(input.signingKey).catch((err: Error) => {
        throw new PatchbayError('invalid-input', `Signing key: ${err.message}`, 'signingKey')
      })
      const { files } = await resolveBuildUpdates(catalog, input)
      const bundleItem = basename(input.out)
      const items = files.map((f) => ({ name: contentFileName(f.name), bytesTotal: f.size }))
      const payload = files.reduce((n, f) => n + f.size, 0)
      return tasks.start(
        'bundle-build',
        `Build bundle ${bundleItem}`,
        [...items, { name: bundleItem, bytesTotal: payload }],
        async (task) => {
          const r = await buildUpdatesBundle({
            catalog,
            updateIds: input.updateIds,
            listName: input.listName,
            out: input.out,
            signingKey: input.signingKey,
            packageName: input.packageName,
            workDir: input.workDir,
            createdBy: `patchbay site ${ctx.siteCode}`,
            signal: task.signal,
            onFile: (p) =>
              task.item(p.file ?? contentFileName(p.name), {
                state: p.state,
                bytesDone: p.bytesDone,
                bytesTotal: p.bytesTotal,
                error: p.error,
              }),
            onBuild: (done) => task.item(bundleItem, { state: 'running', bytesDone: done }),
          })
          task.item(bundleItem, { state: 'done', bytesDone: r.bytes })
          return r.out
        },
      )
    },
    'bundles:verify': (input) => checkBundle(input.file, input.trustedKeys),
    'bundles:import': async (input) => {
      await loadTrustedKeys(input.trustedKeys) // a bad key file is the caller's mistake, not a failed task
      const item = basename(input.file)
      return tasks.start('bundle-import', `Import bundle ${item}`, [{ name: item }], async (task) => {
        task.item(item, { state: 'running' })
        try {
          const id = await importBundle(ctx, {
            file: input.file,
            trustedKeys: input.trustedKeys,
            sourceRoot: input.sourceRoot,
            onProgress: (done, total) => task.item(item, { bytesDone: done, bytesTotal: total }),
          })
          task.item(item, { state: 'done' })
          return id
        } catch (err) {
          task.item(item, { state: 'failed', error: (err as Error).message })
          throw err
        }
      })
    },
    'catalog:export-snapshot': (input) => exportCatalogSnapshot(ctx.db, input.out, ctx.siteCode),
    'catalog:read-snapshot': async (input) => {
      const s = await readCatalogSnapshot(input.file).catch((err: Error) => {
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
    },
  }
}
