import { Command } from 'commander'
import type { InventoryDto } from '../../shared/dto/inventory'
import { output, withTransport } from './context'
import { formatFields, formatTable, plural, shortTime } from './format'
import { formatHostTable, jobSummary, reportJob, runJobToEnd } from './job-progress'
import { resolveClients } from './resolve'
import { addTargetOptions, checkTargetOptions, resolveTargets, type TargetOptions } from './targets'

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value as string | number | boolean)
}

/** The human view of an inventory: hardware facts, then the installed software. */
export function describeInventory(name: string, inv: InventoryDto): string {
  const parts: string[] = []
  if (inv.hardware === null)
    parts.push(`No hardware inventory for ${name} yet: run \`patchbay inventory refresh --client ${name}\`.`)
  else {
    parts.push(`Hardware (collected ${shortTime(inv.hardwareCollectedAt)}):`)
    parts.push(formatFields(Object.entries(inv.hardware).map(([k, v]) => [k, fieldText(v)] as const)))
  }
  parts.push('')
  if (inv.softwareCollectedAt === null) parts.push('No software inventory yet (a scan collects it).')
  else {
    parts.push(
      `Software (${plural(inv.software.length, 'package')}, collected ${shortTime(inv.softwareCollectedAt)}):`,
    )
    parts.push(
      formatTable(inv.software, [
        { header: 'Name', value: (s) => s.name },
        { header: 'Version', value: (s) => s.version },
        { header: 'Arch', value: (s) => s.arch },
      ]),
    )
  }
  if (inv.history.length > 0) parts.push('', `History: ${plural(inv.history.length, 'change')}.`)
  return parts.join('\n')
}

/** `patchbay inventory show|refresh`. */
export function inventoryCommand(): Command {
  const inventory = new Command('inventory').description(
    "show or refresh clients' hardware and software inventory",
  )

  inventory
    .command('show')
    .description("show a client's hardware and installed software")
    .requiredOption('--client <name>', 'client name or ID')
    .action(async (opts: { client: string }, cmd: Command) => {
      const { name, inv } = await withTransport(cmd, async (t) => {
        const [client] = await resolveClients(t, [opts.client])
        return { name: client!.name, inv: await t.invoke('inventory:get', { resourceId: client!.id }) }
      })
      output(cmd, inv, () => describeInventory(name, inv))
    })

  addTargetOptions(
    inventory
      .command('refresh')
      .description('collect hardware inventory, then scan (installed software and updates), as a job'),
  ).action(async (opts: TargetOptions, cmd: Command) => {
    checkTargetOptions(opts)
    const result = await withTransport(cmd, async (t) => {
      const targets = await resolveTargets(t, opts)
      return runJobToEnd(t, () =>
        t.invoke('clients:inventory', { targets, trustNewHostKeys: opts.trustNewHostKey === true }),
      )
    })
    reportJob(cmd, result, (job) => `${formatHostTable(job)}\n${jobSummary(job)}`)
  })

  return inventory
}
