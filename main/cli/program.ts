import { Command, Option } from 'commander'
import { afterRunningActions, programPlatforms, runModes } from '../../shared/dto/package'
import { output, withTransport } from './context'
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

/** `patchbay program add`. */
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

  return program
}
