import { Command } from 'commander'
import { withTransport } from './context'
import { formatHostTable, jobSummary, reportJob, runJobToEnd } from './job-progress'
import { addTargetOptions, checkTargetOptions, resolveTargets, type TargetOptions } from './targets'

type ScanOptions = TargetOptions & { force?: boolean }

const scanHelp = `
Progress is shown on stderr while the scan runs (when stderr is a terminal); then one line per client.
Exit code 0 when every client succeeded or was skipped (scanned within the scan TTL; use --force);
otherwise 1, after one "patchbay: CLIENT (ADDRESS:PORT): why" line per failed client on stderr.

Examples:
  patchbay scan --client web-01,web-02 --force
  patchbay scan --collection "Lab fleet" --trust-new-host-key --json
`

/** `patchbay scan`: scan clients for updates as a job. */
export function scanCommand(): Command {
  return addTargetOptions(
    new Command('scan').description('scan clients for applicable updates (a job with live progress)'),
  )
    .option('--force', 'scan even clients scanned within the scan TTL (24 h)')
    .addHelpText('after', scanHelp)
    .action(async (opts: ScanOptions, cmd: Command) => {
      checkTargetOptions(opts)
      const result = await withTransport(cmd, async (t) => {
        const targets = await resolveTargets(t, opts)
        return runJobToEnd(t, () =>
          t.invoke('clients:scan', {
            targets,
            force: opts.force === true,
            trustNewHostKeys: opts.trustNewHostKey === true,
          }),
        )
      })
      reportJob(cmd, result, (job) => `${formatHostTable(job)}\n${jobSummary(job)}`)
    })
}
