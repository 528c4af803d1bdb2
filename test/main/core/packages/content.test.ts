import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import type { Services } from '../../../../main/core/runtime/services'
import { setPackageUpdates, packageUpdateIds } from '../../../../main/core/packages/content-rows'
import { localAptPoolSkipReason, startLocalAptPool, type LocalAptPool } from '../../../support/local-apt-pool'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'
import { openSiteDb } from '../../../../main/site/site-db'
import { readCatalogSnapshot } from '../../../../main/core/catalog/snapshot'

const skip = localAptPoolSkipReason('bookworm-security')

describe.skipIf(skip !== null).each(siteEngines())(
  'package content and bundles on $kind (real upgradable Debian packages served on 127.0.0.1)',
  (engine) => {
    let pool: LocalAptPool
    const open: Services[] = []
    let work: string

    beforeAll(async () => {
      pool = await startLocalAptPool({ suite: 'bookworm-security', count: 3 })
      work = mkdtempSync(join(tmpdir(), 'pb-content-core-'))
    }, 600_000)
    afterAll(() => pool?.close())
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close()
    })

    const site = async (label: string): Promise<{ api: Transport; services: Services; location: string }> => {
      const location = engine.freshLocation(label)
      const s = await newSite(location)
      open.push(s.services)
      return { ...s, location }
    }

    const syncedSite = async (label: string) => {
      const s = await site(label)
      await s.api.invoke('catalog:sources-add', {
        name: 'security',
        baseUrl: pool.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
      })
      const [sync] = await s.api.invoke('catalog:sync', { sourceName: 'security' })
      expect(sync).toMatchObject({ state: 'succeeded' })
      return s
    }
    const updateIds = () => pool.packages.map((p) => `deb:${p.package}:${p.architecture}:${p.version}`)

    it('downloads a package’s content verified against apt’s index, into an owner-only folder, and Verify package names changes', async () => {
      const { api, services, location } = await syncedSite('download')
      const source = join(work, `${engine.kind}-pkg`, 'source')
      const pkg = await api.invoke('packages:create', { name: 'Security updates', sourcePath: source })
      const db = await openSiteDb(location)
      try {
        await db.db.transaction().execute((trx) => setPackageUpdates(trx, pkg.id, updateIds()))
        expect(await packageUpdateIds(db.db, pkg.id)).toEqual([...updateIds()].sort())
      } finally {
        await db.close()
      }
      const before = await api.invoke('packages:verify', { id: pkg.id })
      expect(before.ok).toBe(false)
      expect(before.problems.filter((p) => p.problem.startsWith('not downloaded'))).toHaveLength(3)

      const task = await api.invoke('packages:download', { id: pkg.id })
      const done = await services.waitTask(task.taskId)
      expect(done).toMatchObject({ state: 'succeeded', done: 3, failed: 0, total: 3, result: pkg.id })
      expect(statSync(source).mode & 0o777).toBe(0o700)
      const files = await api.invoke('packages:files', { id: pkg.id })
      expect(files.map((f) => [f.path, f.size, f.sha256, f.updateId]).sort()).toEqual(
        pool.packages
          .map((p) => [
            p.filename.split('/').pop(),
            p.size,
            p.sha256,
            `deb:${p.package}:${p.architecture}:${p.version}`,
          ])
          .sort(),
      )
      for (const f of files)
        expect(
          createHash('sha256')
            .update(readFileSync(join(source, f.path)))
            .digest('hex'),
        ).toBe(f.sha256)
      expect(pool.poolRequests).not.toHaveLength(0)
      expect(await api.invoke('packages:verify', { id: pkg.id })).toEqual({ ok: true, problems: [] })

      const again = await services.waitTask((await api.invoke('packages:download', { id: pkg.id })).taskId)
      expect(again.items.map((i) => i.state)).toEqual(['skipped', 'skipped', 'skipped'])

      const [a, b] = files
      writeFileSync(join(source, a!.path), 'tampered')
      unlinkSync(join(source, b!.path))
      writeFileSync(join(source, 'stray.txt'), 'x')
      const after = await api.invoke('packages:verify', { id: pkg.id })
      expect(after.ok).toBe(false)
      expect(after.problems.map((p) => [p.path, p.problem.split(':')[0]]).sort()).toEqual(
        [
          [a!.path, 'changed'],
          [b!.path, 'missing'],
          ['stray.txt', 'extra file, not part of the package'],
        ].sort(),
      )
    }, 300_000)

    it('builds a signed bundle from the updates, verifies it, and imports it at another site as a package', async () => {
      const { api, services, location } = await syncedSite('bundle')
      const keys = await api.invoke('keys:create', { dir: join(work, `${engine.kind}-keys`) })
      expect(statSync(keys.privateKeyPath).mode & 0o777).toBe(0o600)
      const out = join(work, `${engine.kind}-updates.bundle`)
      const task = await api.invoke('bundles:build', {
        updateIds: updateIds(),
        out,
        signingKey: keys.privateKeyPath,
        packageName: 'Security updates',
      })
      const built = await services.waitTask(task.taskId)
      expect(built).toMatchObject({ state: 'succeeded', result: out, failed: 0 })
      expect(existsSync(`${out}.content`)).toBe(false)

      // The same updates as an update list, carried in a catalog snapshot: the offline build path.
      const db = await openSiteDb(location)
      try {
        await db.db
          .insertInto('update_list')
          .values({
            id: 'LAB0F000',
            name: 'Security picks',
            comment: '',
            created_at: '2024-01-01T00:00:00Z',
            updated_at: '2024-01-01T00:00:00Z',
          })
          .execute()
        await db.db
          .insertInto('update_list_item')
          .values(updateIds().map((update_id) => ({ list_id: 'LAB0F000', update_id })))
          .execute()
      } finally {
        await db.close()
      }
      const snapshotFile = join(work, `${engine.kind}-catalog.json`)
      const exported = await api.invoke('catalog:export-snapshot', { out: snapshotFile })
      expect(exported).toMatchObject({ out: snapshotFile, lists: 1 })
      const snapshot = await readCatalogSnapshot(snapshotFile)
      expect(snapshot.lists).toEqual([
        { name: 'Security picks', comment: '', updateIds: [...updateIds()].sort() },
      ])
      expect(
        snapshot.files
          .filter((f) => updateIds().includes(f.updateId))
          .map((f) => f.url.startsWith(pool.baseUrl)),
      ).toEqual([true, true, true])
      const read = await api.invoke('catalog:read-snapshot', { file: snapshotFile })
      expect(read.updates.find((u) => u.id === updateIds()[0])).toMatchObject({
        fileCount: 1,
        size: pool.packages[0]!.size,
      })
      const fromList = join(work, `${engine.kind}-list.bundle`)
      const listTask = await api.invoke('bundles:build', {
        listName: 'security PICKS',
        catalogSnapshot: snapshotFile,
        out: fromList,
        signingKey: keys.privateKeyPath,
      })
      expect(await services.waitTask(listTask.taskId)).toMatchObject({ state: 'succeeded', result: fromList })
      await expect(
        api.invoke('bundles:build', {
          listName: 'nope',
          catalogSnapshot: snapshotFile,
          out: fromList,
          signingKey: keys.privateKeyPath,
        }),
      ).rejects.toThrow('No update list named "nope"')

      const verdict = await api.invoke('bundles:verify', { file: out, trustedKeys: [keys.publicKeyPath] })
      expect(verdict).toMatchObject({
        ok: true,
        problems: [],
        trusted: true,
        fileCount: 3,
        updateCount: 3,
        signer: keys.fingerprint,
      })

      const other = await site('import')
      const root = join(work, `${engine.kind}-imported`)
      const imp = await other.services.waitTask(
        (
          await other.api.invoke('bundles:import', {
            file: out,
            trustedKeys: [keys.publicKeyPath],
            sourceRoot: root,
          })
        ).taskId,
      )
      expect(imp).toMatchObject({ state: 'succeeded', error: '' })
      const pkg = await other.api.invoke('packages:get', { id: imp.result })
      expect(pkg).toMatchObject({ name: 'Security updates', sourcePath: join(root, imp.result) })
      expect(pkg.programs.map((p) => p.name)).toEqual(['Install updates'])
      expect(readdirSync(pkg.sourcePath).sort()).toEqual(
        pool.packages.map((p) => p.filename.split('/').pop()).sort(),
      )
      expect(await other.api.invoke('packages:verify', { id: pkg.id })).toEqual({ ok: true, problems: [] })
      expect((await other.api.invoke('packages:files', { id: pkg.id })).map((f) => f.sha256).sort()).toEqual(
        pool.packages.map((p) => p.sha256).sort(),
      )
    }, 300_000)
  },
)
