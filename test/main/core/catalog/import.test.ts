import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { cabextractAvailable } from '../../../../main/clients/catalog/wsus-cab'
import { createCatalogScheduler } from '../../../../main/core/catalog/schedule'
import { createCatalogService } from '../../../../main/core/catalog/service'
import { EventBus } from '../../../../main/core/runtime/event-bus'
import type { Ports } from '../../../../main/core/runtime/ports'
import { createMemoryPrefs } from '../../../../main/core/runtime/prefs'
import type { Services } from '../../../../main/core/runtime/services'
import { createSiteContext } from '../../../../main/core/runtime/site-context'
import { openSiteDb } from '../../../../main/site/site-db'
import { buildCab } from '../../clients/catalog/cab-writer'
import { buildPackageXml, type FixtureUpdate } from '../../clients/catalog/wsus-fixture'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'
import { peerMissing } from '../../../support/peers'
import { codeSigningSkipReason, makeTestSigner, signCab } from '../../../support/code-signing'

const SECURITY = '0fa1201d-4330-4fa8-8ae9-b877473b6441'
const CRITICAL = 'e6cf1350-c01b-414d-a61f-263d14d133b4'
const PRODUCT = '6964aab4-c5b5-43bd-a17d-ffb4346a8e1d'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

/** Three generations of one security update (1 ← 3 ← 5), a bundle member, and a critical update. */
const UPDATES: FixtureUpdate[] = [
  { id: id(1), rev: 1001, bundle: true, classification: SECURITY, products: [PRODUCT], supersededBy: [1003] },
  { id: id(2), rev: 1002, bundledBy: [1001], files: ['dI/r/6eaeuQoaxb/PDc7rzRAleY='] },
  { id: id(3), rev: 1003, bundle: true, classification: SECURITY, products: [PRODUCT], supersededBy: [1005] },
  { id: id(5), rev: 1005, bundle: true, classification: SECURITY, products: [PRODUCT] },
  { id: id(8), rev: 1008, bundle: true, classification: CRITICAL, created: '2000-01-01T00:00:00Z' },
]

function writeWsusCab(dir: string, updates = UPDATES): string {
  const xml = buildPackageXml(updates, [['dI/r/6eaeuQoaxb/PDc7rzRAleY=', 'http://127.0.0.1/kb.cab']])
  const inner = buildCab([{ name: 'package.xml', data: Buffer.from(xml) }])
  const file = join(dir, 'wsusscn2.cab')
  writeFileSync(file, buildCab([{ name: 'package.cab', data: inner }]))
  return file
}

const cabSkip = peerMissing(
  'cabextract',
  cabextractAvailable() ? null : 'cabextract missing (apt-get install cabextract)',
)

