import { Command, Option } from 'commander'
import {
  authMethods,
  siteSystemRoles,
  type ResourceDto,
  type SiteSystemRole,
} from '../../shared/dto/resource'
import { platformChoices, identityPath } from './client-add'
import { output, UsageError, withTransport } from './context'
import { formatFields } from './format'
import { collect, portParser } from './parse'
import { resolveClients } from './resolve'

/** Parses a site-system role as typed ("distribution point", "Distribution-Point", "sync_host"), or fails naming it. */
export function parseRole(flag: string, text: string): SiteSystemRole {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[-_\s]+/g, ' ')
  const role = siteSystemRoles.find((r) => r === key)
  if (!role)
    throw new UsageError(`${flag}: unknown role "${text.trim()}" (use one of ${siteSystemRoles.join(', ')})`)
  return role
}

/** The roles after adding `add` and removing `remove` (a role in both is a usage error), in the order siteSystemRoles lists them. */
export function applyRoles(
  current: readonly SiteSystemRole[],
  add: readonly SiteSystemRole[],
  remove: readonly SiteSystemRole[],
): SiteSystemRole[] {
  const both = add.filter((r) => remove.includes(r))
  if (both.length > 0) throw new UsageError(`--add and --remove both name "${both[0]}"`)
  const next = new Set([...current.filter((r) => !remove.includes(r)), ...add])
  return siteSystemRoles.filter((r) => next.has(r))
}

/** A client's fields as `client set` and `client roles` print them. */
export function describeClient(r: ResourceDto): string {
  return formatFields([
    ['ID', r.id],
    ['Name', r.name],
    ['Address', `${r.address}:${r.port}`],
    ['User', r.user],
    ['Platform', r.platform],
    ['Auth', r.authMethod],
    ['Identity file', r.identityFile],
    ['Roles', r.roles.length > 0 ? r.roles.join(', ') : '(none)'],
    ['Simulated', r.simulated],
  ])
}

type SetOptions = {
  name?: string
  address?: string
  port?: number
  user?: string
  identity?: string
  platform?: (typeof platformChoices)[number]
  auth?: (typeof authMethods)[number]
}

/** Adds `client set` and `client roles` to the client command. */
export function addClientSetCommands(client: Command): void {
  client
    .command('set')
    .description("change a client's name, address, port, user, identity file, auth method or platform")
    .argument('<client>', 'client name or ID')
    .option('--name <name>', 'new name')
    .option('--address <address>', 'new host name or IP address')
    .option('--port <n>', 'SSH port', portParser('--port'))
    .option('--user <user>', 'user to connect as')
    .option('--identity <file>', 'private key file (sets the key auth method unless --auth says otherwise)')
    .addOption(
      new Option('--platform <platform>', 'platform (auto: detect on the next connection)').choices(
        platformChoices,
      ),
    )
    .addOption(new Option('--auth <method>', 'how to authenticate').choices(authMethods))
    .action(async (ref: string, opts: SetOptions, cmd: Command) => {
      const identityFile = opts.identity === undefined ? undefined : identityPath(opts.identity)
      const fields = {
        ...(opts.name !== undefined && { name: opts.name }),
        ...(opts.address !== undefined && { address: opts.address }),
        ...(opts.port !== undefined && { port: opts.port }),
        ...(opts.user !== undefined && { user: opts.user }),
        ...(identityFile !== undefined && { identityFile, authMethod: 'key' as const }),
        ...(opts.auth !== undefined && { authMethod: opts.auth }),
        ...(opts.platform !== undefined && {
          platform: opts.platform === 'auto' ? ('unknown' as const) : opts.platform,
        }),
      }
      if (Object.keys(fields).length === 0)
        throw new UsageError(
          'client set needs at least one of --name, --address, --port, --user, --identity, --platform, --auth',
        )
      const updated = await withTransport(cmd, async (t) => {
        const [found] = await resolveClients(t, [ref])
        return t.invoke('resources:update', { id: (found as ResourceDto).id, ...fields })
      })
      output(cmd, updated, () => describeClient(updated))
    })

  client
    .command('roles')
    .description('show or change the site-system roles a client holds (distribution point, sync host, …)')
    .argument('<client>', 'client name or ID')
    .option('--add <role>', `role to add (repeatable): ${siteSystemRoles.join(', ')}`, collect, [])
    .option('--remove <role>', 'role to remove (repeatable)', collect, [])
    .addHelpText(
      'after',
      `
Without --add or --remove, prints the roles. A distribution point then appears in \`patchbay dp list\`.

Examples:
  patchbay client roles dp-01 --add "distribution point"
  patchbay client roles sync-01 --add "sync host" --remove "distribution point"`,
    )
    .action(async (ref: string, opts: { add: string[]; remove: string[] }, cmd: Command) => {
      const add = opts.add.map((r) => parseRole('--add', r))
      const remove = opts.remove.map((r) => parseRole('--remove', r))
      const client = await withTransport(cmd, async (t) => {
        const [found] = (await resolveClients(t, [ref])) as [ResourceDto]
        if (add.length === 0 && remove.length === 0) return found
        return t.invoke('resources:update', { id: found.id, roles: applyRoles(found.roles, add, remove) })
      })
      output(
        cmd,
        client,
        () => `${client.name}: ${client.roles.length > 0 ? client.roles.join(', ') : 'no site-system roles'}`,
      )
    })
}
