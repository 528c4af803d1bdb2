import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import type { DeployLogLineDto } from '../../../../shared/dto/deployment'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import type { Services } from '../../../../main/core/runtime/services'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'
import { fakeClock, type FakeClock } from '../engine/engine-harness'

/** Update runs: name, duration limit, computer list; per-computer logs live and searchable. */
describe('update runs on SIMULATED lab hosts', () => {
  let fleet: LabFleet
  let keyFile: string
  let next = 0
  const opened: Services[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 10, seed: 57, windowsShare: 0, rebootDowntimeMs: 200 })
    keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-runs-')))
  }, 60_000)

  afterAll(async () => {
    for (const s of opened) await s.close()
    await fleet?.stop()
  })

  async function siteWith(location: string, n: number, clock: FakeClock) {
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
    return { services, api, hosts }
  }

  /** One required (non-kernel) update every host needs, with its catalog details. */
  async function commonRequired(api: Transport, names: string[]) {
    const resources = await api.invoke('resources:list', {})
    let common: string[] | null = null
    for (const name of names) {
      const r = resources.find((x) => x.name === name)!
      const req = (await api.invoke('state:list', { resourceId: r.id, topicType: 500 }))
        .filter((m) => m.stateId === 2 && !m.updateId!.includes('linux-image'))
        .map((m) => m.updateId!)
      common = common === null ? req : common.filter((u) => req.includes(u))
    }
    const id = common![0]!
    const u = (await api.invoke('updates:list', {})).find((x) => x.id === id)
    return { id, resources, update: u }
  }

  for (const engine of siteEngines()) {
    it(`a named run on an explicit computer list logs each computer's lines, live and searchable (${engine.kind})`, async () => {
      const clock = fakeClock(new Date().toISOString())
      const { services, api, hosts } = await siteWith(engine.freshLocation('runs'), 2, clock)
      const { id, resources, update } = await commonRequired(
        api,
        hosts.map((h) => h.name),
      )
      const chosen = resources.find((r) => r.name === hosts[0]!.name)!
      const live: DeployLogLineDto[] = []
      services.events.on('deploy:log', (l) => live.push(l))
      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: [id],
        deadline: new Date().toISOString(),
        settings: { runName: 'Patch Tuesday wave 1', resourceIds: [chosen.id], reboot: 'suppress' },
      })
      const started = await api.invoke('deploy:run', { id: d.id })
      expect(started.runName).toBe('Patch Tuesday wave 1')
      expect((await api.invoke('deploy:wait', { id: d.id })).state).toBe('succeeded')
      const status = await api.invoke('deploy:status', { id: d.id })
      expect(status.clients.map((c) => c.name)).toEqual([hosts[0]!.name])
      expect(fleet.state(hosts[1]!.name).installLog).toHaveLength(0)

      const runs = await api.invoke('deploy:runs', { deploymentId: d.id })
      expect(runs).toMatchObject([
        { name: 'Patch Tuesday wave 1', resourceIds: [chosen.id], state: 'succeeded', durationMinutes: null },
      ])

      const byRun = await api.invoke('deploy:logs', { runName: 'patch tuesday WAVE 1' })
      expect(byRun.length).toBeGreaterThan(3)
      expect(new Set(byRun.map((l) => l.computer))).toEqual(new Set([hosts[0]!.name]))
      // Every stored line was pushed live, in the same order.
      expect(live.map((l) => l.id)).toEqual(byRun.map((l) => l.id))
      const texts = byRun.map((l) => l.text)
      expect(texts.some((t) => /^\$ apt-get install -y -q /.test(t))).toBe(true)
      expect(texts.some((t) => /^exit 0/.test(t))).toBe(true)
      expect(texts).toContain('State 402/10 Successfully installed update')
      expect(texts.at(-1)).toMatch(
        /^Step succeeded: Installed; restart suppressed|^Step succeeded: Compliant/,
      )

      // Found by the update's package, its title, the computer, and the line text.
      const pkg = id.split(':')[1]!
      const byPkg = await api.invoke('deploy:logs', { text: pkg })
      expect(byPkg.some((l) => l.update.id === id && l.update.package === update!.package)).toBe(true)
      expect(byPkg.find((l) => l.text.startsWith('State 402/8'))?.update.title).toBe(update!.title)
      if (update!.title) {
        const byTitle = await api.invoke('deploy:logs', { text: update!.title.slice(0, 12) })
        expect(byTitle.length).toBeGreaterThan(0)
      }
      const byComputer = await api.invoke('deploy:logs', { resourceId: chosen.id })
      expect(byComputer.map((l) => l.id)).toEqual(byRun.map((l) => l.id))
      expect(await api.invoke('deploy:logs', { text: 'no-such-thing-%' })).toEqual([])
      expect(await api.invoke('deploy:logs', { runName: 'Another run' })).toEqual([])

      // A computer outside the collection is refused, naming it.
      await expect(api.invoke('deploy:run', { id: d.id, resourceIds: [9999] })).rejects.toThrow(
        /9999 are not members of collection All Systems/,
      )
    }, 180_000)

    it(`a duration limit leaves clients not started once it passes; the running one finishes (${engine.kind})`, async () => {
      const clock = fakeClock(new Date().toISOString())
      const { services, api, hosts } = await siteWith(engine.freshLocation('runs-limit'), 3, clock)
      const { id } = await commonRequired(api, [hosts[0]!.name])
      // The first computer's scan moves the clock past the 30-minute limit while it runs.
      let moved = ''
      services.events.on('deploy:log', (l) => {
        if (!moved && l.kind === 'output' && l.text.startsWith('Scan completed')) {
          moved = l.computer
          clock.advance(2 * 3_600_000)
        }
      })
      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: [id],
        deadline: new Date(clock().getTime() - 60_000).toISOString(),
        settings: { runName: 'Limited', durationMinutes: 30, maxConcurrent: 1, reboot: 'suppress' },
      })
      await api.invoke('deploy:run', { id: d.id })
      await api.invoke('deploy:wait', { id: d.id })
      const s = await api.invoke('deploy:status', { id: d.id })
      const first = s.clients.find((c) => c.name === moved)!
      expect(first.stepState).toBe('succeeded')
      const others = s.clients.filter((c) => c.name !== moved)
      expect(others).toHaveLength(2)
      for (const c of others) {
        expect(c).toMatchObject({ message: 'Not started — run time limit reached', enforcementStateId: null })
        expect(['cancelled', 'skipped']).toContain(c.stepState)
        expect(fleet.state(c.name).installLog).toHaveLength(0)
      }
      const [run] = await api.invoke('deploy:runs', { deploymentId: d.id })
      expect(run).toMatchObject({ name: 'Limited', durationMinutes: 30 })
      expect(Date.parse(run!.endsAt!) - Date.parse(run!.startedAt)).toBe(30 * 60_000)

      // A template's "duration (hours available)" is its deployments' run limit.
      const t = await api.invoke('templates:create', { name: 'Two days', settings: { durationHours: 48 } })
      const fromTemplate = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: [id],
        templateId: t.id,
      })
      expect(fromTemplate.settings.durationMinutes).toBe(48 * 60)
    }, 180_000)
  }
})
