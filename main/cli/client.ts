import { Command } from 'commander'
import { addClientAddCommand } from './client-add'
import { addClientImportCommand } from './client-import'
import { addClientSetCommands } from './client-set'
import { output, withTransport } from './context'
import { resourceColumns } from './collection'
import { formatTable, plural } from './format'
import { clientList } from './parse'
import { resolveClients } from './resolve'

/** `patchbay client add|import|list|set|roles|remove`. */
export function clientCommand(): Command {
  const client = new Command('client').description(
    'add, import, list, change and remove client machines (resources)',
  )

  addClientAddCommand(client)
  addClientImportCommand(client)
  addClientSetCommands(client)

  client
    .command('list')
    .description('list client machines')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('resources:list', {}))
      output(cmd, rows, () => formatTable(rows, resourceColumns))
    })

  client
    .command('remove')
    .alias('delete')
    .description('remove client machines from the site')
    .argument('<names>', 'client name(s), comma-separated')
    .action(async (names: string, _opts: object, cmd: Command) => {
      const result = await withTransport(cmd, async (t) => {
        const clients = await resolveClients(t, clientList('client remove', names))
        const { deleted } = await t.invoke('resources:delete', { ids: clients.map((c) => c.id) })
        return { deleted, names: clients.map((c) => c.name) }
      })
      output(cmd, result, () => `Removed ${plural(result.deleted, 'client')}: ${result.names.join(', ')}.`)
    })

  return client
}
