import { Command, Option } from 'commander'
import { recommendationStates, type ComplianceSummaryDto } from '../../shared/dto/approvals'
import { output, withTransport } from './context'
import { formatFields, formatTable, shortTime } from './format'
import { collect, parseInteger } from './parse'
import { resolveClients, resolveCollection } from './resolve'
import { shortUpdateId } from './updates'

type ListOpts = {
  collection?: string
  client?: string
  state?: (typeof recommendationStates)[number]
  byUpdate?: boolean
}

/** A compliance check's summary as aligned fields. */
export function complianceSummaryText(s: ComplianceSummaryDto): string {
  return formatFields([
    ['Collection', s.collectionId],
    ['Checked', shortTime(s.checkedAt)],
    ['Clients', `${s.clients} (${s.scannedClients} scanned, ${s.compliantClients} compliant)`],
    ['Approved updates', s.approvedUpdates],
    ['Approved automatically', s.autoApproved],
    ['New recommendations', s.created],
    ['Opened / Approved', `${s.opened} / ${s.approved}`],
    ['Implemented / Ignored / Closed', `${s.implemented} / ${s.ignored} / ${s.closed}`],
    ['Run patch discovery scan again', s.unscanned.join(', ')],
  ])
}

/** `patchbay recommendations`: compliance checks and their recommendations (Check, then View by Computer / View by Recommendation). */
export function recommendationsCommand(): Command {
  const recs = new Command('recommendations').description('compliance checks and recommendations')

  recs
    .command('check')
    .description("check a collection from its members' last scans: approved updates they miss")
    .requiredOption('--collection <ref>', 'collection ID or name')
    .option('--auto-approve <on|off>', 'enable or disable automatic approval first')
    .action(async (opts: { collection: string; autoApprove?: string }, cmd: Command) => {
      const s = await withTransport(cmd, async (t) => {
        const { id } = await resolveCollection(t, opts.collection)
        if (opts.autoApprove !== undefined)
          await t.invoke('approvals:settings-set', {
            collectionId: id,
            autoApprove: /^(on|yes|true|1)$/i.test(opts.autoApprove),
          })
        return t.invoke('compliance:check', { collectionId: id })
      })
      output(cmd, s, () => complianceSummaryText(s))
    })

  recs
    .command('settings')
    .description("a collection's compliance settings: automatic approval, last check")
    .requiredOption('--collection <ref>', 'collection ID or name')
    .action(async (opts: { collection: string }, cmd: Command) => {
      const s = await withTransport(cmd, async (t) =>
        t.invoke('approvals:settings-get', {
          collectionId: (await resolveCollection(t, opts.collection)).id,
        }),
      )
      output(cmd, s, () =>
        formatFields([
          ['Collection', s.collectionId],
          ['Automatic approval', s.autoApprove ? 'enabled' : 'disabled'],
          ['Last check', s.lastCheckAt ? shortTime(s.lastCheckAt) : 'never'],
        ]),
      )
    })

  recs
    .command('list')
    .description('list recommendations (View by Computer, or --by-update for View by Recommendation)')
    .option('--collection <ref>', 'collection ID or name')
    .option('--client <name>', 'one client')
    .addOption(new Option('--state <state>', 'only this state').choices(recommendationStates))
    .option('--by-update', 'one row per update with counts by state')
    .action(async (opts: ListOpts, cmd: Command) => {
      await withTransport(cmd, async (t) => {
        const query = {
          collectionId: opts.collection ? (await resolveCollection(t, opts.collection)).id : null,
          resourceId: opts.client ? (await resolveClients(t, [opts.client]))[0]!.id : null,
          state: opts.state ?? null,
        }
        if (opts.byUpdate) {
          const rows = await t.invoke('recommendations:by-update', query)
          output(cmd, rows, () =>
            rows.length
              ? formatTable(rows, [
                  { header: 'Collection', value: (g) => g.collectionId },
                  { header: 'ID', value: (g) => shortUpdateId(g.updateId) },
                  { header: 'Title', value: (g) => g.title },
                  { header: 'Computers', value: (g) => g.computers, right: true },
                  { header: 'Opened', value: (g) => g.opened, right: true },
                  { header: 'Approved', value: (g) => g.approved, right: true },
                  { header: 'Implemented', value: (g) => g.implemented, right: true },
                  { header: 'Ignored', value: (g) => g.ignored, right: true },
                  { header: 'Closed', value: (g) => g.closed, right: true },
                ])
              : 'No recommendations.',
          )
          return
        }
        const rows = await t.invoke('recommendations:list', query)
        output(cmd, rows, () =>
          rows.length
            ? formatTable(rows, [
                { header: 'ID', value: (r) => r.id },
                { header: 'Computer', value: (r) => r.computer },
                { header: 'Recommendation', value: (r) => r.recommendation },
                { header: 'Time', value: (r) => shortTime(r.createdAt) },
                { header: 'Status', value: (r) => r.state },
              ])
            : 'No recommendations.',
        )
      })
    })

  for (const [verb, state] of [
    ['approve', 'Approved'],
    ['ignore', 'Ignored'],
    ['open', 'Opened'],
    ['close', 'Closed'],
  ] as const)
    recs
      .command(verb)
      .description(`set recommendations to ${state}: by ID, or every one of --update in --collection`)
      .argument('[ids...]', 'recommendation IDs')
      .option('--collection <ref>', 'collection ID or name (with --update)')
      .option('--update <id>', 'update ID (repeatable)', collect)
      .action(async (ids: string[], opts: { collection?: string; update?: string[] }, cmd: Command) => {
        const res = await withTransport(cmd, async (t) =>
          t.invoke('recommendations:set-state', {
            ids: ids.map((i) => parseInteger('recommendation ID', i, 1, Number.MAX_SAFE_INTEGER)),
            collectionId: opts.collection ? (await resolveCollection(t, opts.collection)).id : null,
            updateIds: opts.update ?? [],
            state,
          }),
        )
        output(cmd, res, () => `${res.changed} recommendation(s) set to ${state}.`)
      })

  recs
    .command('remediate')
    .description(
      "Run (now) or Schedule (--at) one deployment of exactly the Approved recommendations chosen, to exactly their computers; --approved-updates takes the collection's Approved Updates rows instead",
    )
    .argument('[ids...]', 'recommendation IDs')
    .option('--collection <ref>', 'collection ID or name (with --update)')
    .option('--update <id>', 'update ID (repeatable)', collect)
    .option(
      '--approved-updates',
      "the collection's Approved Updates rows: every member that still requires them",
    )
    .option('--at <time>', 'schedule for this time (ISO 8601) instead of running now')
    .action(
      async (
        ids: string[],
        opts: { collection?: string; update?: string[]; approvedUpdates?: boolean; at?: string },
        cmd: Command,
      ) => {
        const res = await withTransport(cmd, async (t) =>
          t.invoke('remediation:deploy', {
            from: opts.approvedUpdates ? 'approvals' : 'recommendations',
            ids: ids.map((i) => parseInteger('recommendation ID', i, 1, Number.MAX_SAFE_INTEGER)),
            collectionId: opts.collection ? (await resolveCollection(t, opts.collection)).id : null,
            updateIds: opts.update ?? [],
            at: opts.at ?? null,
          }),
        )
        output(cmd, res, () =>
          [
            `Deployment ${res.deploymentId}: ${res.updateIds.length} update(s) to ${res.resourceIds.length} computer(s), ${opts.at ? `scheduled for ${res.availableAt}` : 'running now'}.`,
            res.skipped ? `${res.skipped} chosen recommendation(s) were not Approved and were left out.` : '',
            `Follow it with: patchbay deploy status ${res.deploymentId}`,
          ]
            .filter(Boolean)
            .join('\n'),
        )
      },
    )

  return recs
}
