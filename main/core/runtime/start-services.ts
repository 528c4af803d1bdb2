import { PatchbayError } from '../../../shared/errors'
import { openSiteDb, redactLocation, siteFileExists, type SiteDb } from '../../site/site-db'
import { seedSite } from '../../site/site-setup'
import { createMemoryPrefs } from './prefs'
import type { FrontDoor, Ports, PrefsPort } from './ports'
import { secretsFromEnv, type SecretsPort } from './secrets'
import { createServices, type Services } from './services'
import { defaultSitePath } from './user-data-dir'

/** The code and name of the embedded default site created on first run. */
export const defaultSite = { code: 'PBY', name: 'Patchbay Site' } as const

/** Options for starting the services. */
export interface StartOptions {
  /** SQLite file path or postgres:// URL; the user's embedded default site when absent. */
  site?: string
  frontDoor: FrontDoor
  prefs?: PrefsPort
  /** Create the site (with the default code and name) when it does not exist yet. */
  createIfMissing?: boolean
  clock?: () => Date
  /** Secret store; default: a vault when PATCHBAY_VAULT_PASSPHRASE is set, else none. */
  secrets?: SecretsPort
  /** SSH pool settings for client work. */
  ssh?: Ports['ssh']
  scanTtlMs?: number
  /** apt options each scan's `apt-get update` passes (tests scope it to their own source list). */
  listsRefreshAptOptions?: Ports['listsRefreshAptOptions']
  /** Opens Resource Explorer in its own window (Electron). */
  openResourceExplorer?: Ports['openResourceExplorer']
  /** The folders callers may name in local path fields (browser mode); absent, paths are not confined. */
  localPaths?: Ports['localPaths']
}

/** The site location to use: the option, then PATCHBAY_SITE, then the default path. */
export function resolveSiteLocation(site?: string): string {
  return site || process.env.PATCHBAY_SITE || defaultSitePath()
}

/** The code of the site a database holds, or null when it holds none yet. */
export async function readSiteCode(site: SiteDb): Promise<string | null> {
  const row = await site.db.selectFrom('site').select('code').executeTakeFirst()
  return row?.code ?? null
}

/** Opens the site (creating the default one on request) and starts every service on it. */
export async function startServices(options: StartOptions): Promise<Services> {
  const location = resolveSiteLocation(options.site)
  if (!options.createIfMissing && !siteFileExists(location))
    throw new PatchbayError(
      'not-found',
      `No site at ${location}; create one with \`patchbay site init --code CODE --name NAME\``,
    )
  const clock = options.clock ?? (() => new Date())
  const site = await openSiteDb(location)
  try {
    let code = await readSiteCode(site)
    if (!code) {
      if (!options.createIfMissing)
        throw new PatchbayError(
          'not-found',
          `No site in ${redactLocation(location)}; create one with \`patchbay site init --code CODE --name NAME\``,
        )
      await seedSite(site.db, defaultSite.code, defaultSite.name, clock().toISOString())
      code = defaultSite.code
    }
    return createServices(site, code, {
      prefs: options.prefs ?? createMemoryPrefs(),
      clock,
      frontDoor: options.frontDoor,
      secrets: options.secrets ?? secretsFromEnv(),
      ssh: options.ssh,
      scanTtlMs: options.scanTtlMs,
      listsRefreshAptOptions: options.listsRefreshAptOptions,
      openResourceExplorer: options.openResourceExplorer,
      localPaths: options.localPaths,
    })
  } catch (err) {
    await site.close()
    throw err
  }
}
