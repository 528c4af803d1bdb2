import { Command } from 'commander'
import type { Transport } from '../../shared/contract'
import type { UpdateListDto } from '../../shared/dto/update-list'
import { output, withTransport } from './context'
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
