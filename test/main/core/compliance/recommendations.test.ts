import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import type { Services } from '../../../../main/core/runtime/services'
import { addLabClients, directCollection, writeLabKey } from '../../../support/lab-clients'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'

describe.each(siteEngines())(
  'approvals, compliance check and recommendations on $kind (lab hosts)',
  (engine) => {
    let fleet: LabFleet
    let services: Services
    let api: Transport
    let collectionId: string
    const ids: number[] = []
    const names: string[] = []

    const scan = async (resourceIds: number[]) =>
      services.wait(
        (await api.invoke('clients:scan', { targets: { resourceIds }, force: true, trustNewHostKeys: true }))
          .id,
      )

    beforeAll(async () => {
      fleet = await startLabFleet({ hosts: 2, seed: 11, windowsShare: 0 })
      const dir = mkdtempSync(join(tmpdir(), 'pb-recs-'))
      const keyFile = writeLabKey(fleet, dir)
      ;({ services, api } = await newSite(engine.freshLocation('recs')))
      ids.push(...(await addLabClients(api, fleet.hosts, keyFile)))
      names.push(...fleet.hosts.map((h) => h.name))
      collectionId = await directCollection(api, 'Patches_DE', ids)
    }, 60_000)

    afterAll(async () => {
      await services?.close()
      await fleet?.stop()
    })

    it('reports only approved updates, then follows a recommendation from Opened to Implemented', async () => {
      const unscanned = await api.invoke('compliance:check', { collectionId })
      expect(unscanned).toMatchObject({ clients: 2, scannedClients: 0, created: 0 })
      expect(unscanned.unscanned.sort()).toEqual([...names].sort())

      const job = await scan(ids)
      expect(job.hosts.every((h) => h.state === 'succeeded')).toBe(true)
      const needed = await api.invoke('updates:list', { resourceId: ids[0]!, state: 'required' })
      expect(needed.length).toBeGreaterThan(2)
      expect(needed.every((u) => u.reportedByClients)).toBe(true)

      // Nothing approved: the check reports nothing missing.
      expect(await api.invoke('compliance:check', { collectionId })).toMatchObject({ created: 0, opened: 0 })

      const [target, declined, other] = needed
      await api.invoke('approvals:approve', { collectionId, updateIds: [target!.id, declined!.id] })
      const check = await api.invoke('compliance:check', { collectionId })
      expect(check.approvedUpdates).toBe(2)
      const recs = await api.invoke('recommendations:list', { collectionId, resourceId: ids[0]! })
      expect(recs.map((r) => [r.updateId, r.state]).sort()).toEqual(
        [
          [target!.id, 'Opened'],
          [declined!.id, 'Opened'],
        ].sort(),
      )
      expect(recs.some((r) => r.updateId === other!.id)).toBe(false)
      expect(recs[0]!.recommendation).toMatch(/^Install the required software "/)

      const mine = recs.find((r) => r.updateId === target!.id)!
      expect(await api.invoke('recommendations:set-state', { ids: [mine.id], state: 'Approved' })).toEqual({
        changed: 1,
      })

      // Declining closes the update's recommendations.
      await api.invoke('approvals:decline', { collectionId, updateIds: [declined!.id] })
      const closed = await api.invoke('recommendations:list', { collectionId, updateId: declined!.id })
      expect(closed.every((r) => r.state === 'Closed')).toBe(true)

      // Installed by other means (an admin's apt-get on the client), then scanned: Implemented without a check.
      const installed = await services.wait(
        (
          await api.invoke('clients:exec', {
            targets: { resourceIds: [ids[0]!] },
            command: `apt-get install -y ${target!.package}`,
          })
        ).id,
      )
      expect(installed.hosts[0]!.state).toBe('succeeded')
      const moved = new Promise<void>((resolve) => {
        const off = api.on('site:changed', (e) => {
          if (e.entity === 'approvals') {
            off()
            resolve()
          }
        })
      })
      await scan([ids[0]!])
      await moved
      const [done] = await api.invoke('recommendations:list', {
        collectionId,
        resourceId: ids[0]!,
        updateId: target!.id,
      })
      expect(done).toMatchObject({ state: 'Implemented' })

      const groups = await api.invoke('recommendations:by-update', { collectionId })
      const g = groups.find((x) => x.updateId === target!.id)!
      expect(g.implemented).toBe(1)
      expect(g.computers).toBe(g.implemented + g.opened + g.approved + g.ignored + g.closed)
    })

    it('ignores recommendations in bulk and approves new required updates automatically', async () => {
      const [update] = await api.invoke('updates:list', { resourceId: ids[1]!, state: 'required' })
      await api.invoke('approvals:approve', { collectionId, updateIds: [update!.id] })
      await api.invoke('compliance:check', { collectionId })
      const ignored = await api.invoke('recommendations:set-state', {
        collectionId,
        updateIds: [update!.id],
        state: 'Ignored',
      })
      expect(ignored.changed).toBeGreaterThan(0)
      await api.invoke('compliance:check', { collectionId })
      const after = await api.invoke('recommendations:list', { collectionId, updateId: update!.id })
      expect(after.every((r) => r.state === 'Ignored')).toBe(true)

      await api.invoke('approvals:settings-set', { collectionId, autoApprove: true })
      const auto = await api.invoke('compliance:check', { collectionId })
      expect(auto.autoApproved).toBeGreaterThan(0)
      const approvals = await api.invoke('approvals:list', { collectionId })
      expect(approvals.filter((a) => a.action === 'approved').length).toBe(auto.approvedUpdates)
      const fresh = await api.invoke('recommendations:list', { collectionId, state: 'Approved' })
      expect(fresh.some((r) => r.note === 'approved automatically')).toBe(true)
      expect(auto.compliantClients).toBe(0)
    })
  },
)
