import { Command, CommanderError, Option } from 'commander'
import { z } from 'zod'
import { describeZodError, PatchbayError } from '../../shared/errors'
import { advertisementCommand } from './advertisement'
import { clientCommand } from './client'
import { collectionCommand } from './collection'
import { consoleCommand } from './console'
import { distributionCommand } from './distribution'
import { UsageError } from './context'
import { execCommand } from './exec'
import { rebootCommand } from './reboot'
import { hostkeysCommand } from './hostkeys'
import { inventoryCommand } from './inventory'
import { jobCommand } from './job'
import { labCommand } from './lab'
import { packageCommand } from './package'
import { keysCommand } from './keys'
import { bundleCommand } from './bundle'
import { programCommand } from './program'
import { scanCommand } from './scan'
import { scanAndCheckCommand } from './scan-and-check'
import { statusCommand } from './status'
import { secretCommand } from './secret'
import { siteCommand } from './site'
import { updatesCommand } from './updates'
import { catalogCommand } from './catalog'
import { updatelistCommand } from './updatelist'
import { recommendationsCommand } from './recommendations'
import { templateCommand } from './template'
import { searchfolderCommand } from './searchfolder'
import { deployCommand, stateCommand } from './deploy'
import { reportCommand } from './report'
import { windowCommand } from './window'
import { wizardCommand } from './wizard'

/** Exit code of a failed command (site or input refused by the services, I/O, …). */
export const EXIT_FAILURE = 1

/** Exit code of a command line that could not be understood (unknown option, bad flag value). */
export const EXIT_USAGE = 2

/** Collapses a message to one line for stderr. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim()
}

/** Builds the `patchbay` command tree; output goes through `write*` so tests can capture it. */
export function buildCli(io: { writeErr?: (s: string) => void } = {}): Command {
  const writeErr = io.writeErr ?? ((s: string) => process.stderr.write(s))
  const program = new Command('patchbay')
    .description('Patchbay: agentless patch management for Windows and Linux fleets — scriptable console')
    .addOption(
      new Option(
        '--site <path|url>',
        'site database: SQLite file or postgres:// URL (default: your data folder)',
      ).env('PATCHBAY_SITE'),
    )
    .option('--json', 'machine output: one JSON value on stdout')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeErr,
      outputError: (str, write) => write(`patchbay: ${oneLine(str.replace(/^error:\s*/i, ''))}\n`),
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
The global options work before or after the command, e.g. \`patchbay collection list --json\`.
Exit codes: 0 done, 1 the command failed (message on stderr), 2 the command line is wrong.`,
    )

  for (const sub of [
    siteCommand(),
    collectionCommand(),
    clientCommand(),
    scanCommand(),
    scanAndCheckCommand(),
    updatesCommand(),
    catalogCommand(),
    updatelistCommand(),
    recommendationsCommand(),
    templateCommand(),
    searchfolderCommand(),
    inventoryCommand(),
    execCommand(),
    rebootCommand(),
    hostkeysCommand(),
    secretCommand(),
    jobCommand(),
    labCommand(),
    packageCommand(),
    keysCommand(),
    bundleCommand(),
    programCommand(),
    advertisementCommand(),
    consoleCommand(),
    distributionCommand(),
    wizardCommand(),
    deployCommand(),
    stateCommand(),
    statusCommand(),
    reportCommand(),
    windowCommand(),
  ])
    program.addCommand(sub)
  // Command groups are built on their own, so `addCommand` did not copy the root's output, help and
  // exit settings into them: copy them down the whole tree.
  inheritSettings(program)
  return program
}

/** Turns anything a command threw into an exit code, printing exactly one `patchbay: …` line (commander prints its own). */
export function reportError(err: unknown, writeErr: (s: string) => void): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0
    return EXIT_USAGE
  }
  const line = (message: string) => writeErr(`patchbay: ${oneLine(message)}\n`)
  if (err instanceof UsageError) {
    line(err.message)
    return EXIT_USAGE
  }
  if (err instanceof PatchbayError) {
    line(err.message)
    return EXIT_FAILURE
  }
  if (err instanceof z.ZodError) {
    line(describeZodError(err).message)
    return EXIT_FAILURE
  }
  const message = err instanceof Error ? err.message : String(err)
  line(message || 'unexpected error')
  if (process.env.PATCHBAY_DEBUG && err instanceof Error && err.stack) writeErr(err.stack + '\n')
  return EXIT_FAILURE
}

/** Runs the CLI on `argv` (as process.argv: node, script, args…) and answers the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const writeErr = (s: string) => process.stderr.write(s)
  try {
    const program = buildCli({ writeErr })
    await program.parseAsync([...argv], { from: 'node' })
    // A command may set an exit code without failing (the Electron console passes its own on).
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    return reportError(err, writeErr)
  }
}

function inheritSettings(cmd: Command): void {
  for (const sub of cmd.commands) {
    sub.copyInheritedSettings(cmd)
    inheritSettings(sub)
  }
}
