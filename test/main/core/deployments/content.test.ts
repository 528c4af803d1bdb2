import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeploymentsService } from '../../../../main/core/deployments/service'
import { EventBus } from '../../../../main/core/runtime/event-bus'
import { recordPackageFiles, setPackageUpdates } from '../../../../main/core/packages/content-rows'
import { createMemoryPrefs } from '../../../../main/core/runtime/prefs'
import { noSecrets } from '../../../../main/core/runtime/secrets'
import type { Services } from '../../../../main/core/runtime/services'
import { createSiteContext } from '../../../../main/core/runtime/site-context'
import { openSiteDb } from '../../../../main/site/site-db'
import { localAptRepoSkipReason, startLocalAptRepo, type LocalAptRepo } from '../../../support/local-apt-repo'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { sshdSkipReason, startSshd, type TestSshd } from '../../../support/sshd'
import { userOwnedDir } from '../../clients/distribution/helpers'

const skip = localAptRepoSkipReason() ?? sshdSkipReason()

/**
 * Content from a distribution point, with real peers on 127.0.0.1: the point is the test user's sshd
 * (the package distributed there by the distribution service), the client is this machine as root through
 * its own sshd with patchbay-testpkg 1.0 installed. The deployment package carries the 1.1 .deb; the
 * client gets it from the point over SFTP, verifies it, installs it with apt-get from that file (the
 * repository's pool is never asked for it) and the temp folder is removed. Two client resources on the
 * same machine and a per-point limit of 1 show the limit: the second starts only after the first installed.
 */
