import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import { windowToRow, parseMaintenanceWindow } from '../../../../main/core/maintenance-windows/windows'
import type { Services } from '../../../../main/core/runtime/services'
import { openSiteDb } from '../../../../main/site/site-db'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'
import { fakeClock } from '../engine/engine-harness'

/** Polls the API until `check` answers a value (the engine runs in the background; no timed assertion). */
async function until<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  for (;;) {
    const v = await check()
    if (v) return v
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('deployments to SIMULATED lab hosts over SSH', () => {
  let fleet: LabFleet
  let keyFile: string
  let next = 0
  const opened: Services[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 8, seed: 11, windowsShare: 0, rebootDowntimeMs: 300 })
    keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-deploy-')))
  }, 60_000)

  afterAll(async () => {
    for (const s of opened) await s.close()
    await fleet?.stop()
  })

  /** A site with `n` fresh lab hosts, connected (keys trusted) and scanned. */
  async function siteWith(location: string, n: number, clock = fakeClock(new Date().toISOString())) {
    const { services, api } = await newSite(location, 'LAB', clock)
    opened.push(services)
    const hosts = fleet.hosts.slice(next, next + n)
    next += n
    await addLabClients(api, hosts, keyFile)
    const targets = { collectionId: 'LAB00001' }
    await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
    await services.wait(
      (await api.invoke('clients:scan', { targets, force: true, trustNewHostKeys: false })).id,
    )
    return { services, api, hosts, clock }
  }

  const requiredOn = async (api: Transport, name: string) => {
    const r = (await api.invoke('resources:list', {})).find((x) => x.name === name)!
    const msgs = await api.invoke('state:list', { resourceId: r.id, topicType: 500 })
    return msgs.filter((m) => m.stateId === 2).map((m) => m.updateId!)
  }

  for (const engine of siteEngines()) {
    it(`installs each required update once, rescans and reports 402/10 and 500/3 (${engine.kind})`, async () => {
      const { api, hosts } = await siteWith(engine.freshLocation('deploy'), 2)
      const wanted = (await requiredOn(api, hosts[0]!.name))
        .filter((u) => !u.includes('linux-image'))
        .slice(0, 2)
      expect(wanted.length).toBeGreaterThan(0)
      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: wanted,
        deadline: new Date().toISOString(),
        settings: { reboot: 'allow' },
      })
      expect(d.mandatory).toBe(true)
      await api.invoke('deploy:run', { id: d.id })
      const end = await api.invoke('deploy:wait', { id: d.id })
      const status = await api.invoke('deploy:status', { id: d.id })
      expect(end.state, JSON.stringify(status.clients)).toBe('succeeded')
      const first = status.clients.find((c) => c.name === hosts[0]!.name)!
      expect(first).toMatchObject({
        stepState: 'succeeded',
        enforcementStateId: 10,
        enforcementStateName: 'Successfully installed update',
      })
      for (const u of first.updates)
        expect(u).toMatchObject({ enforcementStateId: 10, applicabilityStateId: 3 })
      // The host ran each install exactly once.
      const log = fleet.state(hosts[0]!.name).installLog
      for (const u of wanted) {
        const pkg = u.split(':')[1]!
        expect(log.filter((r) => r.item === pkg).map((r) => r.replays)).toEqual([0])
      }
      // 402 states in their documented order for the first update.
      const r0 = (await api.invoke('resources:list', {})).find((x) => x.name === hosts[0]!.name)!
      const seq = (
        await api.invoke('state:list', { resourceId: r0.id, topicType: 402, updateId: wanted[0]! })
      )
        .reverse()
        .map((m) => `${m.stateId} ${m.stateName}`)
      expect(seq).toEqual([
        '7 Pending installation',
        '8 Installing update',
        '10 Successfully installed update',
      ])
      const topics = new Set((await api.invoke('state:list', { resourceId: r0.id })).map((m) => m.topicType))
      for (const t of [300, 301, 302, 402, 500]) expect(topics.has(t)).toBe(true)
    }, 120_000)

    it(`waits for the maintenance window on the fake clock, then installs (${engine.kind})`, async () => {
      const location = engine.freshLocation('window')
      const clock = fakeClock('2025-03-03T08:00:00.000Z')
      const { api, hosts } = await siteWith(location, 1, clock)
      const wanted = (await requiredOn(api, hosts[0]!.name))
        .filter((u) => !u.includes('linux-image'))
        .slice(0, 1)
      const db = await openSiteDb(location)
      await db.db
        .insertInto('maintenance_window')
        .values(
          windowToRow(
            parseMaintenanceWindow({
              collectionId: 'LAB00001',
              name: 'Nightly',
              start: '2025-03-03T22:00',
              timeZone: 'UTC',
              durationMinutes: 120,
              recurrence: { kind: 'daily' },
            }),
          ),
        )
        .execute()
      await db.close()
      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: wanted,
        deadline: '2025-03-03T09:00:00.000Z',
        availableAt: '2025-03-03T07:00:00.000Z',
      })
      await api.invoke('deploy:run', { id: d.id })
      const waiting = await until(async () => {
        const s = await api.invoke('deploy:status', { id: d.id })
        return s.clients[0]!.stepState === 'waiting' && s
      })
      expect(waiting.clients[0], JSON.stringify(waiting)).toMatchObject({
        enforcementStateId: 4,
        enforcementStateName: 'Waiting for maintenance window before installing',
      })
      expect(waiting.clients[0]!.message).toMatch(
        /Waiting for the maintenance window at 2025-03-03T22:00:00.000Z/,
      )
      expect(fleet.state(hosts[0]!.name).installLog).toHaveLength(0)
      clock.set('2025-03-03T22:00:00.000Z')
      await api.invoke('deploy:run', { id: d.id })
      expect((await api.invoke('deploy:wait', { id: d.id })).state).toBe('succeeded')
      expect(fleet.state(hosts[0]!.name).installLog).toHaveLength(1)
      expect((await api.invoke('deploy:status', { id: d.id })).clients[0]!.enforcementStateId).toBe(10)
    }, 120_000)
  }
})
