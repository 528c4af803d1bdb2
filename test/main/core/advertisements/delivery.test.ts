import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../main/core/runtime/services'
import {
  CATALOG_SUITE,
  localAptRepoSkipReason,
  startLocalAptRepo,
  type LocalAptRepo,
} from '../../../support/local-apt-repo'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'
import { sshdSkipReason, startSshd, type TestSshd } from '../../../support/sshd'
import { startSftpSshd, userOwnedDir } from '../../clients/distribution/helpers'

const skip = localAptRepoSkipReason() ?? sshdSkipReason()

/**
 * The seed 004 flow against real peers on 127.0.0.1: a catalog synced from the local apt repository, the
 * Distribute Software Updates wizard downloads patchbay-testpkg 1.1 into a package, its program is advertised
 * to a collection holding this machine (root through its own sshd). Without a distribution point the client
 * fails, saying so; once the package is on a point (the test user's sshd over SFTP), the client gets the .deb
 * from there, the program's apt-get installs it from its folder, Advertisement Status shows Succeeded and
 * message 10008, and the folder is gone again.
 */
describe.skipIf(skip !== null)('an advertised wizard package installs on this machine', () => {
  let repo: LocalAptRepo | undefined
  let client: TestSshd | undefined
  let point: TestSshd | undefined
  const work = mkdtempSync(join(tmpdir(), 'pb-adv-delivery-'))
  const opened: Services[] = []
  const roots: string[] = []

  beforeAll(async () => {
    repo = await startLocalAptRepo()
    client = await startSshd({ user: 'root' })
    point = await startSftpSshd()
    await repo.addSource()
  }, 180_000) // may wait for another test file holding the machine-wide test package lock

  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {})
    await client?.stop()
    await point?.stop()
    await repo?.close()
    for (const d of [work, ...roots]) rmSync(d, { recursive: true, force: true })
  })

  for (const engine of siteEngines()) {
    it(`wizard package → advertisement → installed from a distribution point, status 10008 (${engine.kind})`, async () => {
      const r = repo!
      await r.install(r.oldVersion)
      const { services, api } = await newSite(engine.freshLocation('adv-delivery'), 'LAB')
      opened.push(services)
      await api.invoke('catalog:sources-add', {
        name: 'test-repo',
        baseUrl: r.url,
        suite: CATALOG_SUITE,
        allowUnsigned: true,
      })
      const [sync] = await api.invoke('catalog:sync', { sourceName: 'test-repo' })
      expect(sync).toMatchObject({ state: 'succeeded' })

      const keyFile = join(work, `${engine.kind}-dp_ed25519`)
      writeFileSync(keyFile, point!.privateKey, { mode: 0o600 })
      const root = userOwnedDir('adv-delivery')
      roots.push(root)
      const dp = await api.invoke('resources:create', {
        name: 'dp-1',
        address: '127.0.0.1',
        port: point!.port,
        user: point!.user,
        authMethod: 'key',
        identityFile: keyFile,
        roles: ['distribution point'],
      })
      await api.invoke('distribution:set-point', { resourceId: dp.id, rootPath: root })
      const machine = await api.invoke('resources:create', {
        name: 'this-machine',
        address: '127.0.0.1',
        port: client!.port,
        user: 'root',
        authMethod: 'key',
        identityFile: client!.identityFile,
      })
      const both = { resourceIds: [dp.id, machine.id] }
      await services.wait((await api.invoke('clients:connect', { targets: both, trustNewHostKeys: true })).id)
      const targets = { resourceIds: [machine.id] }
      const scan = await services.wait(
        (await api.invoke('clients:scan', { targets, force: false, trustNewHostKeys: false })).id,
      )
      expect(scan.hosts[0]!.state, scan.hosts[0]!.message).toBe('succeeded')

      // The wizard: the update this machine needs, downloaded from the repository into a new package.
      const updateId = `deb:${r.packageName}:all:${r.newVersion}`
      const candidates = await api.invoke('wizard:candidates', { updateType: 'debian|Updates' })
      expect(candidates.find((c) => c.id === updateId)).toMatchObject({ required: 1 })
      const folder = join(work, `${engine.kind}-pkg`)
      const download = await api.invoke('wizard:download', { folder, updateIds: [updateId] })
      await services.waitTask(download.task!.taskId)
      const made = await api.invoke('wizard:finish', {
        sessionId: download.sessionId,
        name: 'Testpkg 1.1',
        programName: 'Install',
        updateType: 'debian|Updates',
        sourcePath: folder,
        updateIds: [updateId],
        // This machine must never restart: servers (every Linux client) postpone the restart.
        settings: { postponeRestarts: 'servers' },
      })
      const pkg = await api.invoke('packages:get', { id: made.packageId })
      expect(pkg.programs[0]).toMatchObject({ name: 'Install', afterRunning: 'patchbay-restarts' })

      const only = await api.invoke('collections:create', {
        name: 'This machine',
        rules: [{ kind: 'direct', resourceId: machine.id }],
      })
      const ad = await api.invoke('advertisements:create', {
        name: 'Install Testpkg 1.1',
        packageId: made.packageId,
        programName: 'Install',
        collectionId: only.id,
        availableAt: new Date(Date.now() - 60_000).toISOString(),
        rerun: 'always',
      })

      // No point has the package: the client fails, naming why, and nothing is installed.
      await api.invoke('advertisements:run', { id: ad.id })
      expect((await api.invoke('advertisements:wait', { id: ad.id })).state).toBe('failed')
      const refused = await api.invoke('advertisements:status', { id: ad.id })
      expect(refused.clients).toEqual([
        expect.objectContaining({
          name: 'this-machine',
          state: 'Failed',
          message: expect.stringContaining('No distribution point has package Testpkg 1.1'),
        }),
      ])
      expect(await r.installedVersion()).toBe(r.oldVersion)

      // On a point, the package reaches the client and its program installs it.
      const sent = await api.invoke('distribution:distribute', {
        packageId: made.packageId,
        resourceIds: [dp.id],
      })
      expect((await services.waitTask(sent.taskId)).state).toBe('succeeded')
      const served = r.requests.length
      await api.invoke('advertisements:run', { id: ad.id })
      expect((await api.invoke('advertisements:wait', { id: ad.id })).state).toBe('succeeded')
      expect(await r.installedVersion()).toBe(r.newVersion)
      const status = await api.invoke('advertisements:status', { id: ad.id })
      expect(status.summary).toMatchObject({ targeted: 1, succeeded: 1, failed: 0 })
      expect(status.clients[0]).toMatchObject({
        state: 'Succeeded',
        message: expect.stringContaining('restart postponed: servers may postpone restarts'),
      })
      const ids = status.messages.map((m) => m.messageId).filter((id) => id !== null)
      expect(ids.slice(0, 3)).toEqual([10008, 10005, 10002])
      expect(status.messages.map((m) => m.text)).toContainEqual(
        expect.stringMatching(
          /^1 file\(s\) of package Testpkg 1\.1 copied from distribution point dp-1 to .* and verified by SHA-256\.$/,
        ),
      )
      // The package's settings: a scan before the program and one after it, so compliance is current at once.
      expect(status.messages.map((m) => m.text)).toEqual(
        expect.arrayContaining([
          'this-machine scanned before the program.',
          'this-machine scanned after the program.',
        ]),
      )
      const state = await api.invoke('state:list', { resourceId: machine.id, topicType: 500, updateId })
      expect(state[0]).toMatchObject({ stateId: 3, stateName: 'Update is installed' })
      // The repository was never asked for the .deb: it came from the point. The folder is removed again.
      expect(r.requests.slice(served)).toEqual([])
      if (process.getuid?.() === 0)
        expect(existsSync(join('/root/.patchbay/advertised', made.packageId))).toBe(false)
    }, 300_000)
  }
})
