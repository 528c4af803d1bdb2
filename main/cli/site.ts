import { Command } from 'commander'
import type { SiteInfoDto } from '../../shared/dto/site'
import { siteCodePattern } from '../../shared/ids'
import { globalOptions, output, UsageError, withTransport } from './context'
import { formatFields } from './format'

function describeSite(info: SiteInfoDto): string {
  return formatFields([
    ['Site code', info.code],
    ['Site name', info.name],
    ['Database', info.dbKind],
    ['Location', info.location],
    ['Schema version', info.schemaVersion],
    ['Created', info.createdAt],
  ])
}

/** `patchbay site init|info`. */
export function siteCommand(): Command {
  const site = new Command('site').description('create the site database or show which site this is')

  site
    .command('init')
    .description('create and migrate a site database (SQLite file or PostgreSQL URL given by --site)')
    .requiredOption('--code <code>', 'three-character site code, e.g. LAB (used in every object ID)')
    .requiredOption('--name <name>', 'site name shown in the console')
    .action(async (opts: { code: string; name: string }, cmd: Command) => {
      const code = opts.code.trim().toUpperCase()
      if (!siteCodePattern.test(code))
        throw new UsageError('--code must be three letters or digits starting with a letter, e.g. LAB')
      const { initSite } = await import('../core/runtime/site-init')
      const info = await initSite({ site: globalOptions(cmd).site, code, name: opts.name })
      output(cmd, info, () => `Site ${info.code} (${info.name}) is ready.\n${describeSite(info)}`)
    })

  site
    .command('info')
    .description('show the site code, name, database and schema version')
    .action(async (_opts: object, cmd: Command) => {
      const info = await withTransport(cmd, (t) => t.invoke('site:info', {}))
      output(cmd, info, () => describeSite(info))
    })

  return site
}
