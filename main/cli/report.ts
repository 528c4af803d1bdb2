/** `patchbay report NAME [--csv]`: the Reporting node's reports as a table, JSON or CSV. */
import { Command } from 'commander'
import { reportNames, type ReportName, type ReportResultDto } from '../../shared/dto/report'
import { UsageError, output, withTransport } from './context'
import { formatTable } from './format'
import { requireByRef, resolveCollection } from './resolve'

/** One CSV cell: quoted when it holds a comma, quote, CR or LF (quotes doubled). */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A report as CSV: a header row of column IDs, then one line per row. */
export function reportCsv(r: Pick<ReportResultDto, 'columns' | 'rows'>): string {
  const ids = r.columns.map((c) => c.id)
  return [ids.map(csvCell).join(','), ...r.rows.map((row) => ids.map((c) => csvCell(row[c])).join(','))]
    .join('\n')
    .concat('\n')
}

/** `patchbay report`. */
export function reportCommand(): Command {
  return new Command('report')
    .description(`reports: ${reportNames.join(' | ')}`)
    .argument('<name>', 'the report to run')
    .option('--csv', 'comma-separated values with a header row of column IDs')
    .option('--collection <name>', 'limit to one collection (by name or ID)')
    .option('--list <name>', 'one update list (by name or ID)')
    .option('--deployment <id>', 'one deployment (deployment-history)')
    .action(
      async (
        name: string,
        opts: { csv?: boolean; collection?: string; list?: string; deployment?: string },
        cmd: Command,
      ) => {
        if (!(reportNames as readonly string[]).includes(name))
          throw new UsageError(`unknown report "${name}": use one of ${reportNames.join(', ')}`)
        const r = await withTransport(cmd, async (t) => {
          const collectionId = opts.collection ? (await resolveCollection(t, opts.collection)).id : undefined
          const updateListId = opts.list
            ? requireByRef(await t.invoke('updatelists:list', {}), opts.list, 'update list').id
            : undefined
          return t.invoke('reports:run', {
            name: name as ReportName,
            collectionId,
            updateListId,
            deploymentId: opts.deployment,
          })
        })
        if (opts.csv) {
          process.stdout.write(reportCsv(r))
          return
        }
        output(
          cmd,
          r,
          () =>
            `${r.title}\n` +
            formatTable(
              r.rows,
              r.columns.map((c) => ({
                header: c.label,
                value: (row: (typeof r.rows)[number]) => row[c.id],
                right: c.numeric,
              })),
            ),
        )
      },
    )
}
