import { Command } from 'commander'
import type { ComplianceSummaryDto } from '../../shared/dto/approvals'
import type { JobDto } from '../../shared/dto/job'
import { globalOptions, withTransport } from './context'
import { failureMessage, formatHostTable, hostFailed, jobSummary, runJobToEnd } from './job-progress'
import { complianceSummaryText } from './recommendations'
import { resolveCollection } from './resolve'

/** What `scan-and-check --json` prints: the scan job and the compliance check that followed it. */
export interface ScanAndCheckResult {
  scan: JobDto
  check: ComplianceSummaryDto
}

type Options = { collection: string; force: boolean; trustNewHostKey?: boolean }

/** `patchbay scan-and-check`: the console's Run Scan and Check — a forced scan of a collection, then its compliance check. */
export function scanAndCheckCommand(): Command {
  return new Command('scan-and-check')
    .description(
      "scan a collection's clients (forced), then check their compliance with the approved updates",
    )
    .requiredOption('--collection <id|name>', 'collection ID or name')
    .option('--no-force', 'skip clients scanned within the scan TTL (24 h)')
    .option(
      '--trust-new-host-key',
      "trust a client's host key the first time it is seen (keys that changed are always refused)",
    )
    .addHelpText(
      'after',
      `
The check runs on every client's newest scan even when some scans failed; those clients are named
under "Run patch discovery scan again" when they were never scanned. Exit code 1 when any scan failed.

Example:
  patchbay scan-and-check --collection "Web servers" --json`,
    )
    .action(async (opts: Options, cmd: Command) => {
      const { result, ports } = await withTransport(cmd, async (t) => {
        const collection = await resolveCollection(t, opts.collection)
        const { job, ports } = await runJobToEnd(t, () =>
          t.invoke('clients:scan', {
            targets: { collectionId: collection.id, resourceIds: [] },
            force: opts.force,
            trustNewHostKeys: opts.trustNewHostKey === true,
          }),
        )
        const check = await t.invoke('compliance:check', { collectionId: collection.id })
        return { result: { scan: job, check } satisfies ScanAndCheckResult, ports }
      })
      const { scan, check } = result
      if (globalOptions(cmd).json) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
      else
        process.stdout.write(
          `${formatHostTable(scan)}\n${jobSummary(scan)}\n\n${complianceSummaryText(check)}\n`,
        )
      const failed = scan.hosts.filter(hostFailed)
      for (const host of failed) process.stderr.write(`patchbay: ${failureMessage(host, ports)}\n`)
      if (failed.length > 0 || scan.state === 'cancelled') process.exitCode = 1
    })
}
