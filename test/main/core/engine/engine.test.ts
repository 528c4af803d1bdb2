import { hostname } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { JobEngine, readJob, readSteps, type StepHandler } from '../../../../main/core/engine'
import type { SiteContext } from '../../../../main/core/runtime/site-context'
import type { SiteDb } from '../../../../main/site/site-db'
import { siteEngines } from '../../../support/site-engines'
import { deferred, engineSite, fakeClock, type FakeClock } from './engine-harness'

const steps = (n: number, collectionId = 'LAB00001') =>
  Array.from({ length: n }, (_, i) => ({
    resourceId: null,
    step: `host-${i}`,
    name: `host-${i}`,
    address: `127.0.0.${i + 1}`,
    collectionId,
  }))

for (const engine of siteEngines()) {
  describe(`job engine on ${engine.kind}`, () => {
    let site: SiteDb | undefined
    let ctx: SiteContext
    let clock: FakeClock
    const engines: JobEngine[] = []

    const open = async (label: string) => {
      clock = fakeClock()
      ;({ site, ctx } = await engineSite(engine.freshLocation(label), clock))
    }
    const newEngine = (handler: StepHandler, options: ConstructorParameters<typeof JobEngine>[1] = {}) => {
      const e = new JobEngine(ctx, options)
      e.register('test', handler)
      engines.push(e)
      return e
    }

    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop()
      await site?.close()
      site = undefined
    })

    it('records every step before it runs and finishes the job with each step run once', async () => {
      await open('record')
      const ran: string[] = []
      const e = newEngine({
        async run({ step, checkpoint }) {
          await checkpoint('working', { seen: true })
          ran.push(step.step)
          return { state: 'succeeded', message: `done ${step.step}` }
        },
      })
      const id = await e.createJob('test', 'OBJ', {}, steps(5))
      const before = await readSteps(ctx.db, id)
      expect(before.map((s) => s.state)).toEqual(Array(5).fill('queued'))
      expect(new Set(before.map((s) => s.idemKey)).size).toBe(5)
      expect(ran).toEqual([])
      await e.runUntilIdle()
      expect(ran.sort()).toEqual(['host-0', 'host-1', 'host-2', 'host-3', 'host-4'])
      const after = await readSteps(ctx.db, id)
      expect(
        after.every((s) => s.state === 'succeeded' && s.phase === 'working' && s.data.seen === true),
      ).toBe(true)
      expect((await readJob(ctx.db, id)).state).toBe('succeeded')
    })

    it('resumes a dead process’s steps and does not repeat an install its checkpoint shows as done', async () => {
      await open('resume')
      const installs = new Map<string, number>()
      const installed = new Set<string>()
      const install = (key: string) => {
        installs.set(key, (installs.get(key) ?? 0) + 1)
        installed.add(key)
      }
      // The first process: installs, then "dies" (its handler never returns) — its pid is not running.
      const stuck = deferred()
      const dead = newEngine(
        {
          async run({ step, checkpoint }) {
            await checkpoint('installing')
            install(step.idemKey)
            await stuck.promise
            return { state: 'succeeded', message: 'never reached' }
          },
        },
        { owner: `${hostname()}:2147483646`, limits: { global: 2 } },
      )
      const id = await dead.createJob('test', 'OBJ', {}, steps(6))
      await dead.tick()
      const mid = await readSteps(ctx.db, id)
      expect(mid.filter((s) => s.state === 'running')).toHaveLength(2)
      // The restarted process: checks the recorded phase and the host's state before installing again.
      const resumed = newEngine({
        async run({ step, checkpoint }) {
          if (step.phase === 'installing' && installed.has(step.idemKey))
            return { state: 'succeeded', message: 'already installed' }
          await checkpoint('installing')
          install(step.idemKey)
          return { state: 'succeeded', message: 'installed' }
        },
      })
      await resumed.runUntilIdle()
      stuck.resolve()
      const end = await readSteps(ctx.db, id)
      expect(end.map((s) => s.state)).toEqual(Array(6).fill('succeeded'))
      expect([...installs.values()]).toEqual(Array(6).fill(1))
      expect(end.filter((s) => s.message === 'already installed')).toHaveLength(2)
      expect((await readJob(ctx.db, id)).state).toBe('succeeded')
    })

    it('retries a failing step with exponential backoff on the clock, then gives up after maxAttempts', async () => {
      await open('retry')
      let calls = 0
      const e = newEngine({
        async run({ step }) {
          calls++
          if (step.step === 'host-0' && calls < 3) throw new Error('connection reset')
          if (step.step === 'host-1') throw new Error('host unreachable')
          return { state: 'succeeded', message: 'ok' }
        },
      })
      const id = await e.createJob('test', 'OBJ', { retryBaseMs: 10_000, maxAttempts: 3 }, steps(1))
      const start = clock().getTime()
      await e.runUntilIdle()
      let [s] = await readSteps(ctx.db, id)
      expect(s).toMatchObject({
        state: 'waiting',
        attempts: 1,
        notBefore: new Date(start + 10_000).toISOString(),
      })
      clock.advance(9_999)
      await e.runUntilIdle()
      expect(calls).toBe(1)
      clock.advance(1)
      await e.runUntilIdle()
      ;[s] = await readSteps(ctx.db, id)
      expect(s).toMatchObject({
        state: 'waiting',
        attempts: 2,
        notBefore: new Date(start + 30_000).toISOString(),
      })
      clock.advance(20_000)
      await e.runUntilIdle()
      ;[s] = await readSteps(ctx.db, id)
      expect(s!.state).toBe('succeeded')
      expect(calls).toBe(3)

      const failing = await e.createJob('test', 'OBJ2', { retryBaseMs: 1000, maxAttempts: 2 }, [steps(2)[1]!])
      await e.runUntilIdle()
      clock.advance(1000)
      await e.runUntilIdle()
      const [f] = await readSteps(ctx.db, failing)
      expect(f).toMatchObject({ state: 'failed', attempts: 2 })
      expect(f!.error).toMatch(/host unreachable \(gave up after 2 tries\)/)
      expect((await readJob(ctx.db, failing)).state).toBe('failed')
    })

    it('keeps the global, per-collection and per-job limits', async () => {
      await open('limits')
      let running = 0
      let peak = 0
      const perColl = new Map<string, number>()
      let peakColl = 0
      const held = deferred()
      const e = newEngine(
        {
          async run({ step }) {
            const coll = step.step.startsWith('a') ? 'A' : 'B'
            running++
            perColl.set(coll, (perColl.get(coll) ?? 0) + 1)
            peak = Math.max(peak, running)
            peakColl = Math.max(peakColl, ...perColl.values())
            await held.promise
            running--
            perColl.set(coll, perColl.get(coll)! - 1)
            return { state: 'succeeded', message: 'ok' }
          },
        },
        { limits: { global: 3, perCollection: 2 } },
      )
      const a = steps(6, 'COLLA').map((s) => ({ ...s, step: `a${s.step}` }))
      const b = steps(6, 'COLLB').map((s) => ({ ...s, step: `b${s.step}` }))
      await e.createJob('test', 'A', {}, a)
      await e.createJob('test', 'B', {}, b)
      await e.tick()
      await e.tick()
      // Global 3: collection A gets its 2, collection B the third slot.
      expect(Object.fromEntries(perColl)).toEqual({ A: 2, B: 1 })
      held.resolve()
      await e.runUntilIdle()
      expect(peak).toBe(3)
      expect(peakColl).toBe(2)

      running = peak = 0
      const single = await e.createJob('test', 'C', { maxConcurrent: 1 }, steps(4, 'COLLC'))
      await e.runUntilIdle()
      expect(peak).toBe(1)
      expect((await readJob(ctx.db, single)).state).toBe('succeeded')
    })

    it('runs rolling batches in order and stops when failures pass the threshold', async () => {
      await open('batches')
      const log: string[] = []
      const e = newEngine({
        async run({ step }) {
          log.push(`start ${step.batch}`)
          await new Promise((r) => setImmediate(r))
          log.push(`end ${step.batch}`)
          return step.step === 'host-1' || step.step === 'host-3'
            ? { state: 'failed', message: 'install failed' }
            : { state: 'succeeded', message: 'ok' }
        },
      })
      const ok = await e.createJob('test', 'ROLL', { batchPercent: 30 }, steps(7))
      await e.runUntilIdle()
      // 30 % of 7 → 3 hosts per batch: batch k+1 starts only after every step of batch k ended.
      const batches = (await readSteps(ctx.db, ok)).map((s) => s.batch)
      expect(batches).toEqual([0, 0, 0, 1, 1, 1, 2])
      let lastEnd = -1
      for (const entry of log) {
        const [what, b] = entry.split(' ') as [string, string]
        if (what === 'start') expect(Number(b)).toBeGreaterThanOrEqual(lastEnd)
        else lastEnd = Math.max(lastEnd, Number(b))
      }
      expect((await readJob(ctx.db, ok)).state).toBe('failed')

      log.length = 0
      const stopped = await e.createJob('test', 'STOP', { batchSize: 2, failureThreshold: 1 }, steps(8))
      await e.runUntilIdle()
      const s = await readSteps(ctx.db, stopped)
      // Batch 0 (host-0 ok, host-1 failed), batch 1 (host-2 ok, host-3 failed): 2 > 1 → the rest never start.
      expect(s.map((x) => x.state)).toEqual([
        'succeeded',
        'failed',
        'succeeded',
        'failed',
        'cancelled',
        'cancelled',
        'cancelled',
        'cancelled',
      ])
      expect(log.filter((l) => l.startsWith('start'))).toHaveLength(4)
      const job = await readJob(ctx.db, stopped)
      expect(job.state).toBe('failed')
      expect(job.error).toMatch(/Stopped: 2 failures passed the threshold/)
    })

    it('waits until a step’s time on the clock, cancels, and retries cancelled steps', async () => {
      await open('cancel')
      const release = deferred()
      let runs = 0
      const windowAt = new Date(clock().getTime() + 3_600_000)
      const e = newEngine({
        async run({ step, signal }) {
          runs++
          if (step.step === 'host-0' && clock() < windowAt) {
            return {
              state: 'wait',
              until: windowAt,
              message: 'window at 09:00',
            }
          }
          if (step.step === 'host-1' && runs < 10)
            await new Promise((_, reject) =>
              signal.addEventListener('abort', () => reject(new Error('aborted'))),
            )
          await release.promise
          return { state: 'succeeded', message: 'ok' }
        },
      })
      const id = await e.createJob('test', 'WAIT', {}, steps(2))
      await e.tick()
      let s = await readSteps(ctx.db, id)
      // host-0 records its wait as soon as its run returns; host-1 stays running.
      while (s[0]!.state !== 'waiting' || s[1]!.state !== 'running') {
        await new Promise((r) => setImmediate(r))
        s = await readSteps(ctx.db, id)
      }
      expect(s[0]).toMatchObject({ state: 'waiting', message: 'window at 09:00' })
      expect(s[1]!.state).toBe('running')
      const cancelled = await e.cancel(id)
      expect(cancelled.state).toBe('cancelled')
      s = await readSteps(ctx.db, id)
      expect(s.map((x) => x.state)).toEqual(['cancelled', 'cancelled'])
      runs = 10
      release.resolve()
      await e.retry(id)
      clock.advance(3_600_000)
      await e.runUntilIdle()
      const end = await readSteps(ctx.db, id)
      expect(
        end.map((x) => x.state),
        JSON.stringify(end),
      ).toEqual(['succeeded', 'succeeded'])
      expect((await readJob(ctx.db, id)).state).toBe('succeeded')
    })
  })
}
