import { accessSync, constants, readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { Command, Option } from 'commander'
import type { Transport } from '../../shared/contract'
import type { CollectionDto } from '../../shared/dto/collection'
import type { JobDto } from '../../shared/dto/job'
import type { ResourceDto } from '../../shared/dto/resource'
import { PatchbayError } from '../../shared/errors'
import type { ImportedHost, ImportFormatOption } from '../clients/import'
import { ensureCollection } from './client-add'
import { globalOptions, withTransport } from './context'
import { plural } from './format'
import { formatHostTable, hostFailed, failureMessage, runJob } from './job-progress'
import { findByRef } from './resolve'

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

/** Reads and parses the file; any problem is an error naming the file (and line), before anything is created. */
async function readHosts(
  file: string,
  format: ImportFormatOption,
): Promise<{ hosts: ImportedHost[]; warnings: string[] }> {
  // Loaded on use: the parsers (and YAML) are not needed for --help or any other command.
  const { ImportError, parseImport } = await import('../clients/import')
  const path = resolve(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new PatchbayError(
      'not-found',
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    )
  }
  try {
    const result = parseImport(format, text, { file, path })
    // Relative identity files are relative to the imported file, as ssh resolves them to ~/.ssh.
    for (const h of result.hosts)
      if (h.identityFile !== '' && !isAbsolute(h.identityFile))
        h.identityFile = resolve(dirname(path), h.identityFile)
    return result
  } catch (err) {
    if (err instanceof ImportError)
      throw new PatchbayError('invalid-input', `${err.message}; nothing was imported`)
    throw err
  }
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK)
    return true
  } catch {
    return false
  }
}

/** Creates the resources and collections, or (on any refusal) removes what it created and rethrows. */
async function createAll(
  t: Transport,
  hosts: ImportedHost[],
  extra: string | undefined,
  summary: ImportSummary,
): Promise<void> {
  const existing = await t.invoke('resources:list', {})
  const fresh: ImportedHost[] = []
  for (const h of hosts) {
    const clash = existing.find((r) => r.name.toLowerCase() === h.name.toLowerCase())
    if (clash) summary.skipped.push({ name: h.name, reason: `a client named "${clash.name}" exists` })
    else fresh.push(h)
    if (h.identityFile !== '' && !readable(h.identityFile))
      summary.warnings.push(`${h.name}: identity file ${h.identityFile} is missing or unreadable`)
  }
  const allCollections = await t.invoke('collections:list', {})
  const wanted = new Map<string, CollectionDto | string>()
  const want = (name: string) => {
    if (!wanted.has(name.toLowerCase()))
      wanted.set(name.toLowerCase(), findByRef(allCollections, name, 'Collection') ?? name)
  }
  if (extra !== undefined) want(extra.trim())
  for (const h of fresh) h.groups.forEach(want)

  const created: number[] = []
  const madeCollections: string[] = []
  try {
    for (const h of fresh) {
      const r = await t.invoke('resources:create', {
        name: h.name,
        address: h.address,
        port: h.port,
        user: h.user,
        platform: h.platform,
        ...(h.identityFile === '' ? {} : { authMethod: 'key' as const, identityFile: h.identityFile }),
        ...(h.vars?.patchbay_simulated === 'true' ? { simulated: true } : {}),
      })
      created.push(r.id)
      summary.added.push(r)
    }
    const byName = new Map(summary.added.map((r) => [r.name.toLowerCase(), r.id]))
    for (const [key, target] of wanted) {
      const ids = fresh
        .filter(
          (h) =>
            (extra !== undefined && key === extra.trim().toLowerCase()) ||
            h.groups.some((g) => g.toLowerCase() === key),
        )
        .map((h) => byName.get(h.name.toLowerCase())!)
      if (ids.length === 0) continue
      const { collection, created: isNew } = await ensureCollection(t, target)
      if (isNew) madeCollections.push(collection.id)
      await t.invoke('collections:add-members', { id: collection.id, resourceIds: ids })
      summary.collections.push({
        id: collection.id,
        name: collection.name,
        created: isNew,
        added: ids.length,
      })
    }
  } catch (err) {
    // Nothing partial: undo what this import created.
    for (const id of madeCollections) await t.invoke('collections:delete', { id }).catch(() => undefined)
    if (created.length) await t.invoke('resources:delete', { ids: created }).catch(() => undefined)
    summary.added = []
    throw err
  }
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
      const parsed = await readHosts(file, opts.format)
      const summary: ImportSummary = {
        file,
        added: [],
        skipped: [],
        collections: [],
        warnings: [...parsed.warnings],
        connect: null,
      }
      const ports = await withTransport(cmd, async (t) => {
        await createAll(t, parsed.hosts, opts.collection, summary)
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
