import { isAbsolute, resolve } from 'node:path'
import { Command, Option } from 'commander'
import { sendingPriorities } from '../../shared/dto/package'
import { output, withTransport } from './context'
import { formatTable } from './format'

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

/** `patchbay package create|list`. */
export function packageCommand(): Command {
  const pkg = new Command('package').description('create and list software distribution packages')

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

  return pkg
}
