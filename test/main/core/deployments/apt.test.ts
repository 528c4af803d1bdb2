import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../main/core/runtime/services'
import { localAptRepoSkipReason, startLocalAptRepo, type LocalAptRepo } from '../../../support/local-apt-repo'
import { startRootSshd, type RootSshd } from '../../../support/root-sshd'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { addThisMachine } from '../../../support/this-machine'
import { sshdSkipReason } from '../../../support/sshd'

const skip = localAptRepoSkipReason() ?? sshdSkipReason()

/**
 * The real peer: this machine, reached as root through a private sshd on 127.0.0.1, with the test package
 * 1.0 installed and 1.1 offered by a local apt repository. Scan → required, deploy through the engine →
 * installed by apt-get (scoped to the repository's source list), rescan → 500/3 and 402/10.
 */
describe.skipIf(skip !== null)('deployment of a real .deb over SSH to this machine', () => {
  let repo: LocalAptRepo | undefined
  let sshd: RootSshd | undefined
  const opened: Services[] = []

  beforeAll(async () => {
    repo = await startLocalAptRepo()
    sshd = await startRootSshd()
    await repo.addSource()
  }, 180_000) // may wait for another test file holding the machine-wide test package lock

  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {})
    await sshd?.stop()
    await repo?.close() // purges the package and removes the source and its lists
  })

  for (const engine of siteEngines()) {
    it(`scan → required, deploy → installed, rescan → 500/3 and 402/10 (${engine.kind})`, async () => {
      const r = repo!
      await r.install(r.oldVersion)
      expect(await r.installedVersion()).toBe('1.0')
      const { services, api } = await newSite(engine.freshLocation('apt'), 'LAB')
      opened.push(services)
      const host = await addThisMachine(services, api, sshd!)
      const targets = { resourceIds: [host.id] }
      const keys = await api.invoke('hostkeys:list', {})
      expect(keys.map((k) => k.fingerprint)).toEqual([sshd!.hostKeyFingerprint])
      const scan = await services.wait(
        (await api.invoke('clients:scan', { targets, force: true, trustNewHostKeys: false })).id,
      )
      expect(scan.hosts[0]!.state, scan.hosts[0]!.message).toBe('succeeded')

      const updateId = `deb:${r.packageName}:all:${r.newVersion}`
      const applic = () => api.invoke('state:list', { resourceId: host.id, topicType: 500, updateId })
      expect((await applic())[0]).toMatchObject({ stateId: 2, stateName: 'Update is required' })

      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: [updateId],
        deadline: new Date().toISOString(),
        // Never restart this machine; install from the local repository's source list only.
        settings: { reboot: 'suppress', aptOptions: r.aptOptions.filter((o) => o !== '-o') },
      })
      await api.invoke('deploy:run', { id: d.id })
      const end = await api.invoke('deploy:wait', { id: d.id })
      const status = await api.invoke('deploy:status', { id: d.id })
      expect(end.state, JSON.stringify(status.clients)).toBe('succeeded')

      expect(await r.installedVersion()).toBe('1.1')
      expect(r.requests).toContainEqual({ path: `/${r.debs[1]!.filename}`, status: 200 })
      expect(status.clients).toEqual([
        expect.objectContaining({
          name: 'this-machine',
          stepState: 'succeeded',
          enforcementStateId: 10,
          enforcementStateName: 'Successfully installed update',
          updates: [
            {
              updateId,
              enforcementStateId: 10,
              enforcementStateName: 'Successfully installed update',
              applicabilityStateId: 3,
            },
          ],
        }),
      ])
      // The rescan after the install recorded 500/3; the 402 states follow their documented order.
      expect((await applic())[0]).toMatchObject({ stateId: 3, stateName: 'Update is installed' })
      const enforcement = await api.invoke('state:list', { resourceId: host.id, topicType: 402, updateId })
      expect(enforcement.reverse().map((m) => `${m.stateId} ${m.stateName}`)).toEqual([
        '7 Pending installation',
        '8 Installing update',
        '10 Successfully installed update',
      ])
      const perDeployment = await api.invoke('state:list', { resourceId: host.id, topicType: 301 })
      expect(perDeployment[0]).toMatchObject({ stateId: 4, stateName: expect.stringMatching(/installed/i) })
    }, 240_000)
  }
})
