import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import type { Services } from '../../../../main/core/runtime/services'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'
import { fakeClock } from '../engine/engine-harness'

/** Retrying a time-limited run whose limit has passed: the retry gets a window of its own (fake clock). */
describe('retry of a time-limited run on SIMULATED lab hosts', () => {
  let fleet: LabFleet
  let keyFile: string
  let next = 0
  const opened: Services[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 4, seed: 91, windowsShare: 0, rebootDowntimeMs: 200 })
    keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-retry-')))
  }, 60_000)

  afterAll(async () => {
    for (const s of opened) await s.close()
    await fleet?.stop()
  })

  for (const engine of siteEngines()) {
    it(`a retry after the limit passed runs the unstarted host in a fresh window (${engine.kind})`, async () => {
      const clock = fakeClock(new Date().toISOString())
      const { services, api } = await newSite(engine.freshLocation('retry-window'), 'LAB', clock)
      opened.push(services)
      const hosts = fleet.hosts.slice(next, next + 2)
      next += 2
      await addLabClients(api, hosts, keyFile)
      const targets = { collectionId: 'LAB00001' }
      await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
      await services.wait(
        (await api.invoke('clients:scan', { targets, force: true, trustNewHostKeys: false })).id,
      )
      const resources = await api.invoke('resources:list', {})
      const required = async (name: string) =>
        (
          await api.invoke('state:list', {
            resourceId: resources.find((r) => r.name === name)!.id,
            topicType: 500,
          })
        )
          .filter((m) => m.stateId === 2 && !m.updateId!.includes('linux-image'))
          .map((m) => m.updateId!)
      // One update each host needs (the same one when they share it).
      const wanted = [
        ...new Set([(await required(hosts[0]!.name))[0]!, (await required(hosts[1]!.name))[0]!]),
      ]

      // The first computer's scan moves the clock two hours on: past the run's 30-minute limit.
      let moved = ''
      services.events.on('deploy:log', (l) => {
        if (!moved && l.kind === 'output' && l.text.startsWith('Scan completed')) {
          moved = l.computer
          clock.advance(2 * 3_600_000)
        }
      })
      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: wanted,
        deadline: new Date(clock().getTime() - 60_000).toISOString(),
        settings: { runName: 'Limited', durationMinutes: 30, maxConcurrent: 1, reboot: 'suppress' },
      })
      await api.invoke('deploy:run', { id: d.id })
      const first = await api.invoke('deploy:wait', { id: d.id })
      expect(first.timeLimitReached).toBe(true)
      const other = hosts.map((h) => h.name).find((n) => n !== moved)!
      const before = (await api.invoke('deploy:status', { id: d.id })).clients.find((c) => c.name === other)!
      expect(before).toMatchObject({
        stepState: 'cancelled',
        message: 'Not started — run time limit reached',
      })

      // Retry well after the limit: the host runs now instead of being cancelled again at once.
      clock.advance(3_600_000)
      const retryAt = clock().getTime()
      await api.invoke('deploy:retry', { id: d.id })
      const end = await api.invoke('deploy:wait', { id: d.id })
      const after = await api.invoke('deploy:status', { id: d.id })
      expect(end.state, JSON.stringify(after.clients)).toBe('succeeded')
      expect(after.clients.find((c) => c.name === other)!.stepState).toBe('succeeded')
      expect(fleet.state(other).installLog.length).toBeGreaterThan(0)
      const [run] = await api.invoke('deploy:runs', { deploymentId: d.id })
      expect(Date.parse(run!.endsAt!)).toBe(retryAt + 30 * 60_000)
    }, 180_000)
  }
})
