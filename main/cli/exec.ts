import { Command } from 'commander'
import { posixWord } from '../clients/quoting'
import type { JobDto } from '../../shared/dto/job'
import { UsageError, withTransport } from './context'
import { reportJob, runJobToEnd } from './job-progress'
import { parseInteger } from './parse'
import { addTargetOptions, checkTargetOptions, resolveTargets, type TargetOptions } from './targets'

type ExecOptions = TargetOptions & { timeout?: number }

/**
 * Quotes one argument for the remote shell: bare when plain; "…" when it only holds spaces or other characters
 * that sh and Windows cmd both take literally inside double quotes; else the POSIX rule.
 */
export function quoteArgument(arg: string): string {
  const word = posixWord(arg)
  if (word === arg || /["$`\\!%^&|<>()\n\r]/.test(arg)) return word
  return `"${arg}"`
}

/**
 * The command line to run: a single argument verbatim (a whole shell command line), several arguments
 * joined with spaces, each quoted when it holds spaces or shell characters.
 */
export function commandLine(args: readonly string[]): string {
  if (args.length === 1) return args[0]!
  return args.map(quoteArgument).join(' ')
}

function hostOutput(job: JobDto): string {
  return job.hosts
    .map((h) => {
      const status =
        h.exitCode !== null ? `exit ${h.exitCode}` : `${h.state}${h.errorKind ? `: ${h.errorKind}` : ''}`
      const body = [h.stdout, h.stderr]
        .filter((s) => s !== '')
        .map((s) => (s.endsWith('\n') ? s : s + '\n'))
        .join('')
      const note = h.exitCode === null && h.message ? `${h.message}\n` : ''
      return `== ${h.name} (${status})\n${body}${note}`
    })
    .join('')
}

const execHelp = `
Everything after "--" is the command. One argument is passed as it is (a whole shell command line);
several are joined with spaces, each quoted when it holds spaces or shell characters.
Output: a "== CLIENT (exit N)" header per client, then its stdout and stderr (--json: the job).
Exit code 0 when the command exited 0 everywhere; otherwise 1, naming each failed client on stderr.

Examples:
  patchbay exec --client web-01 -- uptime
  patchbay exec --collection "Web servers" --timeout 60 -- 'systemctl is-active nginx || exit 3'
  patchbay exec --client web-01 -- sh -c 'exit 3'
`

/** `patchbay exec`: run a command on clients as a job. */
export function execCommand(): Command {
  return addTargetOptions(new Command('exec').description('run a command on clients over SSH (a job)'))
    .option('--timeout <seconds>', 'stop the command after this many seconds (default 600)', (v) =>
      parseInteger('--timeout', v, 1, 86_400),
    )
    .argument('<command...>', 'the command, after --')
    .addHelpText('after', execHelp)
    .action(async (args: string[], opts: ExecOptions, cmd: Command) => {
      checkTargetOptions(opts)
      const command = commandLine(args)
      if (command.trim() === '') throw new UsageError('give the command after --, e.g. -- uptime')
      const result = await withTransport(cmd, async (t) => {
        const targets = await resolveTargets(t, opts)
        return runJobToEnd(t, () =>
          t.invoke('clients:exec', {
            targets,
            command,
            trustNewHostKeys: opts.trustNewHostKey === true,
            ...(opts.timeout === undefined ? {} : { timeoutSeconds: opts.timeout }),
          }),
        )
      })
      reportJob(cmd, result, hostOutput)
    })
}
