import { Command, Option } from 'commander'
import { sendingPriorities } from '../../shared/dto/package'
import { bytes } from './bundle'
import { output, UsageError, withTransport } from './context'
import { formatTable } from './format'
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

/** Adds `package set|delete|files|verify` to the package command. */
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

  pkg
    .command('files')
    .description("the package's content: every file of its source folder with its size and SHA-256")
    .argument('<package>', 'package ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, async (t) =>
        t.invoke('packages:files', { id: (await resolvePackage(t, ref)).id }),
      )
      output(cmd, rows, () =>
        rows.length === 0
          ? 'The package has no files.'
          : formatTable(rows, [
              { header: 'Path', value: (f) => f.path },
              { header: 'Size', value: (f) => bytes(f.size), right: true },
              { header: 'SHA-256', value: (f) => f.sha256 },
              { header: 'Update', value: (f) => f.updateId },
            ]),
      )
    })

  pkg
    .command('verify')
    .description(
      'check the source folder against the recorded files: missing, changed or extra (exit 1 then)',
    )
    .argument('<package>', 'package ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const { id, verdict } = await withTransport(cmd, async (t) => {
        const target = await resolvePackage(t, ref)
        return { id: target.id, verdict: await t.invoke('packages:verify', { id: target.id }) }
      })
      output(cmd, verdict, () =>
        verdict.ok
          ? `Package ${id}: every file is present and unchanged.`
          : formatTable(verdict.problems, [
              { header: 'Path', value: (p) => p.path },
              { header: 'Problem', value: (p) => p.problem },
            ]),
      )
      if (!verdict.ok) process.exitCode = 1
    })
}
