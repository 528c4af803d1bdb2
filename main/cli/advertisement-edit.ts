import { Command, Option } from 'commander'
import type { Transport } from '../../shared/contract'
import { recurUnits, rerunBehaviours, type AdvertisementDto } from '../../shared/dto/advertisement'
import { assignmentsFrom } from './advertisement'
import { output, UsageError, withTransport } from './context'
import { collect, parseTime, timeParser } from './parse'
import { requireProgram } from './program'
import { requireByRef, resolveCollection, resolvePackage } from './resolve'

/** Resolves an advertisement ID or name. */
export async function resolveAdvertisement(t: Transport, ref: string): Promise<AdvertisementDto> {
  return requireByRef(await t.invoke('advertisements:list', {}), ref, 'Advertisement')
}

type SetOptions = {
  name?: string
  comment?: string
  package?: string
  program?: string
  collection?: string
  subCollections?: boolean
  available?: string
  expires?: string
  mandatory?: string[] | false
  recurEvery?: string
  recurUnit?: (typeof recurUnits)[number]
  rerun?: (typeof rerunBehaviours)[number]
}

/** Adds `advertisement set` and `advertisement delete` to the advertisement command. */
export function addAdvertisementEditCommands(ad: Command): void {
  ad.command('set')
    .description("change an advertisement's properties (only the ones given)")
    .argument('<advertisement>', 'advertisement ID or name')
    .option('--name <name>', 'new name')
    .option('--comment <text>', 'comment')
    .option('--package <id|name>', 'another package (needs --program)')
    .option('--program <name>', 'program within the (new) package')
    .option('--collection <id|name>', 'target collection ID or name')
    .option('--sub-collections', 'include members of sub-collections')
    .option('--no-sub-collections', 'do not include members of sub-collections')
    .option('--available <time>', 'available from (ISO 8601)', timeParser('--available'))
    .option('--expires <time>', 'expires at (ISO 8601, or "never")')
    .option(
      '--mandatory <time>',
      'mandatory assignment at this time; replaces all assignments (repeatable)',
      collect,
    )
    .option('--no-mandatory', 'make the advertisement optional (removes every assignment)')
    .option('--recur-every <n>', 'repeat every --mandatory assignment every N units (1–999)')
    .addOption(new Option('--recur-unit <unit>', 'unit of --recur-every').choices(recurUnits))
    .addOption(new Option('--rerun <behaviour>', 'rerun behaviour').choices(rerunBehaviours))
    .action(async (ref: string, opts: SetOptions, cmd: Command) => {
      if (opts.package !== undefined && opts.program === undefined)
        throw new UsageError('--package needs --program (the program to run from that package)')
      const expires =
        opts.expires === undefined
          ? undefined
          : opts.expires.trim().toLowerCase() === 'never'
            ? null
            : parseTime('--expires', opts.expires)
      const assignments =
        opts.mandatory === false
          ? []
          : opts.mandatory === undefined
            ? undefined
            : assignmentsFrom({ ...opts, mandatory: opts.mandatory })
      if (assignments === undefined && (opts.recurEvery !== undefined || opts.recurUnit !== undefined))
        throw new UsageError('--recur-every and --recur-unit need --mandatory times')
      const updated = await withTransport(cmd, async (t) => {
        const current = await resolveAdvertisement(t, ref)
        const pkg = await resolvePackage(t, opts.package ?? current.packageId)
        const program = opts.program === undefined ? undefined : requireProgram(pkg, opts.program).name
        const collection =
          opts.collection === undefined ? undefined : (await resolveCollection(t, opts.collection)).id
        const fields = {
          ...(opts.name !== undefined && { name: opts.name }),
          ...(opts.comment !== undefined && { comment: opts.comment }),
          ...(opts.package !== undefined && { packageId: pkg.id }),
          ...(program !== undefined && { programName: program }),
          ...(collection !== undefined && { collectionId: collection }),
          ...(opts.subCollections !== undefined && { includeSubCollections: opts.subCollections }),
          ...(opts.available !== undefined && { availableAt: opts.available }),
          ...(expires !== undefined && { expiresAt: expires }),
          ...(assignments !== undefined && { assignments, mandatory: assignments.length > 0 }),
          ...(opts.rerun !== undefined && { rerun: opts.rerun }),
        }
        if (Object.keys(fields).length === 0)
          throw new UsageError('advertisement set needs at least one property to change (see --help)')
        return t.invoke('advertisements:update', { id: current.id, ...fields })
      })
      output(cmd, updated, () => `Updated advertisement ${updated.id} "${updated.name}".`)
    })

  ad.command('delete')
    .description('delete an advertisement with its runs and status')
    .argument('<advertisement>', 'advertisement ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const result = await withTransport(cmd, async (t) => {
        const target = await resolveAdvertisement(t, ref)
        const { deleted } = await t.invoke('advertisements:delete', { id: target.id })
        return { id: target.id, name: target.name, deleted }
      })
      output(cmd, result, () => `Deleted advertisement ${result.id} "${result.name}".`)
    })
}