describe.skipIf(cabSkip !== null).each(siteEngines())(
  'catalog import, lists, rules, folders on $kind',
  (engine) => {
    let services: Services | undefined
    let api: Transport
    const dir = mkdtempSync(join(tmpdir(), 'pb-import-'))
    afterEach(async () => {
      await services?.close()
      services = undefined
    })
    const site = async (label: string, clock?: () => Date) => {
      const location = engine.freshLocation(label)
      const s = await newSite(location, 'LAB', clock)
      services = s.services
      api = s.api
      return location
    }

    it('imports wsusscn2.cab with supersedence, keeps superseded updates out of new lists, rules and searches', async () => {
      const location = await site('wsus')
      const cab = writeWsusCab(dir)
      const run = await api.invoke('catalog:import', { file: cab, allowUnsigned: true })
      expect(run).toMatchObject({ sourceName: 'wsusscn2', state: 'succeeded', newCount: 4, error: '' })
      const updates = await api.invoke('updates:list', { sourceName: 'wsusscn2' })
      const byId = new Map(updates.map((u) => [u.id, u]))
      expect([...byId.keys()].sort()).toEqual([id(1), id(3), id(5), id(8)])
      expect(byId.get(id(1))).toMatchObject({ supersededBy: id(3), classification: 'Security Updates' })
      expect(byId.get(id(3))!.supersededBy).toBe(id(5))
      expect(byId.get(id(5))).toMatchObject({
        supersededBy: '',
        reportedByClients: false,
        vendor: 'microsoft',
      })
      const [source] = await api.invoke('catalog:sources-list', {})
      expect(source).toMatchObject({ name: 'wsusscn2', kind: 'wsus', updateCount: 4 })
      // The bundle's payload (its member's file) is recorded with the catalog's SHA-1 digest, for downloads.
      const siteDb = await openSiteDb(location)
      try {
        const files = await siteDb.db
          .selectFrom('update_file')
          .select(['update_id', 'name', 'url', 'sha256'])
          .execute()
        expect(files).toEqual([
          {
            update_id: id(1),
            name: 'kb.cab',
            url: 'http://127.0.0.1/kb.cab',
            sha256: 'sha1:dI/r/6eaeuQoaxb/PDc7rzRAleY=',
          },
        ])
      } finally {
        await siteDb.close()
      }

      const list = await api.invoke('updatelists:create', {
        name: 'Patch Tuesday',
        updateIds: [id(1), id(3), id(5)],
      })
      expect(list.updateCount).toBe(1)
      await expect(
        api.invoke('updatelists:create', { name: 'patch tuesday', updateIds: [] }),
      ).rejects.toMatchObject({
        code: 'conflict',
        field: 'name',
      })
      await expect(api.invoke('updatelists:add', { id: list.id, updateIds: ['nope'] })).rejects.toMatchObject(
        {
          code: 'invalid-input',
        },
      )
      const rule = await api.invoke('updaterules:create', {
        name: 'Security',
        listId: list.id,
        criteria: { classifications: ['Security Updates'] },
      })
      const [ran] = await api.invoke('updaterules:run', { id: rule.id })
      expect(ran).toMatchObject({ matched: 1, added: 0 })
      const folder = await api.invoke('searchfolders:create', {
        name: 'Everything superseded',
        criteria: { superseded: 'only' },
      })
      expect(folder.count).toBe(2)
      const old = await api.invoke('searchfolders:create', { name: 'Old', criteria: { minAgeDays: 5000 } })
      expect((await api.invoke('searchfolders:results', { id: old.id })).map((u) => u.id)).toEqual([id(8)])

      // The next catalog supersedes id(5) by a new id(9): a re-sync changes id(5), adds id(9), and the rule adds it.
      writeWsusCab(dir, [
        ...UPDATES.map((u) => (u.id === id(5) ? { ...u, supersededBy: [1009] } : u)),
        { id: id(9), rev: 1009, bundle: true, classification: SECURITY, products: [PRODUCT] },
      ])
      const [resync] = await api.invoke('catalog:sync', { sourceName: 'wsusscn2' })
      expect(resync).toMatchObject({ state: 'succeeded', newCount: 1, changedCount: 1, expiredCount: 0 })
      const props = await api.invoke('updatelists:properties', { id: list.id })
      expect(props.updates.map((u) => u.id).sort()).toEqual([id(5), id(9)])
      expect(props.summary).toMatchObject({ required: 0, installed: 0, unknownClients: 0 })
      expect((await api.invoke('searchfolders:list', {})).find((f) => f.id === folder.id)!.count).toBe(3)
      const history = await api.invoke('catalog:history', {})
      expect(history.map((h) => h.state)).toEqual(['succeeded', 'succeeded'])
    })

    it('refuses a malformed catalog and writes nothing; imports a Microsoft Update Catalog CSV', async () => {
      await site('csv')
      const bad = join(dir, 'bad.xml')
      writeFileSync(
        bad,
        '<OfflineSyncPackage><Updates><Update UpdateId="zz" /></Updates></OfflineSyncPackage>',
      )
      const failed = await api.invoke('catalog:import', { file: bad, allowUnsigned: true })
      expect(failed.state).toBe('failed')
      expect(failed.error).toMatch(/bad\.xml/)
      expect(await api.invoke('updates:list', {})).toEqual([])
      const csv = join(dir, 'export.csv')
      writeFileSync(
        csv,
        'Title,Products,Classification,Last Updated,Version,Size,KB\n' +
          '"2024-05 Cumulative Update for Windows 11 (KB5037771)",Windows 11,Security Updates,5/14/2024,n/a,12.5 MB,KB5037771\n',
      )
      const run = await api.invoke('catalog:import', { file: csv, name: 'catalog-export' })
      expect(run).toMatchObject({ state: 'succeeded', newCount: 1, error: '' })
      const [u] = await api.invoke('updates:list', { sourceName: 'catalog-export' })
      expect(u).toMatchObject({ id: 'KB5037771', kb: '5037771', size: 13_107_200, products: ['Windows 11'] })
      await expect(api.invoke('catalog:import', { file: join(dir, 'x.txt') })).rejects.toMatchObject({
        code: 'invalid-input',
      })
    })

    it.skipIf(codeSigningSkipReason() !== null)(
      'imports a signed wsusscn2.cab only through its CA bundle and signer, re-verifying on every sync; unsigned only when asked',
      async () => {
        await site('signed')
        const signer = makeTestSigner('Microsoft Corporation', 'import')
        const plain = writeWsusCab(dir)
        const signed = signCab(signer, plain, join(dir, 'wsusscn2-signed.cab'))
        await expect(api.invoke('catalog:import', { file: signed })).rejects.toMatchObject({
          code: 'invalid-input',
          field: 'caBundle',
          message: expect.stringMatching(/A CA bundle is required to verify the Authenticode signature/),
        })
        const ok = await api.invoke('catalog:import', {
          file: signed,
          caBundle: signer.caBundle,
          name: 'wsus',
        })
        expect(ok).toMatchObject({ state: 'succeeded', newCount: 4 })
        const [source] = await api.invoke('catalog:sources-list', {})
        expect(source).toMatchObject({
          kind: 'wsus',
          signer: 'Microsoft Corporation',
          allowUnsigned: false,
          warnings: [],
        })
        // The file is replaced by an unsigned one: the next sync refuses it and writes nothing.
        writeFileSync(signed, readFileSync(plain))
        const [resync] = await api.invoke('catalog:sync', { sourceName: 'wsus' })
        expect(resync).toMatchObject({ state: 'failed' })
        expect(resync!.error).toMatch(/Authenticode signature refused: it is not signed/)
        const unsigned = await api.invoke('catalog:import', {
          file: plain,
          name: 'as-is',
          allowUnsigned: true,
        })
        expect(unsigned.state).toBe('succeeded')
        const sources = await api.invoke('catalog:sources-list', {})
        expect(sources.find((x) => x.name === 'as-is')!.warnings[0]).toMatch(/^UNSIGNED/)
        await expect(
          api.invoke('catalog:import', { file: join(dir, 'package.xml'), name: 'xml' }),
        ).rejects.toMatchObject({
          field: 'allowUnsigned',
          message: expect.stringMatching(/carries no signature/),
        })
      },
    )

    it('keeps deployment templates with their settings', async () => {
      await site('templates')
      const t = await api.invoke('templates:create', {
        name: 'Servers - no reboot',
        settings: {
          deadlineOffsetHours: 48,
          suppressRestartServers: true,
          maintenanceWindow: 'install-outside',
        },
      })
      expect(t.settings).toMatchObject({
        collectionId: null,
        deadlineOffsetHours: 48,
        suppressRestartServers: true,
        suppressRestartWorkstations: false,
        userNotification: 'display-all',
        downloadBehaviour: 'download-and-install',
      })
      await expect(
        api.invoke('templates:create', { name: 'x', settings: { collectionId: 'LAB0FFFF' } }),
      ).rejects.toMatchObject({ code: 'not-found' })
      const edited = await api.invoke('templates:update', { id: t.id, name: 'Servers' })
      expect(edited).toMatchObject({ name: 'Servers', settings: { deadlineOffsetHours: 48 } })
      expect(await api.invoke('templates:delete', { id: t.id })).toEqual({ deleted: 1 })
      expect(await api.invoke('templates:list', {})).toEqual([])
    })

    it('synchronizes a scheduled source when its interval passes, only while a sync host exists (fake clock)', async () => {
      let now = new Date('2024-06-01T10:00:00Z')
      const clock = () => now
      const location = await site('schedule', clock)
      await api.invoke('catalog:import', { file: writeWsusCab(dir), allowUnsigned: true })
      const scheduled = await api.invoke('catalog:schedule', { sourceName: 'wsusscn2', intervalMinutes: 60 })
      expect(scheduled).toMatchObject({ syncIntervalMinutes: 60, nextSyncAt: '2024-06-01T11:00:00.000Z' })
      const db = await openSiteDb(location)
      try {
        const ports = { prefs: createMemoryPrefs(), clock, frontDoor: 'in-process' } as unknown as Ports
        const ctx = createSiteContext(db, 'LAB', ports, new EventBus())
        const scheduler = createCatalogScheduler(ctx, createCatalogService(ctx))
        now = new Date('2024-06-01T11:30:00Z')
        expect(await scheduler.tick()).toEqual([]) // no sync host yet
        await api.invoke('resources:create', {
          name: 'sync01',
          address: '127.0.0.1',
          port: 22,
          user: 'patchbay',
          roles: ['sync host'],
        })
        const runs = await scheduler.tick()
        expect(runs.map((r) => [r.sourceName, r.state])).toEqual([['wsusscn2', 'succeeded']])
        now = new Date('2024-06-01T12:00:00Z')
        expect(await scheduler.tick()).toEqual([])
        now = new Date('2024-06-01T12:31:00Z')
        expect(await scheduler.tick()).toHaveLength(1)
        expect((await api.invoke('catalog:history', {})).length).toBe(3)
      } finally {
        await db.close()
      }
    })
  },
)
