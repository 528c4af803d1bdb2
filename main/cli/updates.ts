import { Command, Option } from 'commander'
import { applicabilityStates, type UpdateDto } from '../../shared/dto/update'
import { output, withTransport } from './context'
import { formatTable, type Column } from './format'
import { resolveClients } from './resolve'

type ListOptions = { client?: string; state?: (typeof applicabilityStates)[number] }

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
    .action(async (opts: ListOptions, cmd: Command) => {
      const rows = await withTransport(cmd, async (t) => {
        const resourceId = opts.client === undefined ? null : (await resolveClients(t, [opts.client]))[0]!.id
        return t.invoke('updates:list', { resourceId, state: opts.state ?? null })
      })
      output(cmd, rows, () =>
        rows.length === 0
          ? 'No updates.'
          : formatTable(rows, [...leading, ...(opts.client === undefined ? countColumns : clientColumns)]),
      )
    })

  return updates
}
