import { Command, Option } from 'commander'
import type { Transport } from '../../shared/contract'
import type { CollectionDto } from '../../shared/dto/collection'
import { platforms, type ResourceDto } from '../../shared/dto/resource'
import { isSmsId } from '../../shared/ids'
import { PatchbayError } from '../../shared/errors'
import { output, withTransport } from './context'
import { resourceColumns } from './collection'
import { formatTable, plural } from './format'
import { clientList, portParser } from './parse'
import { findByRef, resolveClients } from './resolve'

type ClientAdded = ResourceDto & {
  collectionId: string | null
  collectionName: string | null
  createdCollection: boolean
}

type AddOptions = { name?: string; port?: number; user?: string; platform?: string; collection?: string }

/** Finds the collection named by --collection, creating it (no rules, limited to All Systems) when absent. */
async function collectionForClient(t: Transport, ref: string): Promise<CollectionDto | string> {
  const existing = findByRef(await t.invoke('collections:list', {}), ref, 'Collection')
  if (existing) return existing
  if (isSmsId(ref.trim().toUpperCase()))
    throw new PatchbayError('not-found', `No collection with ID "${ref.trim()}"`)
  return ref.trim()
}

/** `patchbay client add|list|remove`. */
export function clientCommand(): Command {
  const client = new Command('client').description('add, list and remove client machines (resources)')

  client
    .command('add')
    .description('add a client machine; with --collection also make it a direct member of that collection')
    .argument('<address>', 'host name or IP address')
    .option('--name <name>', 'client name (default: the address)')
    .option('--port <n>', 'SSH port (default 22)', portParser('--port'))
    .option('--user <user>', 'user to connect as')
    .addOption(new Option('--platform <platform>', 'platform').choices(platforms))
    .option('--collection <id|name>', 'add to this collection, creating it when no collection has that name')
    .action(async (address: string, opts: AddOptions, cmd: Command) => {
      const result: ClientAdded = await withTransport(cmd, async (t) => {
        // Resolve first so an ambiguous name fails before anything is written.
        const target =
          opts.collection === undefined ? undefined : await collectionForClient(t, opts.collection)
        const resource = await t.invoke('resources:create', {
          name: opts.name ?? address.trim(),
          address,
          ...(opts.port === undefined ? {} : { port: opts.port }),
          ...(opts.user === undefined ? {} : { user: opts.user }),
          ...(opts.platform === undefined ? {} : { platform: opts.platform as (typeof platforms)[number] }),
        })
        if (target === undefined)
          return { ...resource, collectionId: null, collectionName: null, createdCollection: false }
        const collection =
          typeof target === 'string' ? await t.invoke('collections:create', { name: target }) : target
        await t.invoke('collections:add-members', { id: collection.id, resourceIds: [resource.id] })
        const createdCollection = typeof target === 'string'
        return {
          ...resource,
          collectionId: collection.id,
          collectionName: collection.name,
          createdCollection,
        }
      })
      output(cmd, result, () => {
        const where = result.collectionId
          ? `; member of ${result.collectionId} "${result.collectionName}"`
          : ''
        const made = result.createdCollection ? ' (new collection)' : ''
        return `Added client ${result.id} "${result.name}" (${result.address}:${result.port})${where}${made}.`
      })
    })

  client
    .command('list')
    .description('list client machines')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('resources:list', {}))
      output(cmd, rows, () => formatTable(rows, resourceColumns))
    })

  client
    .command('remove')
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
