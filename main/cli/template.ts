import { Command, Option } from 'commander'
import type { TemplateDto } from '../../shared/dto/deployment-template'
import { output, withTransport } from './context'
import { formatFields, formatTable } from './format'
import { parseInteger } from './parse'
import { requireByRef, resolveCollection } from './resolve'

type CreateOpts = {
  collection?: string
  duration?: number
  deadline?: number
  maintenanceWindow?: 'respect' | 'install-outside' | 'install-and-restart-outside'
  suppressRestart?: 'servers' | 'workstations' | 'both'
  notification?: 'display-all' | 'display-restarts-only' | 'hide-all'
}

function describe(t: TemplateDto): string {
  const s = t.settings
  return formatFields([
    ['ID', t.id],
    ['Name', t.name],
    ['Collection', s.collectionId ?? '(chosen per deployment)'],
    ['Duration (hours)', s.durationHours || 'no expiry'],
    ['Deadline offset (hours)', s.deadlineOffsetHours ?? 'no deadline'],
    ['Maintenance windows', s.maintenanceWindow],
    [
      'Suppress restart',
      [s.suppressRestartServers && 'servers', s.suppressRestartWorkstations && 'workstations']
        .filter(Boolean)
        .join(', ') || 'never',
    ],
    ['User notification', s.userNotification],
  ])
}

/** `patchbay template`: deployment templates (saved deployment settings). */
export function templateCommand(): Command {
  const template = new Command('template').description('deployment templates: saved deployment settings')
  const hours = (flag: string) => (v: string) => parseInteger(flag, v, 0, 24 * 366)

  template
    .command('create')
    .argument('<name>', 'template name')
    .option('--collection <ref>', 'collection deployments from this template target')
    .option(
      '--duration <hours>',
      'how long deployments stay available: their runs stop starting clients after it (0 = no expiry)',
      hours('--duration'),
    )
    .option('--deadline <hours>', 'deadline this many hours after availability', hours('--deadline'))
    .addOption(
      new Option('--maintenance-window <mode>', 'maintenance window behaviour').choices([
        'respect',
        'install-outside',
        'install-and-restart-outside',
      ]),
    )
    .addOption(
      new Option('--suppress-restart <on>', 'suppress restarts').choices(['servers', 'workstations', 'both']),
    )
    .addOption(
      new Option('--notification <mode>', 'user notification').choices([
        'display-all',
        'display-restarts-only',
        'hide-all',
      ]),
    )
    .action(async (name: string, o: CreateOpts, cmd: Command) => {
      const t = await withTransport(cmd, async (tr) =>
        tr.invoke('templates:create', {
          name,
          settings: {
            collectionId: o.collection ? (await resolveCollection(tr, o.collection)).id : null,
            ...(o.duration !== undefined && { durationHours: o.duration }),
            ...(o.deadline !== undefined && { deadlineOffsetHours: o.deadline }),
            ...(o.maintenanceWindow && { maintenanceWindow: o.maintenanceWindow }),
            suppressRestartServers: o.suppressRestart === 'servers' || o.suppressRestart === 'both',
            suppressRestartWorkstations: o.suppressRestart === 'workstations' || o.suppressRestart === 'both',
            ...(o.notification && { userNotification: o.notification }),
          },
        }),
      )
      output(cmd, t, () => describe(t))
    })

  template.command('list').action(async (_opts: object, cmd: Command) => {
    const rows = await withTransport(cmd, (t) => t.invoke('templates:list', {}))
    output(cmd, rows, () =>
      rows.length
        ? formatTable(rows, [
            { header: 'ID', value: (t) => t.id },
            { header: 'Name', value: (t) => t.name },
            { header: 'Collection', value: (t) => t.settings.collectionId },
            { header: 'Deadline (h)', value: (t) => t.settings.deadlineOffsetHours, right: true },
          ])
        : 'No deployment templates.',
    )
  })

  template
    .command('show')
    .argument('<ref>', 'ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const t = await withTransport(cmd, async (tr) =>
        requireByRef(await tr.invoke('templates:list', {}), ref, 'Template'),
      )
      output(cmd, t, () => describe(t))
    })

  template
    .command('set')
    .description("change a template's name or settings (only the ones given; the others stay)")
    .argument('<ref>', 'ID or name')
    .option('--name <name>', 'new name')
    .option('--collection <ref>', 'collection deployments target ("none": chosen per deployment)')
    .option('--duration <hours>', 'availability in hours (0 = no expiry)', hours('--duration'))
    .option('--deadline <hours|none>', 'deadline hours after availability ("none": no deadline)')
    .addOption(
      new Option('--maintenance-window <mode>', 'maintenance window behaviour').choices([
        'respect',
        'install-outside',
        'install-and-restart-outside',
      ]),
    )
    .addOption(
      new Option('--suppress-restart <on>', 'suppress restarts').choices([
        'servers',
        'workstations',
        'both',
        'never',
      ]),
    )
    .addOption(
      new Option('--notification <mode>', 'user notification').choices([
        'display-all',
        'display-restarts-only',
        'hide-all',
      ]),
    )
    .action(
      async (
        ref: string,
        o: Omit<CreateOpts, 'deadline' | 'suppressRestart'> & {
          name?: string
          deadline?: string
          suppressRestart?: 'servers' | 'workstations' | 'both' | 'never'
        },
        cmd: Command,
      ) => {
        const deadline =
          o.deadline === undefined
            ? undefined
            : o.deadline.trim().toLowerCase() === 'none'
              ? null
              : parseInteger('--deadline', o.deadline, 0, 24 * 366)
        const t = await withTransport(cmd, async (tr) => {
          const current = requireByRef(await tr.invoke('templates:list', {}), ref, 'Template')
          const s = current.settings
          const collectionId =
            o.collection === undefined
              ? s.collectionId
              : o.collection.trim().toLowerCase() === 'none'
                ? null
                : (await resolveCollection(tr, o.collection)).id
          const suppress = o.suppressRestart
          return tr.invoke('templates:update', {
            id: current.id,
            ...(o.name !== undefined && { name: o.name }),
            settings: {
              ...s,
              collectionId,
              ...(o.duration !== undefined && { durationHours: o.duration }),
              ...(deadline !== undefined && { deadlineOffsetHours: deadline }),
              ...(o.maintenanceWindow && { maintenanceWindow: o.maintenanceWindow }),
              ...(suppress && {
                suppressRestartServers: suppress === 'servers' || suppress === 'both',
                suppressRestartWorkstations: suppress === 'workstations' || suppress === 'both',
              }),
              ...(o.notification && { userNotification: o.notification }),
            },
          })
        })
        output(cmd, t, () => describe(t))
      },
    )

  template
    .command('delete')
    .argument('<ref>', 'ID or name')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const res = await withTransport(cmd, async (tr) =>
        tr.invoke('templates:delete', {
          id: requireByRef(await tr.invoke('templates:list', {}), ref, 'Template').id,
        }),
      )
      output(cmd, res, () => `Deleted template ${ref}.`)
    })

  return template
}
