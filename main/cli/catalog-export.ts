import { Command } from 'commander'
import { output, siteLocation, withTransport } from './context'

/** `patchbay catalog export --out SNAPSHOT`: the site's catalog for an offline building machine. */
export function catalogExportCommand(): Command {
  return new Command('export')
    .description(
      'write the catalog (updates, their files, update lists) to a snapshot for offline bundle building',
    )
    .requiredOption('--out <file>', 'snapshot file to write')
    .action(async (opts: { out: string }, cmd: Command) => {
      const out = siteLocation(opts.out) ?? opts.out
      const r = await withTransport(cmd, (t) => t.invoke('catalog:export-snapshot', { out }))
      output(
        cmd,
        r,
        () => `Exported ${r.updates} updates, ${r.files} files and ${r.lists} update lists to ${r.out}.`,
      )
    })
}
