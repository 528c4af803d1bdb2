import { Command } from 'commander'
import type { CatalogSourceDto, CatalogSyncDto } from '../../shared/dto/catalog'
import { catalogExportCommand } from './catalog-export'
import { output, withTransport } from './context'
import { formatTable, shortTime, type Column } from './format'
import { collect, parseInteger, splitList } from './parse'

const syncColumns: Column<CatalogSyncDto>[] = [
  { header: 'Source', value: (s) => s.sourceName },
  { header: 'Started', value: (s) => shortTime(s.startedAt) },
  { header: 'Finished', value: (s) => shortTime(s.finishedAt) },
  { header: 'State', value: (s) => s.state },
  { header: 'New', value: (s) => s.newCount, right: true },
  { header: 'Changed', value: (s) => s.changedCount, right: true },
  { header: 'Expired', value: (s) => s.expiredCount, right: true },
  { header: 'Error', value: (s) => s.error },
]

const sourceColumns: Column<CatalogSourceDto>[] = [
  { header: 'Name', value: (s) => s.name },
  { header: 'Kind', value: (s) => s.kind },
  { header: 'Location', value: (s) => (s.kind === 'apt' ? `${s.baseUrl} ${s.suite}` : s.baseUrl) },
  { header: 'Signature', value: signatureOf },
  { header: 'Updates', value: (s) => s.updateCount, right: true },
  { header: 'Last Sync', value: (s) => shortTime(s.lastSyncAt) },
  { header: 'Every (min)', value: (s) => s.syncIntervalMinutes || '', right: true },
]

/** How a source's Release is verified: its keyring, or UNSIGNED. */
function signatureOf(s: CatalogSourceDto): string {
  if (s.kind === 'csv') return ''
  if (s.allowUnsigned) return 'UNSIGNED'
  return s.kind === 'wsus' ? `${s.signer} (${s.keyring})` : s.keyring
}

/** Warns on stderr about every source whose trust an admin should know about (unsigned, plain http). */
function warnSources(sources: CatalogSourceDto[]): void {
  for (const s of sources)
    for (const w of s.warnings) process.stderr.write(`patchbay: warning: ${s.name}: ${w}\n`)
}

/** Prints sync runs and fails the command when one failed. */
function reportSyncs(cmd: Command, runs: CatalogSyncDto[]): void {
  output(cmd, runs, () => formatTable(runs, syncColumns))
  const failed = runs.filter((r) => r.state === 'failed')
  if (failed.length) throw new Error(failed.map((f) => `${f.sourceName}: ${f.error}`).join('; '))
}

