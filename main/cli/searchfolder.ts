import { Command, Option } from 'commander'
import { supersededModes, type UpdateCriteria } from '../../shared/dto/update-criteria'
import { output, UsageError, withTransport } from './context'
import { formatTable } from './format'
import { collect, parseInteger, splitList } from './parse'
import { requireByRef } from './resolve'
import { shortUpdateId } from './updates'

/** Criteria flags as commander hands them over. */
export interface CriteriaOptions {
  classification?: string[]
  product?: string[]
  severity?: string[]
  vendor?: string[]
  text?: string
  minAge?: number
  maxAge?: number
  superseded?: (typeof supersededModes)[number]
  minRequired?: number
}

/** Adds the update-criteria flags (rules, search folders) to a command. */
export function withCriteriaOptions(cmd: Command): Command {
  return cmd
    .option('--classification <list>', 'classifications, comma-separated', collect)
    .option('--product <list>', 'products (substring), comma-separated', collect)
    .option('--severity <list>', 'severities, comma-separated', collect)
    .option('--vendor <list>', 'vendors (debian, microsoft…), comma-separated', collect)
    .option('--text <text>', 'text in the title, package or KB')
    .option('--min-age <days>', 'released at least this many days ago', (v) =>
      parseInteger('--min-age', v, 0, 36500),
    )
    .option('--max-age <days>', 'released at most this many days ago', (v) =>
      parseInteger('--max-age', v, 0, 36500),
    )
    .addOption(
      new Option('--superseded <mode>', 'superseded updates (default exclude)').choices(supersededModes),
    )
}

/** The criteria the flags describe. */
export function criteriaOf(opts: CriteriaOptions): Partial<UpdateCriteria> {
  return {
    ...(opts.classification && { classifications: opts.classification.flatMap(splitList) }),
    ...(opts.product && { products: opts.product.flatMap(splitList) }),
    ...(opts.severity && { severities: opts.severity.flatMap(splitList) }),
    ...(opts.vendor && { vendors: opts.vendor.flatMap(splitList) }),
    ...(opts.text && { text: opts.text }),
    ...(opts.minAge !== undefined && { minAgeDays: opts.minAge }),
    ...(opts.maxAge !== undefined && { maxAgeDays: opts.maxAge }),
    ...(opts.superseded && { superseded: opts.superseded }),
    ...(opts.minRequired !== undefined && { minRequired: opts.minRequired }),
  }
}

/** `patchbay searchfolder`: saved searches over the Update Repository with live counts. */
export function searchfolderCommand(): Command {
  const folder = new Command('searchfolder').description('search folders: saved update searches')

  folder
    .command('list')
    .description('list search folders with their current counts')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('searchfolders:list', {}))
      output(cmd, rows, () =>
        rows.length
          ? formatTable(rows, [
              { header: 'ID', value: (f) => f.id },
              { header: 'Name', value: (f) => f.name },
              { header: 'Updates', value: (f) => f.count, right: true },
            ])
          : 'No search folders.',
      )
    })

  withCriteriaOptions(
    folder.command('create').description('save a search').argument('<name>', 'search folder name'),
  )
    .option('--min-required <n>', 'required by at least N clients', (v) =>
      parseInteger('--min-required', v, 0, 1e9),
    )
    .action(async (name: string, opts: CriteriaOptions, cmd: Command) => {
      const f = await withTransport(cmd, (t) =>
        t.invoke('searchfolders:create', { name, criteria: criteriaOf(opts) }),
      )
      output(cmd, f, () => `Created search folder ${f.name} (ID ${f.id}): ${f.count} update(s).`)
    })

  folder
    .command('show')
    .description("a search folder's updates")
    .argument('<ref>', 'ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, async (t) => {
        const f = requireByRef(await t.invoke('searchfolders:list', {}), ref, 'Search folder')
        return t.invoke('searchfolders:results', { id: f.id })
      })
      output(cmd, rows, () =>
        rows.length
          ? formatTable(rows, [
              { header: 'ID', value: (u) => shortUpdateId(u.id) },
              { header: 'Title/Package', value: (u) => u.package || u.title },
              { header: 'Classification', value: (u) => u.classification },
              { header: 'Required', value: (u) => u.required, right: true },
            ])
          : 'No updates match.',
      )
    })

  withCriteriaOptions(
    folder
      .command('set')
      .description('rename a search folder; any criteria flag replaces all of its criteria')
      .argument('<ref>', 'ID or name')
      .option('--name <name>', 'new name'),
  )
    .option('--min-required <n>', 'required by at least N clients', (v) =>
      parseInteger('--min-required', v, 0, 1e9),
    )
    .action(async (ref: string, opts: CriteriaOptions & { name?: string }, cmd: Command) => {
      const criteria = criteriaOf(opts)
      const replace = Object.keys(criteria).length > 0
      if (opts.name === undefined && !replace)
        throw new UsageError('searchfolder set needs --name or criteria flags (see --help)')
      const f = await withTransport(cmd, async (t) =>
        t.invoke('searchfolders:update', {
          id: requireByRef(await t.invoke('searchfolders:list', {}), ref, 'Search folder').id,
          ...(opts.name !== undefined && { name: opts.name }),
          ...(replace && { criteria }),
        }),
      )
      output(cmd, f, () => `Updated search folder ${f.name} (ID ${f.id}): ${f.count} update(s).`)
    })

  folder
    .command('delete')
    .argument('<ref>', 'ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const res = await withTransport(cmd, async (t) => {
        const f = requireByRef(await t.invoke('searchfolders:list', {}), ref, 'Search folder')
        return t.invoke('searchfolders:delete', { id: f.id })
      })
      output(cmd, res, () => `Deleted search folder ${ref}.`)
    })

  return folder
}
