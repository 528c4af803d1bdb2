import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openSiteDb, schemaVersion } from '../../../../main/site/site-db'
import { seedSite } from '../../../../main/site/site-setup'
import { siteEngines } from '../../../support/site-engines'

describe.each(siteEngines())('migration 0018-wsus-metadata on $kind', (engine) => {
  it('adds support_url and security_bulletin to an existing site: updates keep their rows, both start empty', async () => {
    const location = engine.freshLocation('m18')
    let site = await openSiteDb(location)
    await seedSite(site.db, 'LAB', 'Lab', '2026-01-01T00:00:00.000Z')
    await site.db
      .insertInto('software_update')
      .values({
        id: 'KB5037771',
        vendor: 'microsoft',
        title: '2024-05 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5037771)',
        kb: '5037771',
        revision: 0,
        classification: 'Security Updates',
        product: 'Windows 11',
        severity: 'Important',
        package: '',
        version: '',
        suite: '',
        release_date: null,
        size: 0,
        sha256: '',
        superseded_by: '',
        source: 'wsus',
        source_id: null,
        created_at: 't',
      })
      .execute()
    // Back to the site as it was before 0018.
    await site.db.schema.alterTable('software_update').dropColumn('support_url').execute()
    await site.db.schema.alterTable('software_update').dropColumn('security_bulletin').execute()
    await sql`delete from kysely_migration where name = '0018-wsus-metadata'`.execute(site.db)
    await site.db.updateTable('site').set({ schema_version: 17 }).execute()
    await site.close()

    site = await openSiteDb(location)
    try {
      expect(await site.db.selectFrom('site').select('schema_version').execute()).toEqual([
        { schema_version: schemaVersion },
      ])
      expect(
        await site.db
          .selectFrom('software_update')
          .select(['id', 'severity', 'support_url', 'security_bulletin'])
          .execute(),
      ).toEqual([{ id: 'KB5037771', severity: 'Important', support_url: '', security_bulletin: '' }])
    } finally {
      await site.close()
    }
  })
})
