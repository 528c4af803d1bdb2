import { isAbsolute, join, resolve } from 'node:path'
import { Command, Option } from 'commander'
import { sendingPriorities } from '../../shared/dto/package'
import { PRIVATE_KEY_FILE } from '../clients/bundle'
import { contentFileName } from '../clients/content'
import { buildUpdatesBundle } from '../core/bundles/build'
import { readCatalogSnapshot, snapshotCatalogView } from '../core/catalog/snapshot'
import { userDataDir } from '../core/runtime/user-data-dir'
import { bytes, failTask, progressLine, runTask } from './bundle'
import { output, UsageError, withTransport } from './context'
import { formatTable } from './format'
import { addPackageEditCommands } from './package-edit'

type BuildOptions = {
  offline?: boolean
  updates?: string
  list?: string
  out: string
  catalog?: string
  signingKey?: string
  name?: string
  workDir?: string
}

/** The default signing key: <data folder>/keys/patchbay-signing.key (`patchbay keys create --out` that folder). */
export function defaultSigningKey(): string {
  return join(userDataDir(), 'keys', PRIVATE_KEY_FILE)
}

/** `patchbay package build`: a signed bundle from updates or an update list, offline from a snapshot or at the site. */
function buildCommand(): Command {
  return new Command('build')
    .description('build one signed bundle file from updates (downloaded and verified against the catalog)')
    .option('--offline', 'no site: use a catalog snapshot (`patchbay catalog export`)')
    .option('--updates <ids>', 'comma-separated update IDs')
    .option('--list <name>', 'an update list')
    .requiredOption('--out <file>', 'bundle file to write')
    .option('--catalog <snapshot>', 'catalog snapshot (required with --offline)')
    .option('--signing-key <key>', `private signing key (default ${defaultSigningKey()})`)
    .option('--name <name>', 'package name in the bundle')
    .option(
      '--work-dir <dir>',
      'download folder, kept so that a rerun resumes (default <out>.content, removed on success)',
    )
    .action(async (opts: BuildOptions, cmd: Command) => {
      if ((opts.updates === undefined) === (opts.list === undefined))
        throw new UsageError('give either --updates ID,… or --list NAME')
      if (opts.offline && !opts.catalog)
        throw new UsageError('--offline needs --catalog SNAPSHOT (export one with `patchbay catalog export`)')
      const updateIds = opts.updates
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      const out = sourcePath(opts.out)
      const signingKey = sourcePath(opts.signingKey ?? defaultSigningKey())
      const catalogSnapshot = opts.catalog === undefined ? undefined : sourcePath(opts.catalog)
      const workDir = opts.workDir === undefined ? undefined : sourcePath(opts.workDir)
      if (opts.offline) {
        const catalog = snapshotCatalogView(await readCatalogSnapshot(catalogSnapshot!))
        const line = progressLine()
        const files = new Map<string, { done: number; total: number }>()
        const r = await buildUpdatesBundle({
          catalog,
          updateIds,
          listName: opts.list,
          out,
          signingKey,
          packageName: opts.name,
          workDir,
          createdBy: 'patchbay (offline)',
          onFile: (p) => {
            files.set(p.file ?? contentFileName(p.name), { done: p.bytesDone, total: p.bytesTotal })
            const all = [...files.values()]
            line.update(
              `Downloading: ${bytes(all.reduce((n, f) => n + f.done, 0))} of ${bytes(all.reduce((n, f) => n + f.total, 0))}`,
            )
          },
          onBuild: (done, total) => line.update(`Building: ${bytes(done)} of ${bytes(total)}`),
        }).finally(() => line.end())
        output(
          cmd,
          r,
          () =>
            `Built ${r.out}: ${r.updates} updates, ${r.files} files (${bytes(r.bytes)}), signed by ${r.fingerprint}.`,
        )
        return
      }
      const task = await withTransport(cmd, (t) =>
        runTask(t, () =>
          t.invoke('bundles:build', {
            updateIds,
            listName: opts.list,
            out,
            signingKey,
            catalogSnapshot,
            packageName: opts.name,
            workDir,
          }),
        ),
      )
      if (task.state !== 'succeeded') failTask(task)
      output(
        cmd,
        { out: task.result, files: task.total - 1, bytes: task.bytesTotal },
        () => `Built ${task.result}.`,
      )
    })
}

type CreateOptions = {
  name: string
  version?: string
  manufacturer?: string
  language?: string
  comment?: string
  source?: string
  priority?: (typeof sendingPriorities)[number]
}

/** A source folder as the site stores it: Windows and UNC paths as given, local relative paths made absolute. */
export function sourcePath(value: string, cwd = process.cwd()): string {
  const v = value.trim()
  if (v === '' || isAbsolute(v) || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\\\')) return v
  return resolve(cwd, v)
}

/** `patchbay package create|list|set|delete|build`. */
export function packageCommand(): Command {
  const pkg = new Command('package').description(
    'create, list, change and delete software distribution packages',
  )

  pkg
    .command('create')
    .description('create a package (add programs with `patchbay program add`)')
    .requiredOption('--name <name>', 'package name')
    .option('--version <version>', 'package version')
    .option('--manufacturer <name>', 'manufacturer')
    .option('--language <language>', 'language')
    .option('--comment <text>', 'comment')
    .option('--source <path>', 'source folder holding the package files')
    .addOption(
      new Option('--priority <priority>', 'sending priority (default medium)').choices(sendingPriorities),
    )
    .action(async (opts: CreateOptions, cmd: Command) => {
      const created = await withTransport(cmd, (t) =>
        t.invoke('packages:create', {
          name: opts.name,
          version: opts.version,
          manufacturer: opts.manufacturer,
          language: opts.language,
          comment: opts.comment,
          sourcePath: opts.source === undefined ? undefined : sourcePath(opts.source),
          sendingPriority: opts.priority,
        }),
      )
      output(cmd, created, () => `Created package ${created.id} "${created.name}".`)
    })

  pkg
    .command('list')
    .description('list packages with their programs')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('packages:list', {}))
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'ID', value: (p) => p.id },
          { header: 'Name', value: (p) => p.name },
          { header: 'Version', value: (p) => p.version },
          { header: 'Manufacturer', value: (p) => p.manufacturer },
          { header: 'Language', value: (p) => p.language },
          { header: 'Priority', value: (p) => p.sendingPriority },
          { header: 'Programs', value: (p) => p.programs.map((g) => g.name).join(', ') },
        ]),
      )
    })

  addPackageEditCommands(pkg)
  pkg.addCommand(buildCommand())

  return pkg
}
