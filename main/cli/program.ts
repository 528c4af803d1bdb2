import { Command, Option } from 'commander'
import { afterRunningActions, programPlatforms, runModes } from '../../shared/dto/package'
import type { PackageDto, ProgramDto } from '../../shared/dto/package'
import { PatchbayError } from '../../shared/errors'
import { output, UsageError, withTransport } from './context'
import { parseInteger } from './parse'
import { resolvePackage } from './resolve'

type AddOptions = {
  package: string
  name: string
  command: string
  comment?: string
  runMode?: (typeof runModes)[number]
  after?: (typeof afterRunningActions)[number]
  platform?: (typeof programPlatforms)[number]
  maxRun?: string
  keepContent?: boolean
}

type SetOptions = Omit<Partial<AddOptions>, 'package'> & { package: string }

/** The program of `pkg` named `name` (case-insensitive), or an error listing the package's programs. */
export function requireProgram(pkg: PackageDto, name: string): ProgramDto {
  const program = pkg.programs.find((p) => p.name.toLowerCase() === name.trim().toLowerCase())
  if (program) return program
  const known = pkg.programs.map((p) => `"${p.name}"`).join(', ') || 'none'
  throw new PatchbayError(
    'not-found',
    `Package ${pkg.id} "${pkg.name}" has no program "${name}" (programs: ${known})`,
  )
}

/** `patchbay program add|set|delete`. */
export function programCommand(): Command {
  const program = new Command('program').description("manage a package's programs")

  program
    .command('add')
    .description('add a program (a command line to run) to a package')
    .requiredOption('--package <id|name>', 'package ID or name')
    .requiredOption('--name <name>', 'program name')
    .requiredOption('--command <cmdline>', 'command line to run on the client')
    .option('--comment <text>', 'comment')
    .addOption(
      new Option(
        '--run-mode <mode>',
        'run with user or administrative rights (default administrative)',
      ).choices(runModes),
    )
    .addOption(
      new Option('--after <action>', 'after running (default no-action)').choices(afterRunningActions),
    )
    .addOption(
      new Option('--platform <platform>', 'the clients it runs on (default any)').choices(programPlatforms),
    )
    .option('--max-run <minutes>', 'maximum run time; the client stops the program after it (default 120)')
    .option('--keep-content', "keep the package's files on the client after running (default: removed)")
    .action(async (opts: AddOptions, cmd: Command) => {
      const created = await withTransport(cmd, async (t) => {
        const pkg = await resolvePackage(t, opts.package)
        return t.invoke('programs:create', {
          packageId: pkg.id,
          name: opts.name,
          commandLine: opts.command,
          comment: opts.comment,
          runMode: opts.runMode,
          afterRunning: opts.after,
          platform: opts.platform,
          maxRunMinutes: opts.maxRun === undefined ? undefined : Number(opts.maxRun),
          keepContent: opts.keepContent,
        })
      })
      output(cmd, created, () => `Added program "${created.name}" to package ${created.packageId}.`)
    })

  program
    .command('set')
    .description("change a program's properties (only the ones given)")
    .argument('<program>', 'program name')
    .requiredOption('--package <id|name>', 'package ID or name')
    .option('--name <name>', 'new program name')
    .option('--command <cmdline>', 'command line to run on the client')
    .option('--comment <text>', 'comment')
    .addOption(new Option('--run-mode <mode>', 'run with user or administrative rights').choices(runModes))
    .addOption(new Option('--after <action>', 'after running').choices(afterRunningActions))
    .addOption(new Option('--platform <platform>', 'the clients it runs on').choices(programPlatforms))
    .option('--max-run <minutes>', 'maximum run time in minutes (1–1440)')
    .option('--keep-content', "keep the package's files on the client after running")
    .option('--no-keep-content', "remove the package's files from the client after running")
    .action(async (name: string, opts: SetOptions, cmd: Command) => {
      const fields = {
        ...(opts.name !== undefined && { name: opts.name }),
        ...(opts.command !== undefined && { commandLine: opts.command }),
        ...(opts.comment !== undefined && { comment: opts.comment }),
        ...(opts.runMode !== undefined && { runMode: opts.runMode }),
        ...(opts.after !== undefined && { afterRunning: opts.after }),
        ...(opts.platform !== undefined && { platform: opts.platform }),
        ...(opts.maxRun !== undefined && { maxRunMinutes: parseInteger('--max-run', opts.maxRun, 1, 1440) }),
        ...(opts.keepContent !== undefined && { keepContent: opts.keepContent }),
      }
      if (Object.keys(fields).length === 0)
        throw new UsageError(
          'program set needs at least one of --name, --command, --comment, --run-mode, --after, --platform, --max-run, --keep-content, --no-keep-content',
        )
      const updated = await withTransport(cmd, async (t) => {
        const pkg = await resolvePackage(t, opts.package)
        const current = requireProgram(pkg, name)
        return t.invoke('programs:update', { packageId: pkg.id, programName: current.name, ...fields })
      })
      output(cmd, updated, () => `Updated program "${updated.name}" of package ${updated.packageId}.`)
    })

  program
    .command('delete')
    .description('remove a program from its package (refused while an advertisement uses it)')
    .argument('<program>', 'program name')
    .requiredOption('--package <id|name>', 'package ID or name')
    .action(async (name: string, opts: { package: string }, cmd: Command) => {
      const result = await withTransport(cmd, async (t) => {
        const pkg = await resolvePackage(t, opts.package)
        const current = requireProgram(pkg, name)
        const { deleted } = await t.invoke('programs:delete', {
          packageId: pkg.id,
          programName: current.name,
        })
        return { packageId: pkg.id, name: current.name, deleted }
      })
      output(cmd, result, () => `Deleted program "${result.name}" of package ${result.packageId}.`)
    })

  return program
}
