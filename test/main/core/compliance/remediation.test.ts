import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import type { Services } from '../../../../main/core/runtime/services'
import { addLabClients, directCollection, writeLabKey } from '../../../support/lab-clients'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'
import { fakeClock } from '../engine/engine-harness'

async function until<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await check()
    if (v) return v
    if (i > 600) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe.each(siteEngines())(
  'remediation: Run and Schedule on approved recommendations on $kind (SIMULATED lab hosts)',
  (engine) => {
    let fleet: LabFleet
    const opened: Services[] = []
    let keyFile: string
    let next = 0

    beforeAll(async () => {
      fleet = await startLabFleet({ hosts: 6, seed: 23, windowsShare: 0 })
      keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-remediate-')))
    }, 60_000)
    afterAll(async () => {
      for (const s of opened) await s.close()
      await fleet?.stop()
    })

    /** A site with three scanned lab hosts in one collection, each one's first required update approved, and a check run. */
    async function checkedSite(label: string, clock = fakeClock(new Date().toISOString())) {
      const { services, api } = await newSite(engine.freshLocation(label), 'LAB', clock)
      opened.push(services)
      const hosts = fleet.hosts.slice(next, next + 3)
      next += 3
      const ids = await addLabClients(api, hosts, keyFile)
      const collectionId = await directCollection(api, 'Patch group', ids)
      const scan = await services.wait(
        (
          await api.invoke('clients:scan', {
            targets: { resourceIds: ids },
            force: true,
            trustNewHostKeys: true,
          })
        ).id,
      )
      expect(scan.hosts.every((h) => h.state === 'succeeded')).toBe(true)
      // The first required update of each computer, approved for the collection.
      const chosen: string[] = []
      for (const id of ids) {
        const [first] = await api.invoke('updates:list', { resourceId: id, state: 'required' })
        if (first && !chosen.includes(first.id)) chosen.push(first.id)
      }
      await api.invoke('approvals:approve', { collectionId, updateIds: chosen })
      await api.invoke('compliance:check', { collectionId })
      return { api, services, ids, hosts, collectionId, chosen, clock }
    }

    const installedBy = (host: string) => fleet.state(host).installLog.map((r) => r.target)

    it('Run: one deployment of exactly the approved recommendations to exactly their computers; they go Implemented', async () => {
      const { api, ids, hosts, collectionId } = await checkedSite('remediate-run')
      const recs = await api.invoke('recommendations:list', { collectionId })
      // One computer's recommendation is approved; another computer's stays Opened.
      const mine = recs[0]!
      const opened = recs.find((r) => r.resourceId !== mine.resourceId)!
      expect(opened).toBeDefined()
      await expect(api.invoke('remediation:deploy', { ids: [opened.id] })).rejects.toThrow(
        'None of the chosen recommendations is Approved; approve them first',
      )
      await api.invoke('recommendations:set-state', { ids: [mine.id], state: 'Approved' })
      const out = await api.invoke('remediation:deploy', { ids: [mine.id, opened.id] })
      expect(out).toMatchObject({
        collectionId,
        updateIds: [mine.updateId],
        resourceIds: [mine.resourceId],
        skipped: 1,
      })
      const d = await api.invoke('deploy:get', { id: out.deploymentId })
      expect(d).toMatchObject({ name: 'Remediation: 1 update on 1 computer', updateIds: [mine.updateId] })
      expect((await api.invoke('deploy:wait', { id: out.deploymentId })).state).toBe('succeeded')
      // Exactly that computer: the other was never touched.
      const host = (id: number) => hosts[ids.indexOf(id)]!.name
      expect(installedBy(host(opened.resourceId))).toEqual([])
      expect(installedBy(host(mine.resourceId))).toHaveLength(1)
      const after = await until(async () => {
        const now = await api.invoke('recommendations:list', { collectionId })
        return now.find((r) => r.id === mine.id)!.state === 'Implemented' && now
      })
      expect(after.find((r) => r.id === opened.id)!.state).toBe('Opened')
    }, 120_000)

    it('Schedule: the deployment waits for the chosen time; Approved Updates rows remediate every computer that needs them', async () => {
      const clock = fakeClock('2026-03-02T08:00:00.000Z')
      const { api, ids, hosts, collectionId, chosen } = await checkedSite('remediate-schedule', clock)
      await expect(
        api.invoke('remediation:deploy', {
          from: 'approvals',
          collectionId,
          updateIds: ['deb:nothing:all:1'],
        }),
      ).rejects.toThrow(`Not approved for collection ${collectionId}: deb:nothing:all:1`)
      const out = await api.invoke('remediation:deploy', {
        from: 'approvals',
        collectionId,
        updateIds: [chosen[0]!],
        at: '2026-03-02T22:00:00.000Z',
      })
      expect(out.availableAt).toBe('2026-03-02T22:00:00.000Z')
      const needing = out.resourceIds
      expect(needing.length).toBeGreaterThan(0)
      expect(needing.every((id) => ids.includes(id))).toBe(true)
      // Before the time nothing is installed.
      await until(async () => {
        const s = await api.invoke('deploy:status', { id: out.deploymentId })
        return s.clients.length === needing.length && s.clients.every((c) => c.stepState === 'waiting') && s
      })
      for (const h of hosts) expect(installedBy(h.name)).toEqual([])
      clock.set('2026-03-02T22:00:00.000Z')
      await api.invoke('deploy:run', { id: out.deploymentId })
      expect((await api.invoke('deploy:wait', { id: out.deploymentId })).state).toBe('succeeded')
      const touched = hosts.filter((h) => installedBy(h.name).length > 0)
      expect(touched).toHaveLength(needing.length)
    }, 120_000)
  },
)