/** `patchbay catalog`: catalog sources, synchronization, imports and the sync history. */
export function catalogCommand(): Command {
  const catalog = new Command('catalog').description('the update catalog: sources, sync, imports, history')
  const sources = catalog
    .command('sources')
    .description('catalog sources (APT repositories, imported catalogs)')

  sources
    .command('add')
    .description('add an APT repository to the catalog')
    .requiredOption('--name <name>', 'source name')
    .requiredOption('--apt <url>', 'archive root, e.g. http://deb.debian.org/debian')
    .requiredOption('--suite <suite>', 'suite or codename, e.g. bookworm-security')
    .option('--component <list>', 'components, comma-separated (default main)', collect)
    .option('--arch <list>', 'architectures, comma-separated (default amd64)', collect)
    .option(
      '--keyring <file>',
      "verify the Release signature with this keyring (default Debian's archive keyring)",
    )
    .option('--allow-expired', 'accept a Release file whose Valid-Until has passed (archived snapshots)')
    .option('--allow-unsigned', 'UNSAFE: use Release files without verifying any signature')
    .action(
      async (
        opts: {
          name: string
          apt: string
          suite: string
          component?: string[]
          arch?: string[]
          keyring?: string
          allowExpired?: boolean
          allowUnsigned?: boolean
        },
        cmd: Command,
      ) => {
        const source = await withTransport(cmd, (t) =>
          t.invoke('catalog:sources-add', {
            name: opts.name,
            baseUrl: opts.apt,
            suite: opts.suite,
            ...(opts.component && { components: opts.component.flatMap(splitList) }),
            ...(opts.arch && { architectures: opts.arch.flatMap(splitList) }),
            ...(opts.keyring && { keyring: opts.keyring }),
            ...(opts.allowExpired && { allowExpired: true }),
            ...(opts.allowUnsigned && { allowUnsigned: true }),
          }),
        )
        warnSources([source])
        output(cmd, source, () => `Added catalog source ${source.name}.`)
      },
    )

  sources
    .command('list')
    .description('list catalog sources')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('catalog:sources-list', {}))
      warnSources(rows)
      output(cmd, rows, () => (rows.length ? formatTable(rows, sourceColumns) : 'No catalog sources.'))
    })

  sources
    .command('remove')
    .description('remove a catalog source (its updates stay while clients report them)')
    .argument('<name>', 'source name')
    .action(async (name: string, _opts: object, cmd: Command) => {
      const res = await withTransport(cmd, (t) => t.invoke('catalog:sources-remove', { name }))
      output(cmd, res, () => `Removed catalog source ${name}.`)
    })

  sources
    .command('schedule')
    .description('let the sync host synchronize a source every N minutes (0 = on demand only)')
    .argument('<name>', 'source name')
    .requiredOption('--every <minutes>', 'interval in minutes', (v) => parseInteger('--every', v, 0, 44_640))
    .action(async (name: string, opts: { every: number }, cmd: Command) => {
      const s = await withTransport(cmd, (t) =>
        t.invoke('catalog:schedule', { sourceName: name, intervalMinutes: opts.every }),
      )
      output(cmd, s, () =>
        s.syncIntervalMinutes
          ? `${s.name}: every ${s.syncIntervalMinutes} min, next ${shortTime(s.nextSyncAt)}.`
          : `${s.name}: on demand only.`,
      )
    })

  catalog
    .command('sync')
    .description('synchronize one source, or every source')
    .option('--source <name>', 'only this source')
    .action(async (opts: { source?: string }, cmd: Command) => {
      const runs = await withTransport(cmd, (t) =>
        t.invoke('catalog:sync', { sourceName: opts.source ?? null }),
      )
      reportSyncs(cmd, runs)
    })

  catalog
    .command('import')
    .description('import wsusscn2.cab, its package.xml, or a WSUS / Microsoft Update Catalog export (.csv)')
    .argument('<file>', 'catalog file')
    .option('--name <name>', 'source name (default: the file name)')
    .option('--ca-bundle <pem>', 'wsusscn2.cab: the CA bundle its Authenticode signature must chain to')
    .option(
      '--signer <name>',
      'wsusscn2.cab: the common name that must have signed it (default Microsoft Corporation)',
    )
    .option(
      '--allow-unsigned',
      'UNSAFE: take a cabinet without verifying its signature, or a package.xml (which has none)',
    )
    .action(
      async (
        file: string,
        opts: { name?: string; caBundle?: string; signer?: string; allowUnsigned?: boolean },
        cmd: Command,
      ) => {
        const run = await withTransport(cmd, (t) =>
          t.invoke('catalog:import', {
            file,
            name: opts.name ?? null,
            ...(opts.caBundle && { caBundle: opts.caBundle }),
            ...(opts.signer && { signer: opts.signer }),
            ...(opts.allowUnsigned && { allowUnsigned: true }),
          }),
        )
        if (opts.allowUnsigned)
          process.stderr.write(
            `patchbay: warning: ${run.sourceName}: UNSIGNED: this catalog is used unverified\n`,
          )
        reportSyncs(cmd, [run])
      },
    )

  catalog
    .command('history')
    .description('the sync history, newest first')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('catalog:history', {}))
      output(cmd, rows, () => (rows.length ? formatTable(rows, syncColumns) : 'No synchronizations yet.'))
    })

  catalog.addCommand(catalogExportCommand())

  return catalog
}
