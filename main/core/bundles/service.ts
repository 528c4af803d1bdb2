// Signed offline bundles as a service: signing keys, bundle build (from updates, an update list or a
// package, against the site's catalog or a snapshot), verify and import. Build and import run as tasks.
import { basename, join } from 'node:path'
import { buildBundle, createSigningKeyPair, loadPrivateKey } from '../../clients/bundle'
import { contentFileName, verifyFolder } from '../../clients/content'
import type { ChannelParsed } from '../../../shared/contract'
import type { TaskDto } from '../../../shared/dto/task'
import { PatchbayError } from '../../../shared/errors'
import {
  readCatalogSnapshot,
  siteCatalogView,
  snapshotCatalogView,
  type CatalogView,
} from '../catalog/snapshot'
import { packageFiles, packageRow, packageUpdateIds } from '../packages/content-rows'
import type { SiteContext } from '../runtime/site-context'
import type { TaskRegistry } from '../runtime/task-registry'
import { buildUpdatesBundle, bundleUpdateOf, resolveBuildUpdates } from './build'
import { checkBundle, importBundle, loadTrustedKeys } from './import'

type BuildInput = ChannelParsed<'bundles:build'>

/** Bundles over one site: keys, build, verify and import; long work runs in the task registry. */
export function createBundlesService(ctx: SiteContext, tasks: TaskRegistry) {
  const createdBy = `patchbay site ${ctx.siteCode}`

  /** A package that verifies, as one bundle with its programs and updates. */
  const buildFromPackage = async (input: BuildInput): Promise<TaskDto> => {
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
            createdBy,
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

  /** Updates (or an update list) of the site's catalog or a snapshot, downloaded and bundled. */
  const buildFromUpdates = async (input: BuildInput): Promise<TaskDto> => {
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
          createdBy,
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
  }

  return {
    /** Creates a signing key pair in a folder; an existing pair is a conflict unless forced. */
    async createKeys(input: ChannelParsed<'keys:create'>) {
      try {
        return await createSigningKeyPair(input.dir, { force: input.force })
      } catch (err) {
        throw new PatchbayError('conflict', (err as Error).message, 'dir')
      }
    },

    /** Builds a signed bundle as a task: from a package, or from updates or an update list. */
    build: (input: BuildInput): Promise<TaskDto> =>
      input.packageId !== undefined ? buildFromPackage(input) : buildFromUpdates(input),

    /** Checks a bundle against trusted keys (when given), naming every problem. */
    verify: (input: ChannelParsed<'bundles:verify'>) => checkBundle(input.file, input.trustedKeys),

    /** Imports a bundle that verifies against a trusted key as a new package, as a task. */
    async import(input: ChannelParsed<'bundles:import'>): Promise<TaskDto> {
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
  }
}

/** The bundles service's type. */
export type BundlesService = ReturnType<typeof createBundlesService>
