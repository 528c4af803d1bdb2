import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { startLabFleet, type LabFleet, type LabHostEntry } from '../../../../main/clients/lab'
import type { Services } from '../../../../main/core/runtime/services'
import { openSiteDb } from '../../../../main/site/site-db'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'

/** A loopback port nobody listens on (webhook deliveries to it are refused). */
async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as { port: number }).port
  await new Promise((r) => srv.close(r))
  return port
}

describe('deployment actions on SIMULATED lab hosts: Windows WUA script, restarts, retry, ticket failures', () => {
  let fleet: LabFleet
  let keyFile: string
  const used = new Set<string>()
  const opened: Services[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 20, seed: 5, windowsShare: 0.5, rebootDowntimeMs: 300 })
    keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-deploy-act-')))
  }, 60_000)

  afterAll(async () => {
    for (const s of opened) await s.close()
    await fleet?.stop()
  })

  const take = (pred: (h: LabHostEntry) => boolean): LabHostEntry => {
    const h = fleet.hosts.find((x) => !used.has(x.name) && pred(x))
    if (!h) throw new Error('no lab host left for this test')
    used.add(h.name)
    return h
  }
  const windowsWithRebootUpdate = (h: LabHostEntry) => {
    const s = fleet.state(h.name)
    return (
      s.platform === 'windows' &&
      s.visibleWindowsUpdates().some((u) => u.rebootRequired && !s.installedUpdateIds.has(u.updateId))
    )
  }

  async function siteWith(location: string, hosts: LabHostEntry[]) {
    const { services, api } = await newSite(location, 'LAB')
    opened.push(services)
    await addLabClients(api, hosts, keyFile)
    const targets = { collectionId: 'LAB00001' }
    await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
    await services.wait((await api.invoke('clients:scan', { targets, force: true })).id)
    return { services, api }
  }

  const resourceOf = async (api: Transport, name: string) =>
    (await api.invoke('resources:list', {})).find((x) => x.name === name)!

  for (const engine of siteEngines()) {
    it(`installs on Windows through the WUA install script, restarts the host and rescans (${engine.kind})`, async () => {
      const host = take(windowsWithRebootUpdate)
      const state = fleet.state(host.name)
      const update = state
        .visibleWindowsUpdates()
        .find((u) => u.rebootRequired && !state.installedUpdateIds.has(u.updateId))!
      const { api } = await siteWith(engine.freshLocation('win'), [host])
      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: [update.updateId],
        deadline: new Date().toISOString(),
        settings: { reboot: 'allow' },
      })
      await api.invoke('deploy:run', { id: d.id })
      const end = await api.invoke('deploy:wait', { id: d.id })
      const status = await api.invoke('deploy:status', { id: d.id })
      expect(end, JSON.stringify(status.clients)).toMatchObject({
        state: 'succeeded',
        timeLimitReached: false,
      })
      expect(status.clients[0]).toMatchObject({ stepState: 'succeeded', enforcementStateId: 10 })
      expect(state.installLog.filter((r) => r.item === update.updateId)).toHaveLength(1)
      expect(state.rebootPending).toBe(false)
      const r = await resourceOf(api, host.name)
      expect(r.rebootPending).toBe(false)
      const lines = await api.invoke('deploy:logs', { deploymentId: d.id })
      expect(lines.some((l) => l.kind === 'output' && /1 installed, restart required/.test(l.text))).toBe(
        true,
      )
      expect(lines.some((l) => l.kind === 'reboot' && /answered again/.test(l.text))).toBe(true)
    }, 120_000)

    it(`restarts clients on demand: skips those with no pending restart unless forced (${engine.kind})`, async () => {
      const win = take(windowsWithRebootUpdate)
      const deb = take((h) => fleet.state(h.name).platform === 'debian')
      const state = fleet.state(win.name)
      const update = state
        .visibleWindowsUpdates()
        .find((u) => u.rebootRequired && !state.installedUpdateIds.has(u.updateId))!
      state.installUpdate(update.updateId, new Date())
      expect(state.rebootPending).toBe(true)
      const { services, api } = await siteWith(engine.freshLocation('reboot'), [win, deb])
      expect((await resourceOf(api, win.name)).rebootPending).toBe(true)
      const bootBefore = fleet.state(deb.name).bootTime.getTime()
      const job = await api.invoke('clients:reboot', { targets: { collectionId: 'LAB00001' } })
      const done = await services.wait(job.id)
      expect(done).toMatchObject({ kind: 'reboot', title: 'Restart 2 clients' })
      const byName = new Map(done.hosts.map((h) => [h.name, h]))
      expect(byName.get(win.name)).toMatchObject({ state: 'succeeded' })
      expect(byName.get(win.name)!.message).toMatch(
        /^restarted; answered again after \d+ s; no restart pending$/,
      )
      expect(byName.get(deb.name)).toMatchObject({ state: 'skipped' })
      expect(state.rebootPending).toBe(false)
      expect((await resourceOf(api, win.name)).rebootPending).toBe(false)
      expect(fleet.state(deb.name).bootTime.getTime()).toBe(bootBefore)
      const forced = await services.wait(
        (
          await api.invoke('clients:reboot', {
            targets: { resourceIds: [(await resourceOf(api, deb.name)).id] },
            force: true,
          })
        ).id,
      )
      expect(forced.hosts[0]).toMatchObject({ state: 'succeeded' })
      expect(fleet.state(deb.name).bootTime.getTime()).toBeGreaterThan(bootBefore)
      const audit = await api.invoke('status:list', { limit: 50 })
      expect(
        audit.some((m) => m.component === 'Client Reboot' && m.message.startsWith(`${deb.name}: restarted`)),
      ).toBe(true)
    }, 120_000)

    it(`makes webhook delivery failures visible, then retries only the chosen host (${engine.kind})`, async () => {
      const a = take(
        (h) => fleet.state(h.name).platform === 'debian' && fleet.state(h.name).debian!.id === 'debian',
      )
      const b = take(
        (h) => fleet.state(h.name).platform === 'debian' && fleet.state(h.name).debian!.id === 'debian',
      )
      const location = engine.freshLocation('ticket')
      const { api } = await siteWith(location, [a, b])
      const required = async (name: string) =>
        (await api.invoke('state:list', { resourceId: (await resourceOf(api, name)).id, topicType: 500 }))
          .filter((m) => m.stateId === 2 && !m.updateId!.includes('linux-image'))
          .map((m) => m.updateId!)
      const onB = await required(b.name)
      const upd = { id: (await required(a.name)).find((u) => onB.includes(u))! }
      expect(upd.id, 'an update both hosts require').toBeTruthy()
      // The catalog asks for a version no mirror has: apt-get fails, the rescan still says Required → a ticket.
      const db = await openSiteDb(location)
      const good = (
        await db.db
          .selectFrom('software_update')
          .select('version')
          .where('id', '=', upd!.id)
          .executeTakeFirstOrThrow()
      ).version
      await db.db
        .updateTable('software_update')
        .set({ version: '0.0.0-missing' })
        .where('id', '=', upd!.id)
        .execute()
      const port = await closedPort()
      await api.invoke('deploy:webhooks-add', { url: `http://127.0.0.1:${port}/tickets` })
      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: [upd!.id],
        deadline: new Date().toISOString(),
        settings: { maxAttempts: 1 },
      })
      await api.invoke('deploy:run', { id: d.id })
      const end = await api.invoke('deploy:wait', { id: d.id })
      const status = await api.invoke('deploy:status', { id: d.id })
      expect(end.state, JSON.stringify(status.clients)).toBe('failed')
      for (const c of status.clients) {
        expect(c.stepState).toBe('failed')
        expect(c.message).toContain(`not delivered: http://127.0.0.1:${port}/tickets:`)
      }
      const errors = (await api.invoke('status:list', { limit: 100 })).filter(
        (m) =>
          m.severity === 'error' &&
          m.component === 'Deployment Manager' &&
          m.message.includes('could not be delivered'),
      )
      expect(errors.length).toBe(2)
      expect(errors[0]!.message).toContain(`http://127.0.0.1:${port}/tickets`)

      // Retry only host a, with the catalog fixed: a succeeds, b stays failed and untouched.
      await db.db.updateTable('software_update').set({ version: good }).where('id', '=', upd!.id).execute()
      await db.close()
      const ra = await resourceOf(api, a.name)
      const rb = await resourceOf(api, b.name)
      await expect(api.invoke('deploy:retry', { id: d.id, resourceIds: [999_999] })).rejects.toThrow(
        /not part of job/,
      )
      const installsOfB = fleet.state(b.name).installLog.length
      await api.invoke('deploy:retry', { id: d.id, resourceIds: [ra.id] })
      await api.invoke('deploy:wait', { id: d.id })
      const after = await api.invoke('deploy:status', { id: d.id })
      const byId = new Map(after.clients.map((c) => [c.resourceId, c]))
      expect(byId.get(ra.id)).toMatchObject({ stepState: 'succeeded', enforcementStateId: 10 })
      expect(byId.get(rb.id)).toMatchObject({ stepState: 'failed' })
      expect(fleet.state(b.name).installLog.length).toBe(installsOfB)
    }, 120_000)
  }
})
