import { existsSync } from 'node:fs'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryPrefs } from '../../../main/core/runtime/prefs'
import type { Services } from '../../../main/core/runtime/services'
import { initSite } from '../../../main/core/runtime/site-init'
import { startServices } from '../../../main/core/runtime/start-services'
import { openSiteDb, schemaVersion } from '../../../main/site/site-db'
import { seedSite } from '../../../main/site/site-setup'
import { siteEngines } from '../../support/site-engines'

const tables = [
  'site',
  'resource',
  'collection',
  'collection_rule',
  'collection_member',
  'package',
  'program',
  'package_file',
  'package_dp_status',
  'advertisement',
  'advertisement_status',
  'software_update',
  'update_file',
  'update_list',
  'update_list_item',
  'deployment_template',
  'deployment',
  'deployment_package',
  'maintenance_window',
  'state_name',
  'state_message',
  'compliance_summary',
  'job',
  'job_step',
  'inventory_hardware',
  'inventory_software',
  'audit_event',
  'host_key',
  'secret',
  'client_update_state',
]

describe.each(siteEngines())('site database on $kind', (engine) => {
  let services: Services | undefined
  afterEach(async () => {
    await services?.close()
    services = undefined
  })

  it('migrates the whole SMS object model and fills state_name with every seeded state', async () => {
    const location = engine.freshLocation('schema')
    const info = await initSite({ site: location, code: 'LAB', name: 'Lab Site' })
    expect(info).toMatchObject({ code: 'LAB', name: 'Lab Site', dbKind: engine.kind, schemaVersion })
    const site = await openSiteDb(location)
    try {
      const present = (await site.db.introspection.getTables()).map((t) => t.name)
      expect(present).toEqual(expect.arrayContaining(tables))
      const names = await site.db.selectFrom('state_name').selectAll().execute()
      const of = (topic: number) =>
        names.filter((n) => Number(n.topic_type) === topic).map((n) => Number(n.state_id))
      expect(of(402)).toEqual([...Array(15).keys()])
      expect(of(500)).toEqual([0, 1, 2, 3])
      expect(of(300)).toEqual([0, 1, 2, 3])
      expect(of(301)).toHaveLength(12)
      expect(of(501)).toHaveLength(7)
      const named = (topic: number, id: number) =>
        names.find((n) => Number(n.topic_type) === topic && Number(n.state_id) === id)?.state_name
      expect(named(402, 10)).toBe('Successfully installed update')
      expect(named(500, 2)).toBe('Update is required')
    } finally {
      await site.close()
    }
  })

  it('creates the default site on first start only when asked, and refuses to re-code a site', async () => {
    const location = engine.freshLocation('default')
    if (engine.kind === 'sqlite') {
      await expect(startServices({ site: location, frontDoor: 'in-process' })).rejects.toThrow(
        /No site at .*site init/,
      )
      expect(existsSync(location)).toBe(false)
    } else {
      await expect(startServices({ site: location, frontDoor: 'in-process' })).rejects.toThrow(
        /No site in .*site init/,
      )
    }
    services = await startServices({
      site: location,
      frontDoor: 'in-process',
      prefs: createMemoryPrefs(),
      createIfMissing: true,
    })
    expect(await services.info()).toMatchObject({ code: 'PBY', name: 'Patchbay Site' })
    await services.close()
    services = undefined
    await expect(initSite({ site: location, code: 'LAB', name: 'x' })).rejects.toThrow(
      /already holds site PBY/,
    )
    await expect(initSite({ site: location, code: 'PBY', name: 'again' })).resolves.toMatchObject({
      code: 'PBY',
    })
  })

  it('keeps data across reopen', async () => {
    const location = engine.freshLocation('reopen')
    services = await startServices({ site: location, frontDoor: 'in-process', createIfMissing: true })
    await services.handlers['resources:create']({
      authMethod: 'auto',
      transport: 'ssh',
      identityFile: '',
      simulated: false,
      name: 'r1',
      address: '127.0.0.5',
      port: 2222,
      user: 'patch',
      platform: 'debian',
      osVersion: '',
      roles: [],
    })
    await services.close()
    services = await startServices({ site: location, frontDoor: 'in-process' })
    const list = await services.handlers['resources:list']({})
    expect(list).toEqual([
      expect.objectContaining({ name: 'r1', port: 2222, user: 'patch', osFamily: 'linux' }),
    ])
    expect((await services.handlers['collections:get']({ id: 'PBY00003' })).memberCount).toBe(1)
  })
})

