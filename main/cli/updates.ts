import { Command, Option } from 'commander'
import { applicabilityStates, type UpdateDto } from '../../shared/dto/update'
import { output, withTransport } from './context'
import { formatTable, shortTime, type Column } from './format'
import { resolveClients, resolveCollection } from './resolve'

type ListOptions = { client?: string; state?: (typeof applicabilityStates)[number]; source?: string }

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An update ID short enough for a table: a GUID's first block, otherwise at most 32 characters. */
export function shortUpdateId(id: string): string {
  if (guid.test(id)) return id.slice(0, 8)
  return id.length > 32 ? `${id.slice(0, 31)}…` : id
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

const leading: Column<UpdateDto>[] = [
  { header: 'ID', value: (u) => shortUpdateId(u.id) },
  { header: 'Title/Package', value: (u) => clip(u.package || u.title) },
  { header: 'Version', value: (u) => u.availableVersion || u.kb },
  { header: 'Classification', value: (u) => u.classification },
  { header: 'Source', value: (u) => (u.reportedByClients ? 'reported by clients' : u.source) },
  { header: 'Superseded', value: (u) => (u.supersededBy ? 'yes' : '') },
]

const countColumns: Column<UpdateDto>[] = [
  { header: 'Required', value: (u) => u.required, right: true },
  { header: 'Installed', value: (u) => u.installed, right: true },
  { header: 'Not Req.', value: (u) => u.notRequired, right: true },
  { header: 'Unknown', value: (u) => u.unknown, right: true },
]

const clientColumns: Column<UpdateDto>[] = [
  { header: 'State', value: (u) => u.state },
  { header: 'Installed Version', value: (u) => u.installedVersion },
]

/** `patchbay updates list`. */
export function updatesCommand(): Command {
  const updates = new Command('updates').description('the Update Repository: updates clients reported')

  updates
    .command('list')
    .description('list updates with Required/Installed/Not Required/Unknown counts, or one client’s states')
    .option('--client <name>', "one client's updates, with its state for each")
    .addOption(new Option('--state <state>', 'only updates in this state').choices(applicabilityStates))
    .option('--source <name>', 'only the updates one catalog source offers')
    .action(async (opts: ListOptions, cmd: Command) => {
      const rows = await withTransport(cmd, async (t) => {
        const resourceId = opts.client === undefined ? null : (await resolveClients(t, [opts.client]))[0]!.id
        return t.invoke('updates:list', {
          resourceId,
          state: opts.state ?? null,
          sourceName: opts.source ?? null,
        })
      })
      // JSON rows also carry `version` (the catalog version) next to availableVersion.
      const json = rows.map((u) => ({ ...u, version: u.availableVersion }))
      output(cmd, json, () =>
        rows.length === 0
          ? 'No updates.'
          : formatTable(rows, [...leading, ...(opts.client === undefined ? countColumns : clientColumns)]),
      )
    })

  for (const [verb, channel] of [
    ['approve', 'approvals:approve'],
    ['decline', 'approvals:decline'],
  ] as const)
    updates
      .command(verb)
      .description(`${verb} updates for a collection (compliance checks report only approved updates)`)
      .requiredOption('--collection <ref>', 'collection ID or name')
      .argument('<updateIds...>', 'update IDs')
      .action(async (updateIds: string[], opts: { collection: string }, cmd: Command) => {
        const res = await withTransport(cmd, async (t) => {
          const collection = await resolveCollection(t, opts.collection)
          return t.invoke(channel, { collectionId: collection.id, updateIds })
        })
        output(cmd, res, () => `${res.changed} update(s) ${verb}d for ${res.collectionId}.`)
      })

  updates
    .command('approvals')
    .description("list a collection's approved and declined updates")
    .option('--collection <ref>', 'collection ID or name (default every collection)')
    .action(async (opts: { collection?: string }, cmd: Command) => {
      const rows = await withTransport(cmd, async (t) => {
        const collectionId = opts.collection ? (await resolveCollection(t, opts.collection)).id : null
        return t.invoke('approvals:list', { collectionId })
      })
      output(cmd, rows, () =>
        rows.length
          ? formatTable(rows, [
              { header: 'Collection', value: (a) => a.collectionId },
              { header: 'ID', value: (a) => shortUpdateId(a.updateId) },
              { header: 'Title', value: (a) => clip(a.title) },
              { header: 'Action', value: (a) => a.action },
              { header: 'Decided', value: (a) => shortTime(a.decidedAt) },
            ])
          : 'No approvals.',
      )
    })

  return updates
}
