import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openSiteDb, schemaVersion } from '../../../../main/site/site-db'
import { seedSite } from '../../../../main/site/site-setup'
import { siteEngines } from '../../../support/site-engines'

describe.each(siteEngines())('migration 0017-restart-status on $kind', (engine) => {
  it('adds the restart columns to an existing site: clients keep their rows, services start as "not checked"', async () => {
    const location = engine.freshLocation('m17')
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
        reboot_pending: 1,
        last_scan_at: null,
        scan_state: null,
        lists_updated_at: null,
        services_to_restart: null,
        created_at: 't',
        updated_at: 't',
      })
      .execute()
    // Back to the site as it was before 0017.
    await site.db.schema.alterTable('resource').dropColumn('reboot_reasons').execute()
    await site.db.schema.alterTable('resource').dropColumn('services_to_restart').execute()
    await site.db.schema.alterTable('resource').dropColumn('services_note').execute()
    // 0018 came after it: undone too.
    await site.db.schema.alterTable('software_update').dropColumn('support_url').execute()
    await site.db.schema.alterTable('software_update').dropColumn('security_bulletin').execute()
    await sql`delete from kysely_migration where name >= '0017-restart-status'`.execute(site.db)
    await site.db.updateTable('site').set({ schema_version: 16 }).execute()
    await site.close()

    site = await openSiteDb(location)
    try {
      expect(await site.db.selectFrom('site').select('schema_version').execute()).toEqual([
        { schema_version: schemaVersion },
      ])
      expect(
        await site.db
          .selectFrom('resource')
          .select(['name', 'reboot_pending', 'reboot_reasons', 'services_to_restart', 'services_note'])
          .execute(),
      ).toEqual([
        {
          name: 'web-01',
          reboot_pending: 1,
          reboot_reasons: '[]',
          services_to_restart: null,
          services_note: '',
        },
      ])
    } finally {
      await site.close()
    }
  })
})
