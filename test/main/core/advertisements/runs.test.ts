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

async function until<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  for (;;) {
    const v = await check()
    if (v) return v
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('advertisements run on SIMULATED lab hosts over SSH', () => {
  let fleet: LabFleet
  let keyFile: string
  let next = 0
  const opened: Services[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 16, seed: 41, windowsShare: 0 })
    keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-adv-')))
  }, 60_000)
  afterAll(async () => {
    for (const s of opened) await s.close()
    await fleet?.stop()
  })

  /** A site with two connected lab hosts and a package with programs "Hello" (echo) and "Broken" (false). */
  async function siteWith(location: string, clock = fakeClock(new Date().toISOString())) {
    const { services, api } = await newSite(location, 'LAB', clock)
    opened.push(services)
    const hosts = fleet.hosts.slice(next, next + 2)
    next += 2
    await addLabClients(api, hosts, keyFile)
    const targets = { collectionId: 'LAB00001' }
    await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
    const pkg = await api.invoke('packages:create', { name: 'Tools' })
    await api.invoke('programs:create', { packageId: pkg.id, name: 'Hello', commandLine: 'echo hello' })
    await api.invoke('programs:create', { packageId: pkg.id, name: 'Broken', commandLine: 'false' })
    return { api, hosts, clock, pkg, services }
  }

  for (const engine of siteEngines()) {
    it(`runs the program on every client, reports status and honours rerun behaviours (${engine.kind})`, async () => {
      const { api, pkg } = await siteWith(engine.freshLocation('adv'))
      const base = {
        packageId: pkg.id,
        collectionId: 'LAB00001',
        availableAt: new Date(Date.now() - 60_000).toISOString(),
      }
      const hello = await api.invoke('advertisements:create', {
        ...base,
        name: 'Hello once',
        programName: 'Hello',
        rerun: 'never',
      })
      const started = await api.invoke('advertisements:run', { id: hello.id })
      expect((await api.invoke('advertisements:wait', { id: hello.id })).state).toBe('succeeded')
      const s = await api.invoke('advertisements:status', { id: hello.id })
      expect(s).toMatchObject({
        jobId: started.jobId,
        jobState: 'succeeded',
        summary: { targeted: 2, received: 2, running: 0, succeeded: 2, failed: 0 },
      })
      for (const c of s.clients) expect(c).toMatchObject({ state: 'Succeeded', message: 'exit 0: hello' })
      // Per client: received, started, completed successfully (newest first).
      expect(s.messages.map((m) => m.messageId).sort()).toEqual([10002, 10002, 10005, 10005, 10008, 10008])
      expect(s.messages[0]!.text).toMatch(
        /^Program "Hello" completed successfully on .+ \(exit 0: hello\)\.$/,
      )

      // Never rerun: a second run skips both clients and keeps their status.
      await api.invoke('advertisements:run', { id: hello.id })
      expect((await api.invoke('advertisements:wait', { id: hello.id })).state).toBe('succeeded')
      const again = await api.invoke('advertisements:status', { id: hello.id })
      expect(again.summary.succeeded).toBe(2)
      expect(again.messages).toHaveLength(6)

      // A failing program: Failed with its exit code; "rerun if failed" runs it again, "if succeeded" would not.
      const broken = await api.invoke('advertisements:create', {
        ...base,
        name: 'Broken',
        programName: 'Broken',
        rerun: 'if-failed',
      })
      await api.invoke('advertisements:run', { id: broken.id })
      expect((await api.invoke('advertisements:wait', { id: broken.id })).state).toBe('failed')
      const b = await api.invoke('advertisements:status', { id: broken.id })
      expect(b.summary).toMatchObject({ received: 2, failed: 2, succeeded: 0 })
      expect(b.clients[0]!.message).toBe('exit 1')
      await api.invoke('advertisements:run', { id: broken.id })
      await api.invoke('advertisements:wait', { id: broken.id })
      const b2 = await api.invoke('advertisements:status', { id: broken.id })
      expect(b2.messages.filter((m) => m.messageId === 10006)).toHaveLength(4)
    }, 120_000)

    it(`a mandatory assignment waits for its time on the fake clock (${engine.kind})`, async () => {
      const clock = fakeClock('2025-03-03T08:00:00.000Z')
      const { api, pkg } = await siteWith(engine.freshLocation('adv-mand'), clock)
      const ad = await api.invoke('advertisements:create', {
        packageId: pkg.id,
        collectionId: 'LAB00001',
        name: 'Nightly hello',
        programName: 'Hello',
        availableAt: '2025-03-03T07:00:00.000Z',
        mandatory: true,
        assignments: [{ startAt: '2025-03-03T22:00:00.000Z' }],
        rerun: 'always',
      })
      // Assigned: its run is recorded on creation, without anyone pressing Run.
      const scheduled = await until(async () => {
        const s = await api.invoke('advertisements:status', { id: ad.id })
        return s.jobId !== null && s
      })
      const started = await api.invoke('advertisements:run', { id: ad.id })
      expect(started.jobId).toBe(scheduled.jobId)
      const waiting = await until(async () => {
        const s = await api.invoke('advertisements:status', { id: ad.id })
        return s.summary.received === 2 && s
      })
      expect(waiting.summary).toMatchObject({ received: 2, running: 0, succeeded: 0 })
      expect(waiting.clients.map((c) => c.state)).toEqual(['Received', 'Received'])
      clock.set('2025-03-03T22:00:00.000Z')
      await api.invoke('advertisements:run', { id: ad.id })
      expect((await api.invoke('advertisements:wait', { id: ad.id })).state).toBe('succeeded')
      expect((await api.invoke('advertisements:status', { id: ad.id })).summary.succeeded).toBe(2)
    }, 120_000)

    it(`a recurring mandatory assignment schedules the next run after each (${engine.kind})`, async () => {
      const clock = fakeClock('2025-03-03T22:00:00.000Z')
      const { api, pkg } = await siteWith(engine.freshLocation('adv-recur'), clock)
      const ad = await api.invoke('advertisements:create', {
        packageId: pkg.id,
        collectionId: 'LAB00001',
        name: 'Daily hello',
        programName: 'Hello',
        availableAt: '2025-03-03T07:00:00.000Z',
        mandatory: true,
        assignments: [{ startAt: '2025-03-03T22:00:00.000Z', recurEvery: 1, recurUnit: 'days' }],
        rerun: 'always',
      })
      const first = await api.invoke('advertisements:run', { id: ad.id })
      expect((await api.invoke('advertisements:wait', { id: ad.id })).state).toBe('succeeded')
      // The next run is recorded for the next day's assignment; the clients keep this run's status.
      const s1 = await until(async () => {
        const s = await api.invoke('advertisements:status', { id: ad.id })
        return s.jobId !== first.jobId && s
      })
      expect(s1).toMatchObject({ nextRunAt: '2025-03-04T22:00:00.000Z', summary: { succeeded: 2 } })
      clock.set('2025-03-04T22:00:00.000Z')
      const second = await api.invoke('advertisements:run', { id: ad.id })
      expect(second.jobId).toBe(s1.jobId)
      expect((await api.invoke('advertisements:wait', { id: ad.id })).state).toBe('succeeded')
      const s2 = await api.invoke('advertisements:status', { id: ad.id })
      expect(s2.messages.filter((m) => m.messageId === 10008)).toHaveLength(4)
      const s3 = await until(async () => {
        const s = await api.invoke('advertisements:status', { id: ad.id })
        return s.jobId !== second.jobId && s
      })
      expect(s3.nextRunAt).toBe('2025-03-05T22:00:00.000Z')
    }, 120_000)

    it(`after running restarts or logs users off on the client, and waits for a maintenance window the run time fits in (${engine.kind})`, async () => {
      const clock = fakeClock('2025-03-03T08:00:00.000Z')
      const { api, pkg, hosts, services } = await siteWith(engine.freshLocation('adv-after'), clock)
      await api.invoke('programs:create', {
        packageId: pkg.id,
        name: 'Then restart',
        commandLine: 'echo patched',
        afterRunning: 'patchbay-restarts',
        maxRunMinutes: 60,
      })
      await api.invoke('programs:create', {
        packageId: pkg.id,
        name: 'Then log off',
        commandLine: 'echo patched',
        afterRunning: 'logoff',
        runMode: 'user',
        maxRunMinutes: 90,
      })
      const base = {
        packageId: pkg.id,
        collectionId: 'LAB00001',
        availableAt: '2025-03-03T07:00:00.000Z',
        rerun: 'always' as const,
      }
      const received = (name: string) => fleet.state(name).received
      const restart = await api.invoke('advertisements:create', {
        ...base,
        name: 'R',
        programName: 'Then restart',
      })
      // A window from 22:00 for 90 minutes: the 60-minute program waits for it.
      await api.invoke('windows:create', {
        collectionId: 'LAB00001',
        name: 'Nightly',
        start: '2025-03-03T22:00',
        timeZone: 'UTC',
        durationMinutes: 90,
        recurrence: { kind: 'daily', every: 1 },
      })
      await api.invoke('advertisements:run', { id: restart.id })
      const waiting = await until(async () => {
        const s = await api.invoke('advertisements:status', { id: restart.id })
        return s.clients.length === 2 && s.clients.every((c) => c.message.startsWith('Waiting')) && s
      })
      expect(waiting.clients[0]!.message).toBe(
        'Waiting for a maintenance window: the program may start at 2025-03-03T22:00:00.000Z',
      )
      for (const h of hosts) expect(received(h.name).some((c) => c.includes('echo patched'))).toBe(false)
      clock.set('2025-03-03T22:00:00.000Z')
      await api.invoke('advertisements:run', { id: restart.id })
      const ended = await api.invoke('advertisements:wait', { id: restart.id })
      expect(
        ended.state,
        JSON.stringify((await api.invoke('advertisements:status', { id: restart.id })).clients),
      ).toBe('succeeded')
      const r = await api.invoke('advertisements:status', { id: restart.id })
      expect(r.clients.map((c) => c.message)).toEqual([
        'exit 0: patched; restarting now',
        'exit 0: patched; restarting now',
      ])
      for (const h of hosts) {
        const sent = received(h.name)
        // The site logs in as 'patchbay' (not root): the program and the restart go through sudo -n.
        expect(sent).toContain(`sudo -n timeout --kill-after=60 60m sh -c 'echo patched'`)
        expect(sent).toContain(
          `sudo -n shutdown -r +0 'Patchbay: "Then restart" installed software updates; this computer restarts'`,
        )
      }

      // The hosts restart: the next advertisement waits until both answer again.
      await until(async () => {
        const job = await api.invoke('clients:connect', {
          targets: { collectionId: 'LAB00001' },
          trustNewHostKeys: false,
        })
        const done = await services.wait(job.id)
        return done.hosts.every((h) => h.state === 'succeeded')
      })
      const logoff = await api.invoke('advertisements:create', {
        ...base,
        name: 'L',
        programName: 'Then log off',
      })
      await api.invoke('advertisements:run', { id: logoff.id })
      const done = await api.invoke('advertisements:wait', { id: logoff.id })
      expect(
        done.state,
        JSON.stringify((await api.invoke('advertisements:status', { id: logoff.id })).clients),
      ).toBe('succeeded')
      const l = await api.invoke('advertisements:status', { id: logoff.id })
      expect(l.clients[0]!.message).toBe('exit 0: patched; users logged off')
      for (const h of hosts) {
        const sent = received(h.name)
        expect(sent).toContain(`timeout --kill-after=60 90m sh -c 'echo patched'`)
        expect(sent.some((c) => c.startsWith('for s in $(loginctl list-sessions --no-legend'))).toBe(true)
      }
    }, 120_000)
  }
})
