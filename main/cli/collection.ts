import { Command } from 'commander'
import type { CollectionInput } from '../../shared/dto/collection'
import type { ResourceDto } from '../../shared/dto/resource'
import { output, UsageError, withTransport } from './context'
import { formatTable, plural, type Column } from './format'
import { clientList, collect, parseQuery } from './parse'
import { resolveClients, resolveCollection } from './resolve'

/** Columns of a resource table (collection members, client list). */
export const resourceColumns: Column<ResourceDto>[] = [
  { header: 'ID', value: (r) => r.id, right: true },
  { header: 'Name', value: (r) => r.name },
  { header: 'Address', value: (r) => r.address },
  { header: 'Port', value: (r) => r.port, right: true },
  { header: 'User', value: (r) => r.user },
  { header: 'Platform', value: (r) => r.platform },
  { header: 'OS Version', value: (r) => r.osVersion },
]

const queryHelp = `
Query rules:
  --query "ATTR OP VALUE"            one include rule; write several conditions as
                                     "ATTR OP VALUE and ATTR OP VALUE" (all must match).
  Each --query flag adds a separate rule: a client is a member when it matches ANY rule
  (rules are OR'ed, conditions inside one rule are AND'ed), minus clients matching any
  --exclude-query rule, and always within the limiting collection (default All Systems).
  Attributes: name, address, platform, osFamily, osVersion, role
  Operators:  equals, notEquals, like, notLike (* and ? wildcards), inRange (CIDR or a-b)

Examples:
  patchbay collection create --name "Web servers" --query "name like web-*"
  patchbay collection create --name "Lab Debian" --query "address inRange 127.0.0.0/24 and platform equals debian"
`

type CreateOptions = {
  name: string
  comment?: string
  limitTo?: string
  parent?: string
  query?: string[]
  excludeQuery?: string[]
}

/** The query rules written by --query and --exclude-query, in that order. */
export function queryRules(
  opts: Pick<CreateOptions, 'query' | 'excludeQuery'>,
): NonNullable<CollectionInput['rules']> {
  return [
    ...(opts.query ?? []).map((q) => ({
      kind: 'query' as const,
      effect: 'include' as const,
      name: q.slice(0, 128),
      conditions: parseQuery('--query', q),
    })),
    ...(opts.excludeQuery ?? []).map((q) => ({
      kind: 'query' as const,
      effect: 'exclude' as const,
      name: q.slice(0, 128),
      conditions: parseQuery('--exclude-query', q),
    })),
  ]
}

type SetOptions = Partial<CreateOptions> & { clearQueries?: boolean }

