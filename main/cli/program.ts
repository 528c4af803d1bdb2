import { Command, Option } from 'commander'
import { afterRunningActions, runModes, runWindows } from '../../shared/dto/package'
import { output, withTransport } from './context'
import { resolvePackage } from './resolve'

type AddOptions = {
  package: string
  name: string
  command: string
  comment?: string
  runMode?: (typeof runModes)[number]
  run?: (typeof runWindows)[number]
  after?: (typeof afterRunningActions)[number]
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
    .addOption(new Option('--run <window>', 'window state (default hidden)').choices(runWindows))
    .addOption(
      new Option('--after <action>', 'after running (default no-action)').choices(afterRunningActions),
    )
    .action(async (opts: AddOptions, cmd: Command) => {
      const created = await withTransport(cmd, async (t) => {
        const pkg = await resolvePackage(t, opts.package)
        return t.invoke('programs:create', {
          packageId: pkg.id,
          name: opts.name,
          commandLine: opts.command,
          comment: opts.comment,
          runMode: opts.runMode,
          runWindow: opts.run,
          afterRunning: opts.after,
        })
      })
      output(cmd, created, () => `Added program "${created.name}" to package ${created.packageId}.`)
    })

  return program
}
