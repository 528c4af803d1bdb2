import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openSiteDb, schemaVersion } from '../../../../main/site/site-db'
import { seedSite } from '../../../../main/site/site-setup'
import { siteEngines } from '../../../support/site-engines'

describe.each(siteEngines())('migration 0016-scan-freshness on $kind', (engine) => {
  it('adds the lists columns to an existing site: clients keep their rows, the threshold starts at 24 h', async () => {
    const location = engine.freshLocation('m16')
    let site = await openSiteDb(location)
    await seedSite(site.db, 'LAB', 'Lab', '2026-01-01T00:00:00.000Z')
    await site.db
      .insertInto('resource')
      .values({
        name: 'web-01',
        address: '127.0.0.1',
        port: 22,
        user: '',
        platform: 'debian',
        os_version: '12',
        roles: '[]',
        simulated: 0,
        last_scan_at: null,
        scan_state: null,
        lists_updated_at: null,
        created_at: 't',
        updated_at: 't',
      })
      .execute()
    // Back to the site as it was before 0016 (and so before 0017 and 0018).
    await site.db.schema.alterTable('software_update').dropColumn('support_url').execute()
    await site.db.schema.alterTable('software_update').dropColumn('security_bulletin').execute()
    await site.db.schema.alterTable('resource').dropColumn('reboot_reasons').execute()
    await site.db.schema.alterTable('resource').dropColumn('services_to_restart').execute()
    await site.db.schema.alterTable('resource').dropColumn('services_note').execute()
    await site.db.schema.alterTable('resource').dropColumn('lists_updated_at').execute()
    await site.db.schema.alterTable('resource').dropColumn('lists_refresh_error').execute()
    await site.db.schema.alterTable('site').dropColumn('lists_refresh_hours').execute()
    await sql`delete from kysely_migration where name >= '0016-scan-freshness'`.execute(site.db)
    await site.db.updateTable('site').set({ schema_version: 15 }).execute()
    await site.close()

    site = await openSiteDb(location)
    try {
      expect(
        await site.db.selectFrom('site').select(['schema_version', 'lists_refresh_hours']).execute(),
      ).toEqual([{ schema_version: schemaVersion, lists_refresh_hours: 24 }])
      expect(
        await site.db
          .selectFrom('resource')
          .select(['name', 'lists_updated_at', 'lists_refresh_error'])
          .execute(),
      ).toEqual([{ name: 'web-01', lists_updated_at: null, lists_refresh_error: '' }])
    } finally {
      await site.close()
    }
  })
})