describe.skipIf(skip !== null)('deployment content from a distribution point', () => {
  let repo: LocalAptRepo | undefined
  let rootSshd: TestSshd | undefined
  let dpSshd: TestSshd | undefined
  const keyDir = mkdtempSync(join(tmpdir(), 'pb-content-key-'))
  const dpKey = join(keyDir, 'dp_ed25519')
  const opened: Array<{ close(): Promise<unknown> }> = []
  const cleanups: string[] = []

  beforeAll(async () => {
    repo = await startLocalAptRepo()
    rootSshd = await startSshd({ user: 'root' })
    dpSshd = await startSshd()
    writeFileSync(dpKey, dpSshd.privateKey, { mode: 0o600 })
    await repo.addSource()
  }, 180_000) // may wait for another test file holding the machine-wide test package lock

  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {})
    await rootSshd?.stop()
    await dpSshd?.stop()
    await repo?.close() // purges the package and removes the source and its lists
    for (const d of [keyDir, ...cleanups]) rmSync(d, { recursive: true, force: true })
  })

  for (const engine of siteEngines()) {
    it(`copies, verifies and installs from the point; fails without a point when vendor source is not allowed (${engine.kind})`, async () => {
      const r = repo!
      await r.install(r.oldVersion)
      const location = engine.freshLocation('content')
      const { services, api } = await newSite(location, 'LAB')
      opened.push(services as Services)

      // The deployment package: the 1.1 .deb in its source folder, recorded as the update's file.
      const deb = r.debs.find((d) => d.version === r.newVersion)!
      const source = mkdtempSync(join(tmpdir(), 'pb-content-src-'))
      cleanups.push(source)
      mkdirSync(join(source, 'files'))
      copyFileSync(deb.path, join(source, 'files', basename(deb.path)))
      const updateId = `deb:${r.packageName}:all:${r.newVersion}`
      const pkg = await api.invoke('packages:create', { name: 'Testpkg 1.1', sourcePath: source })
      const filePath = `files/${basename(deb.path)}`

      const root = userOwnedDir('content')
      cleanups.push(root)
      const dp = await api.invoke('resources:create', {
        name: 'dp-1',
        address: '127.0.0.1',
        port: dpSshd!.port,
        user: dpSshd!.user,
        authMethod: 'key',
        identityFile: dpKey,
        roles: ['distribution point'],
      })
      await api.invoke('distribution:set-point', { resourceId: dp.id, rootPath: root })
      const client = (name: string) =>
        api.invoke('resources:create', {
          name,
          address: '127.0.0.1',
          port: rootSshd!.port,
          user: 'root',
          authMethod: 'key',
          identityFile: rootSshd!.identityFile,
        })
      const c1 = await client('this-machine')
      const c2 = await client('this-machine-again')
      const all = { resourceIds: [dp.id, c1.id, c2.id] }
      await services.wait((await api.invoke('clients:connect', { targets: all, trustNewHostKeys: true })).id)
      const clients = { resourceIds: [c1.id, c2.id] }
      const scan = await services.wait(
        (await api.invoke('clients:scan', { targets: clients, force: true, trustNewHostKeys: false })).id,
      )
      expect(scan.hosts.map((h) => h.state)).toEqual(['succeeded', 'succeeded'])

      const site = await openSiteDb(location)
      opened.push(site)
      await site.db.transaction().execute(async (trx) => {
        await recordPackageFiles(trx, pkg.id, [
          { path: filePath, size: deb.size, sha256: deb.sha256, updateId },
        ])
        await setPackageUpdates(trx, pkg.id, [updateId])
      })
      const create = () =>
        api.invoke('deploy:create', {
          collectionId: 'LAB00001',
          packageId: pkg.id,
          deadline: new Date().toISOString(),
          settings: {
            reboot: 'suppress',
            allowVendorSource: false,
            aptOptions: r.aptOptions.filter((o) => o !== '-o'),
            resourceIds: [c1.id, c2.id],
          },
        })

      // No point has the package yet and the vendor source is not allowed: the hosts fail, saying so.
      const refused = await create()
      await api.invoke('deploy:run', { id: refused.id })
      expect((await api.invoke('deploy:wait', { id: refused.id })).state).toBe('failed')
      const why = `no distribution point has package Testpkg 1.1 and vendor source is not allowed`
      expect((await api.invoke('deploy:status', { id: refused.id })).clients).toEqual([
        expect.objectContaining({
          name: 'this-machine',
          stepState: 'failed',
          message: why,
          enforcementStateId: 11,
        }),
        expect.objectContaining({ name: 'this-machine-again', stepState: 'failed', message: why }),
      ])
      expect(await r.installedVersion()).toBe('1.0')

      // Distribute, then deploy through an engine that lets one host at a time use the point.
      const task = await api.invoke('distribution:distribute', { packageId: pkg.id, resourceIds: [dp.id] })
      expect((await services.waitTask(task.taskId)).state).toBe('succeeded')
      expect(existsSync(join(root, pkg.id, filePath))).toBe(true)
      const d = await create()
      const ctx = createSiteContext(
        site,
        'LAB',
        {
          prefs: createMemoryPrefs(),
          clock: () => new Date(),
          frontDoor: 'in-process',
          secrets: noSecrets(),
        },
        new EventBus(),
      )
      const deployments = createDeploymentsService(ctx, {
        secrets: noSecrets(),
        limits: { perDistributionPoint: 1 },
      })
      opened.unshift({ close: () => deployments.stop() })
      const requestsBefore = r.requests.length
      const run = await deployments.run({ id: d.id, start: true })
      const steps = await site.db
        .selectFrom('job_step')
        .select(['resource_id', 'scope_dp'])
        .where('job_id', '=', run.jobId)
        .orderBy('id')
        .execute()
      expect(steps.map((s) => [Number(s.resource_id), Number(s.scope_dp)])).toEqual([
        [c1.id, dp.id],
        [c2.id, dp.id],
      ])
      const end = await deployments.wait(d.id)
      const status = await deployments.status(d.id)
      expect(end.state, JSON.stringify(status.clients)).toBe('succeeded')
      expect(await r.installedVersion()).toBe('1.1')
      // apt-get installed the copied file: the repository's pool was not asked for the .deb.
      expect(r.requests.slice(requestsBefore).map((q) => q.path)).not.toContain(`/${deb.filename}`)
      expect(status.clients).toEqual([
        expect.objectContaining({ name: 'this-machine', stepState: 'succeeded', enforcementStateId: 10 }),
        // One host at a time on the point: the second evaluated after the first had installed 1.1.
        expect.objectContaining({
          name: 'this-machine-again',
          stepState: 'succeeded',
          message: 'Compliant: none of the updates is required',
        }),
      ])

      const lines = (await deployments.logs({ deploymentId: d.id, limit: 1000 })).map((l) => l.text)
      const folder = `/root/.patchbay/content/${pkg.id}`
      expect(lines.filter((l) => l.startsWith('Copy '))).toEqual([
        `Copy ${filePath} (${deb.size} bytes) from distribution point dp-1 to ${folder}/${filePath}`,
      ])
      // sha256sum on the client printed the package_file hash.
      expect(lines.find((l) => l.includes('verified on this-machine by sha256sum'))).toContain(
        `${deb.sha256}  ${filePath}`,
      )
      expect(lines.find((l) => l.startsWith('$ apt-get'))).toContain(`'${folder}/${filePath}'`)
      expect(lines).toContain(`Removed ${folder} from this-machine`)
      expect(existsSync(folder)).toBe(false)
    }, 300_000)
  }
})
