import { Command } from 'commander'
import { severities, type StatusMessageDto } from '../../shared/dto/site'
import { wildcardMatcher } from '../../shared/rules'
import { output, UsageError, withTransport } from './context'
import { formatTable, shortTime } from './format'
import { parseInteger, splitList } from './parse'
import { csvCell } from './report'

/** How many of the newest status messages the filters look through (the status channel's maximum). */
export const STATUS_SCAN_LIMIT = 10_000

/** Filters of `status messages`: wildcard patterns (case-insensitive) and the severities to keep. */
export interface StatusFilter {
  component?: string
  object?: string
  severity?: readonly (typeof severities)[number][]
}

/** Parses --severity "warning,error" into severities, or fails naming the unknown one. */
export function parseSeverities(flag: string, value: string): (typeof severities)[number][] {
  const list = splitList(value.toLowerCase())
  if (list.length === 0) throw new UsageError(`${flag} needs one of ${severities.join(', ')}`)
  for (const s of list)
    if (!(severities as readonly string[]).includes(s))
      throw new UsageError(`${flag}: unknown severity "${s}" (use ${severities.join(', ')})`)
  return list as (typeof severities)[number][]
}

/** The messages that pass every filter, newest first, at most `limit`. */
export function filterStatus(
  rows: readonly StatusMessageDto[],
  filter: StatusFilter,
  limit: number,
): StatusMessageDto[] {
  const component = filter.component === undefined ? undefined : wildcardMatcher(filter.component)
  const object = filter.object === undefined ? undefined : wildcardMatcher(filter.object)
  return rows
    .filter(
      (m) =>
        (component === undefined || component(m.component)) &&
        (object === undefined || object(m.objectId)) &&
        (filter.severity === undefined || filter.severity.includes(m.severity)),
    )
    .slice(0, limit)
}

/** Status messages as CSV: a header row, then one line per message. */
export function statusCsv(rows: readonly StatusMessageDto[]): string {
  const ids = ['id', 'time', 'severity', 'component', 'objectId', 'message'] as const
  return [ids.join(','), ...rows.map((m) => ids.map((c) => csvCell(m[c])).join(','))].join('\n') + '\n'
}

type Options = { component?: string; object?: string; severity?: string; limit: string; csv?: boolean }

/** `patchbay status messages`: System Status › Status Messages (what the site did and saw). */
export function statusCommand(): Command {
  const status = new Command('status').description('System Status: the status messages of the site')
  status
    .command('messages')
    .description('list status messages, newest first')
    .option('--component <pattern>', 'only this component (wildcards * and ?; case-insensitive)')
    .option('--object <pattern>', 'only this object ID, e.g. LAB00012 (wildcards allowed)')
    .option('--severity <list>', `only these severities, comma-separated: ${severities.join(', ')}`)
    .option('--limit <n>', 'at most N messages (1–10000)', '100')
    .option('--csv', 'comma-separated values with a header row')
    .addHelpText(
      'after',
      `
The filters look through the newest ${STATUS_SCAN_LIMIT} messages.

Examples:
  patchbay status messages --severity warning,error --limit 20
  patchbay status messages --object LAB00012 --csv > lab00012.csv`,
    )
    .action(async (opts: Options, cmd: Command) => {
      const limit = parseInteger('--limit', opts.limit, 1, STATUS_SCAN_LIMIT)
      const severity = opts.severity === undefined ? undefined : parseSeverities('--severity', opts.severity)
      const all = await withTransport(cmd, (t) => t.invoke('status:list', { limit: STATUS_SCAN_LIMIT }))
      const rows = filterStatus(all, { component: opts.component, object: opts.object, severity }, limit)
      if (opts.csv) {
        process.stdout.write(statusCsv(rows))
        return
      }
      output(cmd, rows, () =>
        rows.length === 0
          ? 'No status messages match.'
          : formatTable(rows, [
              { header: 'Time', value: (m) => shortTime(m.time) },
              { header: 'Severity', value: (m) => m.severity },
              { header: 'Component', value: (m) => m.component },
              { header: 'Object', value: (m) => m.objectId },
              { header: 'Message', value: (m) => m.message },
            ]),
      )
    })
  return status
}
