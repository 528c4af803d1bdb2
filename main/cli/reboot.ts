import { Command, Option } from 'commander'
import type { JobDto } from '../../shared/dto/job'
import { withTransport } from './context'
import { reportJob, runJobToEnd } from './job-progress'
import { parseInteger } from './parse'
import { checkTargetOptions, resolveTargets, type TargetOptions } from './targets'

type RebootOptions = TargetOptions & { force?: boolean; timeout?: number }

const rebootHelp = `
Restarts each client with its platform's command (Linux: systemctl reboot, else shutdown -r now;
Windows: Restart-Computer -Force), waits until it answers again (bounded by --timeout) and rescans it,
so its "restart pending" clears. Without --force, clients that report no pending restart are skipped.
Host keys must already be trusted (connect first). Exit code 0 when every client restarted or was skipped.

Examples:
  patchbay reboot --client web-01
  patchbay reboot --collection "Web servers" --force --timeout 30
`

const hostOutput = (job: JobDto) => job.hosts.map((h) => `${h.name}: ${h.state}: ${h.message}\n`).join('')

/** `patchbay reboot`: restart clients, wait for them and rescan (a job). */
export function rebootCommand(): Command {
  return new Command('reboot')
    .description('restart clients, wait for them to come back and rescan (a job)')
    .addOption(new Option('--client <names>', 'client name(s) or ID(s), comma-separated'))
    .addOption(new Option('--collection <id|name>', 'every client in this collection'))
    .option('--force', 'restart clients even when they report no pending restart')
    .option('--timeout <minutes>', 'how long to wait for each client to answer again (default 15)', (v) =>
      parseInteger('--timeout', v, 1, 240),
    )
    .addHelpText('after', rebootHelp)
    .action(async (opts: RebootOptions, cmd: Command) => {
      checkTargetOptions(opts)
      const result = await withTransport(cmd, async (t) => {
        const targets = await resolveTargets(t, opts)
        return runJobToEnd(t, () =>
          t.invoke('clients:reboot', {
            targets,
            force: opts.force === true,
            ...(opts.timeout === undefined ? {} : { timeoutMinutes: opts.timeout }),
          }),
        )
      })
      reportJob(cmd, result, hostOutput)
    })
}
