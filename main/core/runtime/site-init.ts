import type { SiteInfoDto } from '../../../shared/dto/site'
import { PatchbayError } from '../../../shared/errors'
import { siteCodePattern } from '../../../shared/ids'
import { openSiteDb } from '../../site/site-db'
import { seedSite } from '../../site/site-setup'
import { createMemoryPrefs } from './prefs'
import { noSecrets } from './secrets'
import { createServices } from './services'
import { readSiteCode, resolveSiteLocation } from './start-services'

/** Creates a site with the given code and name; an existing site with the same code is left as it is. */
export async function initSite(options: {
  site?: string
  code: string
  name: string
  clock?: () => Date
}): Promise<SiteInfoDto> {
  const code = options.code.trim().toUpperCase()
  if (!siteCodePattern.test(code))
    throw new PatchbayError(
      'invalid-input',
      `Site code "${options.code}" must be three letters or digits, starting with a letter`,
      'code',
    )
  const name = options.name.trim()
  if (!name) throw new PatchbayError('invalid-input', 'Site name is required', 'name')
  const clock = options.clock ?? (() => new Date())
  const site = await openSiteDb(resolveSiteLocation(options.site))
  try {
    const existing = await readSiteCode(site)
    if (existing && existing !== code)
      throw new PatchbayError(
        'conflict',
        `${site.location} already holds site ${existing}; it cannot become ${code}`,
        'code',
      )
    if (!existing) await seedSite(site.db, code, name, clock().toISOString())
    return await createServices(site, code, {
      prefs: createMemoryPrefs(),
      clock,
      frontDoor: 'in-process',
      secrets: noSecrets(),
    }).info()
  } finally {
    await site.close()
  }
}
