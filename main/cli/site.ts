import { Command } from 'commander'
import { MAX_LISTS_REFRESH_HOURS, type SiteInfoDto, type SiteSettingsDto } from '../../shared/dto/site'
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

function describeSettings(s: SiteSettingsDto): string {
  return formatFields([
    [
      'Refresh package lists older than',
      s.listsRefreshHours === 0 ? '0 h (every scan refreshes)' : `${s.listsRefreshHours} h`,
    ],
  ])
}

/** Parses --refresh-lists-after: a whole number of hours from 0 to MAX_LISTS_REFRESH_HOURS. */
export function parseRefreshHours(text: string): number {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > MAX_LISTS_REFRESH_HOURS)
    throw new UsageError(
      `--refresh-lists-after must be a whole number of hours from 0 to ${MAX_LISTS_REFRESH_HOURS}, got "${text}"`,
    )
  return Number(text)
}

/** `patchbay site init|info|settings`. */
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

  site
    .command('settings')
    .description('show or change the site settings')
    .option(
      '--refresh-lists-after <hours>',
      "scans refresh a client's package lists first when they are at least this old (0: every scan; default 24)",
    )
    .action(async (opts: { refreshListsAfter?: string }, cmd: Command) => {
      const patch =
        opts.refreshListsAfter === undefined
          ? null
          : { listsRefreshHours: parseRefreshHours(opts.refreshListsAfter) }
      const settings = await withTransport(cmd, (t) =>
        patch ? t.invoke('site:settings-set', patch) : t.invoke('site:settings-get', {}),
      )
      output(cmd, settings, () => describeSettings(settings))
    })

  return site
}
