import { Command, Option } from 'commander'
import { recurUnits, rerunBehaviours, type AdvertisementInput } from '../../shared/dto/advertisement'
import { PatchbayError } from '../../shared/errors'
import { addAdvertisementEditCommands } from './advertisement-edit'
import { output, UsageError, withTransport } from './context'
import { formatTable, shortTime } from './format'
import { collect, parseInteger, parseTime, timeParser } from './parse'
import { resolveCollection, resolvePackage } from './resolve'

type CreateOptions = {
  name: string
  comment?: string
  package: string
  program: string
  collection: string
  subCollections: boolean
  available?: string
  expires?: string
  mandatory?: string[]
  recurEvery?: string
  recurUnit?: (typeof recurUnits)[number]
  rerun?: (typeof rerunBehaviours)[number]
}

/** Builds the mandatory assignments from --mandatory times and the shared --recur-every/--recur-unit. */
export function assignmentsFrom(
  opts: Pick<CreateOptions, 'mandatory' | 'recurEvery' | 'recurUnit'>,
): NonNullable<AdvertisementInput['assignments']> {
  const hasEvery = opts.recurEvery !== undefined
  const hasUnit = opts.recurUnit !== undefined
  if (hasEvery !== hasUnit) throw new UsageError('--recur-every and --recur-unit go together')
  const times = opts.mandatory ?? []
  if (hasEvery && times.length === 0)
    throw new UsageError('--recur-every needs a --mandatory time to start from')
  const recurEvery = hasEvery ? parseInteger('--recur-every', opts.recurEvery ?? '', 1, 999) : null
  return times.map((at) => ({
    startAt: parseTime('--mandatory', at),
    recurEvery,
    recurUnit: opts.recurUnit ?? null,
  }))
}

/** `patchbay advertisement create|list|set|delete|run|status`. */
export function advertisementCommand(): Command {
  const ad = new Command('advertisement').description("offer a package's program to a collection")

  ad.command('create')
    .description('advertise a program to a collection (mandatory when --mandatory times are given)')
    .requiredOption('--name <name>', 'advertisement name')
    .option('--comment <text>', 'comment')
    .requiredOption('--package <id|name>', 'package ID or name')
    .requiredOption('--program <name>', 'program name within the package')
    .requiredOption('--collection <id|name>', 'target collection ID or name')
    .option('--no-sub-collections', 'do not include members of sub-collections')
    .option('--available <time>', 'available from (ISO 8601; default now)', timeParser('--available'))
    .option('--expires <time>', 'expires at (ISO 8601; default never)', timeParser('--expires'))
    .option('--mandatory <time>', 'mandatory assignment at this time (repeatable)', collect)
    .option('--recur-every <n>', 'repeat every mandatory assignment every N units (1–999)')
    .addOption(new Option('--recur-unit <unit>', 'unit of --recur-every').choices(recurUnits))
    .addOption(new Option('--rerun <behaviour>', 'rerun behaviour (default never)').choices(rerunBehaviours))
    .action(async (opts: CreateOptions, cmd: Command) => {
      const assignments = assignmentsFrom(opts)
      const created = await withTransport(cmd, async (t) => {
        const pkg = await resolvePackage(t, opts.package)
        const program = pkg.programs.find((p) => p.name.toLowerCase() === opts.program.trim().toLowerCase())
        if (!program) {
          const known = pkg.programs.map((p) => `"${p.name}"`).join(', ') || 'none'
          throw new PatchbayError(
            'not-found',
            `Package ${pkg.id} "${pkg.name}" has no program "${opts.program}" (programs: ${known})`,
          )
        }
        const collection = await resolveCollection(t, opts.collection)
        return t.invoke('advertisements:create', {
          name: opts.name,
          comment: opts.comment,
          packageId: pkg.id,
          programName: program.name,
          collectionId: collection.id,
          includeSubCollections: opts.subCollections,
          availableAt: opts.available ?? new Date().toISOString(),
          expiresAt: opts.expires ?? null,
          mandatory: assignments.length > 0,
          assignments,
          rerun: opts.rerun,
        })
      })
      output(cmd, created, () => `Created advertisement ${created.id} "${created.name}".`)
    })

  ad.command('list')
    .description('list advertisements')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('advertisements:list', {}))
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'ID', value: (a) => a.id },
          { header: 'Name', value: (a) => a.name },
          { header: 'Package', value: (a) => `${a.packageId} ${a.packageName}` },
          { header: 'Program', value: (a) => a.programName },
          { header: 'Collection', value: (a) => `${a.collectionId} ${a.collectionName}` },
          { header: 'Available', value: (a) => shortTime(a.availableAt) },
          { header: 'Expires', value: (a) => shortTime(a.expiresAt) },
          { header: 'Mandatory', value: (a) => a.mandatory },
          { header: 'Rerun', value: (a) => a.rerun },
        ]),
      )
    })

  ad.command('run <id>')
    .description('run (or resume) an advertisement on its collection’s clients')
    .option('--wait', 'run it in this process until it ends (otherwise a running console picks it up)')
    .action(async (id: string, opts: { wait?: boolean }, cmd: Command) => {
      const r = await withTransport(cmd, async (t) => {
        const started = await t.invoke('advertisements:run', { id, start: opts.wait === true })
        return opts.wait ? t.invoke('advertisements:wait', { id }) : started
      })
      output(cmd, r, () => `Advertisement ${r.advertisementId}: run ${r.jobId} ${r.state}.`)
      if (opts.wait && r.state !== 'succeeded') process.exitCode = 1
    })

  ad.command('status <id>')
    .description('Advertisement Status: received, running, succeeded and failed clients, and status messages')
    .action(async (id: string, _opts: object, cmd: Command) => {
      const s = await withTransport(cmd, (t) => t.invoke('advertisements:status', { id }))
      output(cmd, s, () => {
        const m = s.summary
        const head =
          `Advertisement ${s.advertisementId}: ${s.jobId === null ? 'not run yet' : `run ${s.jobId} ${s.jobState}`}` +
          `${s.nextRunAt ? `, next run ${s.nextRunAt}` : ''}\n` +
          `Targeted ${m.targeted}  Received ${m.received}  Running ${m.running}  Succeeded ${m.succeeded}  Failed ${m.failed}\n`
        const clients = formatTable(s.clients, [
          { header: 'Client', value: (c) => c.name },
          { header: 'State', value: (c) => c.state },
          { header: 'Updated', value: (c) => shortTime(c.updatedAt) },
          { header: 'Message', value: (c) => c.message },
        ])
        const messages = formatTable(s.messages.slice(0, 50), [
          { header: 'Time', value: (x) => shortTime(x.time) },
          { header: 'Severity', value: (x) => x.severity },
          { header: 'Message ID', value: (x) => x.messageId, right: true },
          { header: 'Description', value: (x) => x.text },
        ])
        return `${head}\n${clients}\n\n${messages}`
      })
    })

  addAdvertisementEditCommands(ad)

  return ad
}
