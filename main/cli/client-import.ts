import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import type { JobDto } from '../../shared/dto/job'
import type { ResourceDto } from '../../shared/dto/resource'
import type { ImportFormatOption } from '../clients/import'
import { globalOptions, withTransport } from './context'
import { plural } from './format'
import { formatHostTable, hostFailed, failureMessage, runJob } from './job-progress'

const importFormats = ['csv', 'ansible', 'ssh-config'] as const

type ImportOptions = { format: ImportFormatOption; collection?: string; trustNewHostKey?: boolean }

/** What `client import` did. */
interface ImportSummary {
  file: string
  added: ResourceDto[]
  skipped: { name: string; reason: string }[]
  collections: { id: string; name: string; created: boolean; added: number }[]
  warnings: string[]
  connect: JobDto | null
}

function describe(s: ImportSummary): string {
  const out = [`Imported ${s.file}: ${plural(s.added.length, 'client')} added, ${s.skipped.length} skipped.`]
  for (const k of s.skipped) out.push(`Skipped ${k.name}: ${k.reason}.`)
  for (const c of s.collections)
    out.push(
      `Collection ${c.id} "${c.name}"${c.created ? ' (new)' : ''}: ${plural(c.added, 'client')} added.`,
    )
  for (const w of s.warnings) out.push(`Warning: ${w}`)
  if (s.connect) out.push('', formatHostTable(s.connect))
  return out.join('\n')
}

/** Adds `client import` to the client command. */
export function addClientImportCommand(client: Command): void {
  client
    .command('import')
    .description('add clients from a CSV file, an Ansible inventory or an OpenSSH client config')
    .argument('<file>', 'file to import')
    .addOption(new Option('--format <format>', 'file format').choices(importFormats).makeOptionMandatory())
    .option(
      '--collection <id|name>',
      'also add every imported client to this collection (created when missing)',
    )
    .option(
      '--trust-new-host-key',
      'connect to the imported clients, trusting their host keys, and detect platforms',
    )
    .addHelpText(
      'after',
      `
CSV columns (header line, any order): name,address[,port,user,identity,platform,collection]
(collection: names separated by ";"). Ansible: INI or YAML; groups become collections. ssh-config:
every Host alias without wildcards. Relative identity paths are relative to the imported file.

Nothing is created when the file cannot be parsed. Clients whose name already exists are skipped
with a note (so re-importing a file adds only the new hosts). Groups become collections (created
when missing) with the clients as direct members. Without --trust-new-host-key nothing connects;
with it a connect job runs on the added clients and any that fail are named (exit code 1).

Example:
  patchbay client import hosts.csv --format csv --collection Imported --trust-new-host-key`,
    )
    .action(async (file: string, opts: ImportOptions, cmd: Command) => {
      const summary: ImportSummary = {
        file,
        added: [],
        skipped: [],
        collections: [],
        warnings: [],
        connect: null,
      }
      const ports = await withTransport(cmd, async (t) => {
        const imported = await t.invoke('resources:import', {
          path: resolve(file),
          format: opts.format,
          collection: opts.collection ?? null,
        })
        Object.assign(summary, imported)
        if (opts.trustNewHostKey && summary.added.length > 0)
          summary.connect = await runJob(t, () =>
            t.invoke('clients:connect', {
              targets: { resourceIds: summary.added.map((r) => r.id) },
              trustNewHostKeys: true,
            }),
          )
        if (summary.connect) {
          const ids = new Set(summary.added.map((r) => r.id))
          summary.added = (await t.invoke('resources:list', {})).filter((r) => ids.has(r.id))
        }
        return new Map(summary.added.map((r) => [r.id, r.port]))
      })
      if (globalOptions(cmd).json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n')
      else process.stdout.write(describe(summary) + '\n')
      const failed = summary.connect?.hosts.filter(hostFailed) ?? []
      for (const h of failed) process.stderr.write(`patchbay: ${failureMessage(h, ports)}\n`)
      if (failed.length > 0) process.exitCode = 1
    })
}