describe.each(siteEngines())('reopening a site on $kind', (engine) => {
  it('runs the migrations an older site lacks, and leaves an up-to-date site as it is', async () => {
    const location = engine.freshLocation('older')
    let site = await openSiteDb(location)
    await seedSite(site.db, 'OLD', 'Older Site', new Date().toISOString())
    // Make it a version-11 site: the last migration's table, trigger and record gone; one client's states kept.
    await site.db
      .insertInto('resource')
      .values({
        name: 'c1',
        address: '127.0.0.9',
        port: 22,
        user: 'u',
        platform: 'debian',
        os_version: '',
        roles: '[]',
        simulated: 0,
        last_scan_at: null,
        scan_state: null,
        created_at: 't',
        updated_at: 't',
      })
      .execute()
    await site.db
      .insertInto('software_update')
      .values({
        id: 'deb:a:amd64:1',
        vendor: 'debian',
        title: 'a 1',
        kb: '',
        revision: 1,
        classification: 'Updates',
        product: 'Debian 12',
        severity: '',
        package: 'a',
        version: '1',
        suite: 'bookworm',
        release_date: null,
        size: 0,
        sha256: '',
        superseded_by: '',
        source: 'reported by clients',
        created_at: 't',
      })
      .execute()
    const { id } = await site.db.selectFrom('resource').select('id').executeTakeFirstOrThrow()
    await site.db
      .insertInto('client_update_state')
      .values({ resource_id: id, update_id: 'deb:a:amd64:1', state_id: 2, installed_version: '', time: 't' })
      .execute()
    await sql`drop trigger client_update_state_forget ${sql.raw(engine.kind === 'postgres' ? 'on client_update_state' : '')}`.execute(
      site.db,
    )
    if (engine.kind === 'postgres') await sql`drop function update_state_count_forget()`.execute(site.db)
    await site.db.schema.dropTable('update_state_count').execute()
    // Version 11 had no allow_unsigned column, and an APT source without a keyring took unsigned Release files.
    await site.db.schema.alterTable('catalog_source').dropColumn('allow_unsigned').execute()
    await site.db.schema.alterTable('catalog_source').dropColumn('signer').execute()
    await site.db.schema.alterTable('program').dropColumn('keep_content').execute()
    await site.db.schema.alterTable('resource').dropColumn('lists_updated_at').execute()
    await site.db.schema.alterTable('resource').dropColumn('lists_refresh_error').execute()
    await site.db.schema.alterTable('site').dropColumn('lists_refresh_hours').execute()
    await site.db.schema.alterTable('resource').dropColumn('reboot_reasons').execute()
    await site.db.schema.alterTable('resource').dropColumn('services_to_restart').execute()
    await site.db.schema.alterTable('resource').dropColumn('services_note').execute()
    await site.db.schema.alterTable('software_update').dropColumn('support_url').execute()
    await site.db.schema.alterTable('software_update').dropColumn('security_bulletin').execute()
    await sql`insert into catalog_source (name, kind, base_url, suite, components, architectures, keyring, allow_expired, created_at)
      values ('old', 'apt', 'http://127.0.0.1/debian', 'bookworm', '["main"]', '["amd64"]', '', 0, 't')`.execute(
      site.db,
    )
    await sql`delete from kysely_migration where name > '0011-update-runs'`.execute(site.db)
    await site.db.updateTable('site').set({ schema_version: 11 }).execute()
    await site.close()

    site = await openSiteDb(location)
    const version = await site.db.selectFrom('site').select('schema_version').executeTakeFirstOrThrow()
    expect(version.schema_version).toBe(schemaVersion)
    // The new counters start from the states the site already had.
    expect(await site.db.selectFrom('update_state_count').selectAll().execute()).toEqual([
      { update_id: 'deb:a:amd64:1', state_id: 2, n: 1 },
    ])
    // Its APT source now needs a signature: Debian's keyring unless an admin allows unsigned files.
    expect(
      await site.db
        .selectFrom('catalog_source')
        .select(['keyring', 'allow_unsigned'])
        .where('name', '=', 'old')
        .execute(),
    ).toEqual([{ keyring: '/usr/share/keyrings/debian-archive-keyring.gpg', allow_unsigned: 0 }])
    await site.close()

    site = await openSiteDb(location)
    const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      site.db,
    )
    expect(names.rows.map((r) => r.name).at(-1)).toBe('0018-wsus-metadata')
    expect(names.rows).toHaveLength(schemaVersion)
    await site.close()
  })
})

describe('site codes', () => {
  it('rejects codes that are not three letters or digits', async () => {
    await expect(initSite({ site: '/tmp/never-created.db', code: 'LA', name: 'x' })).rejects.toMatchObject({
      field: 'code',
    })
    await expect(initSite({ site: '/tmp/never-created.db', code: '1AB', name: 'x' })).rejects.toMatchObject({
      field: 'code',
    })
    expect(existsSync('/tmp/never-created.db')).toBe(false)
  })
})
