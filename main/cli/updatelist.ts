import { Command } from 'commander'
import type { Transport } from '../../shared/contract'
import type { UpdateListDto } from '../../shared/dto/update-list'
import { output, UsageError, withTransport } from './context'
import { formatFields, formatTable, shortTime } from './format'
import { requireByRef } from './resolve'
import { criteriaOf, withCriteriaOptions, type CriteriaOptions } from './searchfolder'
import { shortUpdateId } from './updates'

async function resolveList(t: Transport, ref: string): Promise<UpdateListDto> {
  return requireByRef(await t.invoke('updatelists:list', {}), ref, 'Update list')
}

/** `patchbay updatelist`: update lists (reviewed sets of updates) and their automatic rules. */
export function updatelistCommand(): Command {
  const list = new Command('updatelist').description('update lists: reviewed sets of updates')

  list
    .command('create')
    .description('create an update list from any selection of updates (superseded ones are left out)')
    .argument('<name>', 'list name')
    .argument('[updateIds...]', 'update IDs')
    .option('--comment <text>', 'comment')
    .option('--include-superseded', 'keep superseded updates in the selection')
    .action(
      async (
        name: string,
        updateIds: string[],
        opts: { comment?: string; includeSuperseded?: boolean },
        cmd: Command,
      ) => {
        const l = await withTransport(cmd, (t) =>
          t.invoke('updatelists:create', {
            name,
            updateIds,
            comment: opts.comment ?? '',
            includeSuperseded: opts.includeSuperseded === true,
          }),
        )
        output(cmd, l, () => `Created update list ${l.name} (${l.id}) with ${l.updateCount} update(s).`)
      },
    )

  list
    .command('add')
    .description('add updates to a list')
    .argument('<list>', 'list ID or name')
    .argument('<updateIds...>', 'update IDs')
    .option('--include-superseded', 'keep superseded updates in the selection')
    .action(async (ref: string, updateIds: string[], opts: { includeSuperseded?: boolean }, cmd: Command) => {
      const l = await withTransport(cmd, async (t) =>
        t.invoke('updatelists:add', {
          id: (await resolveList(t, ref)).id,
          updateIds,
          includeSuperseded: opts.includeSuperseded === true,
        }),
      )
      output(cmd, l, () => `${l.name} now holds ${l.updateCount} update(s).`)
    })

  list
    .command('list')
    .description('list update lists')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('updatelists:list', {}))
      output(cmd, rows, () =>
        rows.length
          ? formatTable(rows, [
              { header: 'ID', value: (l) => l.id },
              { header: 'Name', value: (l) => l.name },
              { header: 'Updates', value: (l) => l.updateCount, right: true },
              { header: 'Rules', value: (l) => l.ruleCount, right: true },
              { header: 'Modified', value: (l) => shortTime(l.updatedAt) },
            ])
          : 'No update lists.',
      )
    })

  list
    .command('show')
    .description("a list's properties: its updates and compliance summary")
    .argument('<list>', 'list ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const p = await withTransport(cmd, async (t) =>
        t.invoke('updatelists:properties', { id: (await resolveList(t, ref)).id }),
      )
      output(cmd, p, () =>
        [
          formatFields([
            ['ID', p.list.id],
            ['Name', p.list.name],
            ['Comment', p.list.comment],
            ['Updates', p.list.updateCount],
            ['Required', p.summary.required],
            ['Installed', p.summary.installed],
            ['Not Required', p.summary.notRequired],
            ['Unknown', p.summary.unknown],
            ['Compliant clients', p.summary.compliantClients],
            ['Non-compliant clients', p.summary.nonCompliantClients],
            ['Clients not scanned', p.summary.unknownClients],
          ]),
          '',
          p.updates.length
            ? formatTable(p.updates, [
                { header: 'ID', value: (u) => shortUpdateId(u.id) },
                { header: 'Title/Package', value: (u) => u.package || u.title },
                { header: 'Required', value: (u) => u.required, right: true },
                { header: 'Installed', value: (u) => u.installed, right: true },
              ])
            : 'No updates.',
        ].join('\n'),
      )
    })

  list
    .command('set')
    .description('rename a list or change its comment')
    .argument('<list>', 'list ID or name')
    .option('--name <name>', 'new name')
    .option('--comment <text>', 'comment')
    .action(async (ref: string, opts: { name?: string; comment?: string }, cmd: Command) => {
      if (opts.name === undefined && opts.comment === undefined)
        throw new UsageError('updatelist set needs --name or --comment')
      const l = await withTransport(cmd, async (t) =>
        t.invoke('updatelists:update', {
          id: (await resolveList(t, ref)).id,
          ...(opts.name !== undefined && { name: opts.name }),
          ...(opts.comment !== undefined && { comment: opts.comment }),
        }),
      )
      output(cmd, l, () => `Updated update list ${l.name} (${l.id}).`)
    })

  list
    .command('remove')
    .description('remove updates from a list')
    .argument('<list>', 'list ID or name')
    .argument('<updateIds...>', 'update IDs')
    .action(async (ref: string, updateIds: string[], _opts: object, cmd: Command) => {
      const l = await withTransport(cmd, async (t) =>
        t.invoke('updatelists:remove-updates', { id: (await resolveList(t, ref)).id, updateIds }),
      )
      output(cmd, l, () => `${l.name} now holds ${l.updateCount} update(s).`)
    })

  list
    .command('delete')
    .argument('<list>', 'list ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const res = await withTransport(cmd, async (t) =>
        t.invoke('updatelists:delete', { id: (await resolveList(t, ref)).id }),
      )
      output(cmd, res, () => `Deleted update list ${ref}.`)
    })

  withCriteriaOptions(
    list
      .command('rule')
      .description('add an automatic rule: matching updates join the list on every sync (and now)')
      .argument('<list>', 'list ID or name')
      .argument('<name>', 'rule name'),
  ).action(async (ref: string, name: string, opts: CriteriaOptions, cmd: Command) => {
    const res = await withTransport(cmd, async (t) => {
      const rule = await t.invoke('updaterules:create', {
        name,
        listId: (await resolveList(t, ref)).id,
        criteria: criteriaOf(opts),
      })
      const [run] = await t.invoke('updaterules:run', { id: rule.id })
      return { rule, run }
    })
    output(
      cmd,
      res,
      () => `Rule ${res.rule.name} added ${res.run?.added ?? 0} update(s) to ${res.rule.listName}.`,
    )
  })

  list
    .command('rule-set')
    .description('rename, enable or disable an automatic rule')
    .argument('<rule>', 'rule ID or name')
    .option('--name <name>', 'new name')
    .option('--enable', 'enable the rule')
    .option('--disable', 'disable the rule (it stops adding updates on sync)')
    .action(
      async (ref: string, opts: { name?: string; enable?: boolean; disable?: boolean }, cmd: Command) => {
        if (opts.enable && opts.disable) throw new UsageError('use either --enable or --disable, not both')
        if (opts.name === undefined && !opts.enable && !opts.disable)
          throw new UsageError('updatelist rule-set needs --name, --enable or --disable')
        const r = await withTransport(cmd, async (t) =>
          t.invoke('updaterules:update', {
            id: requireByRef(await t.invoke('updaterules:list', {}), ref, 'Rule').id,
            ...(opts.name !== undefined && { name: opts.name }),
            ...(opts.enable && { enabled: true }),
            ...(opts.disable && { enabled: false }),
          }),
        )
        output(cmd, r, () => `Rule ${r.name} of ${r.listName}: ${r.enabled ? 'enabled' : 'disabled'}.`)
      },
    )

  list
    .command('rule-delete')
    .description('delete an automatic rule (the updates it added stay in the list)')
    .argument('<rule>', 'rule ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const res = await withTransport(cmd, async (t) => {
        const rule = requireByRef(await t.invoke('updaterules:list', {}), ref, 'Rule')
        return { ...(await t.invoke('updaterules:delete', { id: rule.id })), id: rule.id, name: rule.name }
      })
      output(cmd, res, () => `Deleted rule ${res.name}.`)
    })

  list
    .command('rules')
    .description('list automatic rules')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('updaterules:list', {}))
      output(cmd, rows, () =>
        rows.length
          ? formatTable(rows, [
              { header: 'ID', value: (r) => r.id },
              { header: 'Name', value: (r) => r.name },
              { header: 'List', value: (r) => r.listName },
              { header: 'Enabled', value: (r) => r.enabled },
              { header: 'Last Run', value: (r) => shortTime(r.lastRunAt) },
              { header: 'Added', value: (r) => r.lastAdded, right: true },
            ])
          : 'No rules.',
      )
    })

  return list
}