/** `patchbay collection list|create|set|members|delete|add-member`. */
export function collectionCommand(): Command {
  const collection = new Command('collection').description(
    'list, create and delete collections; manage members',
  )

  collection
    .command('list')
    .description('list collections with their member counts')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('collections:list', {}))
      const byId = new Map(rows.map((c) => [c.id, c.name]))
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'ID', value: (c) => c.id },
          { header: 'Name', value: (c) => c.name },
          { header: 'Members', value: (c) => c.memberCount, right: true },
          {
            header: 'Limited To',
            value: (c) => (c.limitingCollectionId ? byId.get(c.limitingCollectionId) : ''),
          },
          { header: 'Built-in', value: (c) => c.builtIn },
          { header: 'Comment', value: (c) => c.comment },
        ]),
      )
    })

  collection
    .command('create')
    .description('create a collection, optionally with query rules')
    .requiredOption('--name <name>', 'collection name')
    .option('--comment <text>', 'comment')
    .option('--limit-to <id|name>', 'limiting collection (default: All Systems)')
    .option('--parent <id|name>', 'parent collection in the tree')
    .option('--query <rule>', 'include rule "ATTR OP VALUE[ and …]" (repeatable; see below)', collect)
    .option('--exclude-query <rule>', 'exclude rule "ATTR OP VALUE[ and …]" (repeatable)', collect)
    .addHelpText('after', queryHelp)
    .action(async (opts: CreateOptions, cmd: Command) => {
      const rules = queryRules(opts)
      const created = await withTransport(cmd, async (t) => {
        const limit = opts.limitTo === undefined ? null : (await resolveCollection(t, opts.limitTo)).id
        const parent = opts.parent === undefined ? null : (await resolveCollection(t, opts.parent)).id
        return t.invoke('collections:create', {
          name: opts.name,
          comment: opts.comment ?? '',
          limitingCollectionId: limit,
          parentId: parent,
          rules,
        })
      })
      output(
        cmd,
        created,
        () =>
          `Created collection ${created.id} "${created.name}" with ${plural(created.memberCount, 'member')}.`,
      )
    })

  collection
    .command('set')
    .description("change a collection's name, comment, limiting collection, parent or query rules")
    .argument('<collection>', 'collection ID or name')
    .option('--name <name>', 'new name')
    .option('--comment <text>', 'comment')
    .option('--limit-to <id|name>', 'limiting collection')
    .option('--parent <id|name>', 'parent collection in the tree ("none" for the top level)')
    .option(
      '--query <rule>',
      'include rule; any --query/--exclude-query replaces every query rule (repeatable)',
      collect,
    )
    .option('--exclude-query <rule>', 'exclude rule (repeatable)', collect)
    .option('--clear-queries', 'remove every query rule (direct members stay)')
    .addHelpText('after', queryHelp)
    .action(async (ref: string, opts: SetOptions, cmd: Command) => {
      const replaceQueries =
        opts.clearQueries === true || opts.query !== undefined || opts.excludeQuery !== undefined
      if (opts.clearQueries && (opts.query !== undefined || opts.excludeQuery !== undefined))
        throw new UsageError('--clear-queries goes without --query and --exclude-query')
      const newQueries = queryRules(opts)
      const updated = await withTransport(cmd, async (t) => {
        const target = await resolveCollection(t, ref)
        const limit = opts.limitTo === undefined ? undefined : (await resolveCollection(t, opts.limitTo)).id
        const parent =
          opts.parent === undefined
            ? undefined
            : opts.parent.trim().toLowerCase() === 'none'
              ? null
              : (await resolveCollection(t, opts.parent)).id
        const fields = {
          ...(opts.name !== undefined && { name: opts.name }),
          ...(opts.comment !== undefined && { comment: opts.comment }),
          ...(limit !== undefined && { limitingCollectionId: limit }),
          ...(parent !== undefined && { parentId: parent }),
          ...(replaceQueries && {
            rules: [...target.rules.filter((r) => r.kind === 'direct'), ...newQueries],
          }),
        }
        if (Object.keys(fields).length === 0)
          throw new UsageError('collection set needs at least one property to change (see --help)')
        return t.invoke('collections:update', { id: target.id, ...fields })
      })
      output(
        cmd,
        updated,
        () =>
          `Updated collection ${updated.id} "${updated.name}" (${plural(updated.memberCount, 'member')}).`,
      )
    })

  collection
    .command('members')
    .description('list the clients in a collection')
    .argument('<collection>', 'collection ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const members = await withTransport(cmd, async (t) =>
        t.invoke('collections:members', { id: (await resolveCollection(t, ref)).id }),
      )
      output(cmd, members, () => formatTable(members, resourceColumns))
    })

  collection
    .command('delete')
    .description('delete a collection (built-in collections cannot be deleted)')
    .argument('<collection>', 'collection ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const result = await withTransport(cmd, async (t) => {
        const target = await resolveCollection(t, ref)
        const { deleted } = await t.invoke('collections:delete', { id: target.id })
        return { id: target.id, name: target.name, deleted }
      })
      output(cmd, result, () => `Deleted collection ${result.id} "${result.name}".`)
    })

  collection
    .command('add-member')
    .description('add clients to a collection as direct members')
    .argument('<collection>', 'collection ID or name')
    .requiredOption('--client <names>', 'client name(s), comma-separated')
    .action(async (ref: string, opts: { client: string }, cmd: Command) => {
      const updated = await withTransport(cmd, async (t) => {
        const target = await resolveCollection(t, ref)
        const clients = await resolveClients(t, clientList('--client', opts.client))
        return t.invoke('collections:add-members', { id: target.id, resourceIds: clients.map((c) => c.id) })
      })
      output(
        cmd,
        updated,
        () => `Collection ${updated.id} "${updated.name}" now has ${plural(updated.memberCount, 'member')}.`,
      )
    })

  return collection
}
