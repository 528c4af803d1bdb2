import { Command, Option } from 'commander'
import { sendingPriorities } from '../../shared/dto/package'
import { output, UsageError, withTransport } from './context'
import { sourcePath } from './package'
import { resolvePackage } from './resolve'

type SetOptions = {
  name?: string
  version?: string
  manufacturer?: string
  language?: string
  comment?: string
  source?: string
  priority?: (typeof sendingPriorities)[number]
}

/** Adds `package set` and `package delete` to the package command. */
export function addPackageEditCommands(pkg: Command): void {
  pkg
    .command('set')
    .description("change a package's properties (only the ones given)")
    .argument('<package>', 'package ID or name')
    .option('--name <name>', 'new name')
    .option('--version <version>', 'version')
    .option('--manufacturer <name>', 'manufacturer')
    .option('--language <language>', 'language')
    .option('--comment <text>', 'comment')
    .option('--source <path>', 'source folder holding the package files ("" for none)')
    .addOption(new Option('--priority <priority>', 'sending priority').choices(sendingPriorities))
    .action(async (ref: string, opts: SetOptions, cmd: Command) => {
      const fields = {
        ...(opts.name !== undefined && { name: opts.name }),
        ...(opts.version !== undefined && { version: opts.version }),
        ...(opts.manufacturer !== undefined && { manufacturer: opts.manufacturer }),
        ...(opts.language !== undefined && { language: opts.language }),
        ...(opts.comment !== undefined && { comment: opts.comment }),
        ...(opts.source !== undefined && { sourcePath: sourcePath(opts.source) }),
        ...(opts.priority !== undefined && { sendingPriority: opts.priority }),
      }
      if (Object.keys(fields).length === 0)
        throw new UsageError(
          'package set needs at least one of --name, --version, --manufacturer, --language, --comment, --source, --priority',
        )
      const updated = await withTransport(cmd, async (t) =>
        t.invoke('packages:update', { id: (await resolvePackage(t, ref)).id, ...fields }),
      )
      output(cmd, updated, () => `Updated package ${updated.id} "${updated.name}".`)
    })

  pkg
    .command('delete')
    .description('delete a package with its programs (refused while an advertisement uses it)')
    .argument('<package>', 'package ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const result = await withTransport(cmd, async (t) => {
        const target = await resolvePackage(t, ref)
        const { deleted } = await t.invoke('packages:delete', { id: target.id })
        return { id: target.id, name: target.name, deleted }
      })
      output(cmd, result, () => `Deleted package ${result.id} "${result.name}".`)
    })
}
