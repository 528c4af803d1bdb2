/**
 * The durable job engine: runs the steps of jobs recorded in the site database, with leases so a restarted
 * process resumes what a dead one left, checkpoints (phase + data written before each side effect), retry
 * with exponential backoff, cancel, concurrency limits (global, per collection, per distribution point, per
 * job) and rolling batches that stop once failures pass a threshold. Time comes from ports.clock, so tests
 * drive waits with a fake clock and `runUntilIdle()` instead of sleeping.
 */
import { hostname } from 'node:os'
import { PatchbayError } from '../../../shared/errors'
import { ownerAlive, processOwner } from '../runtime/process-owner'
import type { Db, SiteContext } from '../runtime/site-context'
import {
  finalJobStates,
  finalStepStates,
  insertJob,
  readJob,
  readSteps,
  selectSteps,
  stepOutput,
  toJob,
  toStep,
  type EngineJob,
  type EngineStep,
  type NewStep,
  type StepState,
} from './job-rows'
import {
  defaultLimits,
  failuresPassThreshold,
  retryDelayMs,
  RUN_TIME_LIMIT_MESSAGE,
  RUN_TIME_LIMIT_STOP,
  timeLimitPassed,
  type EngineJobSettingsInput,
  type EngineLimits,
} from './policy'

/** What a step handler gets: its step, the job, cancellation, the clock and durable checkpoints. */
export interface StepContext {
  step: EngineStep
  job: EngineJob
  signal: AbortSignal
  now(): Date
  /** Records the phase (and merged data) BEFORE the side effect it names; throws if the lease was lost. */
  checkpoint(phase: string, data?: Record<string, unknown>, message?: string): Promise<void>
}

/** How a step run ended: final, wait (until a time, or until started again when null), or retry later. */
export type StepResult =
  | { state: 'succeeded' | 'skipped' | 'failed'; message: string }
  | { state: 'wait'; until: Date | null; message: string }
  | { state: 'retry'; message: string }

/** Runs the steps of one job kind. */
export interface StepHandler {
  run(ctx: StepContext): Promise<StepResult>
  /** Called once when a job of this kind has ended. */
  jobFinished?(job: EngineJob): Promise<void>
}

/** Options of an engine. */
export interface EngineOptions {
  limits?: Partial<EngineLimits>
  /** How long a claimed step stays ours without a heartbeat (default 60 s). */
  leaseMs?: number
  /** This process as an owner (default `host:pid`). */
  owner?: string
}

interface InFlight {
  jobId: number
  abort: AbortController
  done: Promise<void>
}

const STOP = 'engine stopping'
const CANCEL = 'cancelled'

/** A durable job engine over one site database. */
export class JobEngine {
  readonly owner: string
  readonly limits: EngineLimits
  private readonly leaseMs: number
  private readonly handlers = new Map<string, StepHandler>()
  private readonly inflight = new Map<number, InFlight>()
  private ticking: Promise<number> | null = null
  private again = false
  private timer: NodeJS.Timeout | null = null
  private due = 0
  private heartbeat: NodeJS.Timeout | null = null
  private started = false
  private changed: { promise: Promise<void>; resolve: () => void }

  constructor(
    private readonly ctx: SiteContext,
    options: EngineOptions = {},
  ) {
    this.owner = options.owner ?? processOwner()
    this.limits = { ...defaultLimits, ...options.limits }
    this.leaseMs = options.leaseMs ?? 60_000
    this.changed = this.newSignal()
  }

  private newSignal() {
    let resolve!: () => void
    const promise = new Promise<void>((r) => (resolve = r))
    return { promise, resolve }
  }

  private notify(): void {
    const c = this.changed
    this.changed = this.newSignal()
    c.resolve()
  }

  private now(): Date {
    return this.ctx.ports.clock()
  }

  /** Registers the handler of a job kind. */
  register(kind: string, handler: StepHandler): void {
    this.handlers.set(kind, handler)
  }

  /** Records a job and its steps (in the caller's transaction when given); nothing runs yet. */
  async createJob(
    kind: string,
    objectId: string,
    settings: EngineJobSettingsInput,
    steps: NewStep[],
    trx?: Db,
  ): Promise<number> {
    if (!this.handlers.has(kind)) throw new Error(`no handler registered for job kind ${kind}`)
    const id = trx
      ? await insertJob(this.ctx, trx, kind, objectId, settings, steps)
      : await this.ctx.db
          .transaction()
          .execute((t) => insertJob(this.ctx, t, kind, objectId, settings, steps))
    this.kick()
    return id
  }

  /** Runs in the background: resumes unfinished jobs and wakes for waiting steps. */
  start(): void {
    if (this.started) return
    this.started = true
    this.heartbeat = setInterval(() => void this.beat().catch(() => {}), Math.max(200, this.leaseMs / 3))
    this.heartbeat.unref()
    this.schedule(0)
  }

  /** Stops claiming; aborts steps in flight and hands them back (queued) for a later run to resume. */
  async stop(): Promise<void> {
    this.started = false
    if (this.timer) clearTimeout(this.timer)
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.timer = this.heartbeat = null
    for (const f of this.inflight.values()) f.abort.abort(STOP)
    await Promise.allSettled([...this.inflight.values()].map((f) => f.done))
  }

  /** Asks for another pass soon (new job, finished step, clock moved). */
  kick(): void {
    if (this.started) this.schedule(0)
  }

  private schedule(ms: number): void {
    if (!this.started) return
    // Keep an earlier wake-up: a kick during a pass must not be replaced by the pass's later one.
    const due = Date.now() + ms
    if (this.timer && this.due <= due) return
    if (this.timer) clearTimeout(this.timer)
    this.due = due
    this.timer = setTimeout(() => {
      this.timer = null
      void this.tick()
        .then(() => this.nextWakeMs())
        .then((next) => this.schedule(next))
        .catch(() => this.schedule(5_000))
    }, ms)
    this.timer.unref()
  }

  private async nextWakeMs(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('job_step')
      .innerJoin('job', 'job.id', 'job_step.job_id')
      .select((eb) => eb.fn.min('job_step.not_before').as('t'))
      .where('job.state', 'in', ['queued', 'active'])
      .where('job_step.state', '=', 'waiting')
      .where('job_step.not_before', 'is not', null)
      .executeTakeFirst()
    const at = row?.t ? Date.parse(String(row.t)) : NaN
    const ms = Number.isNaN(at) ? 30_000 : at - this.now().getTime()
    return Math.max(50, Math.min(30_000, ms))
  }

  /** One scheduling pass (single-flight): reclaims dead owners' steps, finishes jobs, claims and starts steps. */
  async tick(): Promise<number> {
    if (this.ticking) {
      this.again = true
      return this.ticking
    }
    this.ticking = (async () => {
      let started = 0
      do {
        this.again = false
        started += await this.pass()
      } while (this.again)
      return started
    })().finally(() => (this.ticking = null))
    return this.ticking
  }

  /** Runs every step that can run now, and what they make runnable, until nothing is left in flight. */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      const startedNow = await this.tick()
      if (this.inflight.size === 0 && startedNow === 0) return
      await Promise.allSettled([...this.inflight.values()].map((f) => f.done))
    }
  }

  /** Resolves with the job once it has ended and none of its steps runs here any more. */
  async waitJob(id: number): Promise<EngineJob> {
    // Keeps the process alive while waiting (the engine's own timers do not).
    const keep = setInterval(() => {}, 1 << 30)
    try {
      for (;;) {
        const signal = this.changed.promise
        const job = await readJob(this.ctx.db, id)
        const busy = [...this.inflight.values()].some((f) => f.jobId === id)
        if (finalJobStates.includes(job.state) && !busy) return job
        await signal
      }
    } finally {
      clearInterval(keep)
    }
  }

  private registeredKinds(): string[] {
    return [...this.handlers.keys()]
  }

  private async reclaim(): Promise<void> {
    const rows = await this.ctx.db
      .selectFrom('job_step')
      .innerJoin('job', 'job.id', 'job_step.job_id')
      .select(['job_step.id', 'job_step.lease_owner', 'job_step.lease_until'])
      .where('job_step.state', '=', 'running')
      .where('job.kind', 'in', this.registeredKinds())
      .execute()
    const now = this.now().toISOString()
    const local = `${hostname()}:`
    for (const r of rows) {
      const id = Number(r.id)
      const owner = r.lease_owner
      const stale =
        owner === this.owner
          ? !this.inflight.has(id)
          : owner === ''
            ? true
            : owner.startsWith(local)
              ? !ownerAlive(owner)
              : (r.lease_until ?? '') < now
      if (!stale) continue
      await this.ctx.db
        .updateTable('job_step')
        .set({ state: 'queued', lease_owner: '', lease_until: null })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('lease_owner', '=', owner)
        .execute()
    }
  }

  private async pass(): Promise<number> {
    const kinds = this.registeredKinds()
    if (kinds.length === 0) return 0
    await this.reclaim()
    const jobs = (
      await this.ctx.db
        .selectFrom('job')
        .selectAll()
        .where('kind', 'in', kinds)
        .where('state', 'in', ['queued', 'active'])
        .orderBy('id')
        .execute()
    ).map(toJob)
    const running = await this.ctx.db
      .selectFrom('job_step')
      .innerJoin('job', 'job.id', 'job_step.job_id')
      .select(['job_step.job_id', 'job_step.scope_collection', 'job_step.scope_dp'])
      .where('job_step.state', '=', 'running')
      .where('job.kind', 'in', kinds)
      .execute()
    let global = running.length
    const byCollection = new Map<string, number>()
    const byDp = new Map<number, number>()
    const byJob = new Map<number, number>()
    const add = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1)
    for (const r of running) {
      if (r.scope_collection) add(byCollection, r.scope_collection)
      if (r.scope_dp !== null) add(byDp, Number(r.scope_dp))
      add(byJob, Number(r.job_id))
    }
    const nowIso = this.now().toISOString()
    let startedCount = 0
    for (const job of jobs) {
      const counts = await this.ctx.db
        .selectFrom('job_step')
        .select(['state', (eb) => eb.fn.min('batch').as('batch'), (eb) => eb.fn.countAll<string>().as('n')])
        .where('job_id', '=', job.id)
        .groupBy('state')
        .execute()
      const n = (s: StepState) => Number(counts.find((c) => c.state === s)?.n ?? 0)
      const total = counts.reduce((a, c) => a + Number(c.n), 0)
      const open = counts.filter((c) => !finalStepStates.includes(c.state as StepState))
      if (open.length === 0) {
        await this.finishJob(job)
        continue
      }
      if (timeLimitPassed(job.settings, nowIso)) await this.cancelNotStarted(job.id)
      if (!job.error && failuresPassThreshold(n('failed'), total, job.settings)) {
        await this.stopJob(job, n('failed'))
        continue
      }
      if (job.error) continue
      if (job.state === 'queued')
        await this.ctx.db
          .updateTable('job')
          .set({ state: 'active', started_at: nowIso, owner: this.owner, updated_at: nowIso })
          .where('id', '=', job.id)
          .where('state', '=', 'queued')
          .execute()
      const batch = Math.min(...open.map((c) => Number(c.batch)))
      const jobFree = job.settings.maxConcurrent
        ? job.settings.maxConcurrent - (byJob.get(job.id) ?? 0)
        : Infinity
      const free = Math.min(jobFree, this.limits.global ? this.limits.global - global : Infinity)
      if (free <= 0) continue
      const candidates = await selectSteps(this.ctx.db)
        .select(['scope_collection', 'scope_dp'])
        .where('job_id', '=', job.id)
        .where('batch', '<=', batch)
        .where((eb) =>
          eb.or([
            eb('state', '=', 'queued'),
            eb.and([
              eb('state', '=', 'waiting'),
              eb('not_before', 'is not', null),
              eb('not_before', '<=', nowIso),
            ]),
          ]),
        )
        .orderBy('id')
        .limit(Math.min(1000, Number.isFinite(free) ? free * 4 + 20 : 1000))
        .execute()
      let claimed = 0
      for (const c of candidates) {
        if (claimed >= free) break
        const coll = c.scope_collection
        const dp = c.scope_dp === null ? null : Number(c.scope_dp)
        if (coll && this.limits.perCollection && (byCollection.get(coll) ?? 0) >= this.limits.perCollection)
          continue
        if (
          dp !== null &&
          this.limits.perDistributionPoint &&
          (byDp.get(dp) ?? 0) >= this.limits.perDistributionPoint
        )
          continue
        const leaseUntil = new Date(this.now().getTime() + this.leaseMs).toISOString()
        const res = await this.ctx.db
          .updateTable('job_step')
          .set((eb) => ({
            state: 'running',
            lease_owner: this.owner,
            lease_until: leaseUntil,
            started_at: eb.fn.coalesce('started_at', eb.val(nowIso)),
          }))
          .where('id', '=', Number(c.id))
          .where('state', '=', c.state)
          .executeTakeFirst()
        if (Number(res.numUpdatedRows) !== 1) continue
        claimed++
        global++
        if (coll) add(byCollection, coll)
        if (dp !== null) add(byDp, dp)
        add(byJob, job.id)
        this.launch({ ...toStep(c), state: 'running' }, job)
      }
      startedCount += claimed
    }
    return startedCount
  }

  private launch(step: EngineStep, job: EngineJob): void {
    const handler = this.handlers.get(job.kind)!
    const abort = new AbortController()
    const ctx: StepContext = {
      step,
      job,
      signal: abort.signal,
      now: () => this.now(),
      checkpoint: async (phase, data, message) => {
        if (abort.signal.aborted) throw new PatchbayError('unavailable', String(abort.signal.reason))
        step.phase = phase
        if (data) step.data = { ...step.data, ...data }
        if (message !== undefined) step.message = message
        const res = await this.ctx.db
          .updateTable('job_step')
          .set({
            phase,
            data: JSON.stringify(step.data),
            output: stepOutput({ ...step, state: 'running' }),
            lease_until: new Date(this.now().getTime() + this.leaseMs).toISOString(),
          })
          .where('id', '=', step.id)
          .where('lease_owner', '=', this.owner)
          .where('state', '=', 'running')
          .executeTakeFirst()
        if (Number(res.numUpdatedRows) !== 1) {
          abort.abort(STOP)
          throw new PatchbayError('unavailable', 'Another process took over this step')
        }
      },
    }
    const done = (async () => {
      let result: StepResult | { state: 'cancelled' | 'released'; message: string }
      try {
        result = await handler.run(ctx)
        if (abort.signal.aborted) throw new Error(String(abort.signal.reason))
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        if (abort.signal.aborted)
          result =
            abort.signal.reason === CANCEL
              ? { state: 'cancelled', message: 'Cancelled' }
              : { state: 'released', message: step.message }
        else if (err instanceof PatchbayError && err.code === 'invalid-input')
          result = { state: 'failed', message }
        else result = { state: 'retry', message }
      }
      await this.record(step, job, result).catch(() => {})
    })().finally(() => {
      this.inflight.delete(step.id)
      this.notify()
      this.kick()
    })
    this.inflight.set(step.id, { jobId: job.id, abort, done })
  }

  private async record(
    step: EngineStep,
    job: EngineJob,
    result: StepResult | { state: 'cancelled' | 'released'; message: string },
  ): Promise<void> {
    const now = this.now()
    let state: StepState
    let notBefore: string | null = null
    let attempts = step.attempts
    let message = result.message
    if (result.state === 'wait') {
      state = 'waiting'
      notBefore = result.until ? result.until.toISOString() : null
    } else if (result.state === 'retry') {
      attempts++
      if (attempts >= job.settings.maxAttempts) {
        state = 'failed'
        message = `${result.message} (gave up after ${attempts} tries)`
      } else {
        state = 'waiting'
        notBefore = new Date(now.getTime() + retryDelayMs(attempts, job.settings)).toISOString()
        message = `${result.message} — retry ${attempts} of ${job.settings.maxAttempts - 1} at ${notBefore}`
      }
    } else if (result.state === 'released') state = 'queued'
    else state = result.state
    const final = finalStepStates.includes(state)
    await this.ctx.db
      .updateTable('job_step')
      .set({
        state,
        attempts,
        not_before: notBefore,
        lease_owner: '',
        lease_until: null,
        error: state === 'failed' ? message : '',
        output: stepOutput({ ...step, state, message }),
        finished_at: final ? now.toISOString() : null,
      })
      .where('id', '=', step.id)
      .where('lease_owner', '=', this.owner)
      .execute()
  }

  private async finishJob(job: EngineJob): Promise<void> {
    const steps = await readSteps(this.ctx.db, job.id)
    const failed = steps.filter((s) => s.state === 'failed').length
    const unstarted = steps.filter(
      (s) => s.state === 'cancelled' && s.message === RUN_TIME_LIMIT_MESSAGE,
    ).length
    const state = job.error || failed ? 'failed' : 'succeeded'
    const now = this.now().toISOString()
    const failures = failed ? `${failed} of ${steps.length} failed` : ''
    const error =
      job.error ||
      (unstarted
        ? `${RUN_TIME_LIMIT_STOP} — ${unstarted} of ${steps.length} not started${failures ? `; ${failures}` : ''}`
        : failures)
    const res = await this.ctx.db
      .updateTable('job')
      .set({ state, finished_at: now, updated_at: now, error })
      .where('id', '=', job.id)
      .where('state', 'in', ['queued', 'active'])
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) !== 1) return
    this.notify()
    await this.handlers.get(job.kind)?.jobFinished?.({ ...job, state, error, finishedAt: now })
  }

  /** Stops a job whose failures passed its threshold: steps not started are cancelled, running ones finish. */
  private async stopJob(job: EngineJob, failed: number): Promise<void> {
    const why = `Stopped: ${failed} failures passed the threshold`
    await this.cancelOpenSteps(job.id, `Not started: ${why.toLowerCase()}`)
    await this.ctx.db
      .updateTable('job')
      .set({ error: why, updated_at: this.now().toISOString() })
      .where('id', '=', job.id)
      .execute()
    this.again = true
  }

  /** Duration limit passed: steps never started end as cancelled "not started"; started ones go on. */
  private async cancelNotStarted(jobId: number): Promise<void> {
    const n = await this.cancelOpenSteps(jobId, RUN_TIME_LIMIT_MESSAGE, true)
    if (n) this.again = true
  }

  private async cancelOpenSteps(jobId: number, message: string, neverStarted = false): Promise<number> {
    let q = selectSteps(this.ctx.db).where('job_id', '=', jobId).where('state', 'in', ['queued', 'waiting'])
    if (neverStarted) q = q.where('started_at', 'is', null)
    const open = await q.execute()
    const now = this.now().toISOString()
    for (const r of open) {
      const s = toStep(r)
      await this.ctx.db
        .updateTable('job_step')
        .set({
          state: 'cancelled',
          finished_at: now,
          output: stepOutput({ ...s, state: 'cancelled', message }),
        })
        .where('id', '=', s.id)
        .where('state', '=', s.state)
        .execute()
    }
    return open.length
  }

  /** Cancels a job: steps not started end as cancelled, running ones are aborted (here or by their owner). */
  async cancel(id: number): Promise<EngineJob> {
    const job = await readJob(this.ctx.db, id)
    if (finalJobStates.includes(job.state)) return job
    const now = this.now().toISOString()
    await this.ctx.db
      .updateTable('job')
      .set({ state: 'cancelled', finished_at: now, updated_at: now, error: 'Cancelled' })
      .where('id', '=', id)
      .execute()
    await this.cancelOpenSteps(id, 'Cancelled')
    for (const f of this.inflight.values()) if (f.jobId === id) f.abort.abort(CANCEL)
    await Promise.allSettled([...this.inflight.values()].filter((f) => f.jobId === id).map((f) => f.done))
    this.notify()
    return readJob(this.ctx.db, id)
  }

  /**
   * Runs a job's failed and cancelled steps again — all, or only those of `resourceIds`. Failed steps start
   * over from phase '' (data kept); cancelled ones keep their recorded phase so handlers skip what is done.
   * `endsAt` replaces the job's duration limit (a retry gets a window of its own).
   */
  async retry(id: number, resourceIds?: readonly number[], endsAt?: string | null): Promise<EngineJob> {
    const job = await readJob(this.ctx.db, id)
    if (!finalJobStates.includes(job.state))
      throw new PatchbayError('conflict', `Job ${id} is still running; cancel it or wait for it to end`)
    let q = selectSteps(this.ctx.db).where('job_id', '=', id)
    if (resourceIds?.length) {
      const known = await this.ctx.db
        .selectFrom('job_step')
        .select('resource_id')
        .where('job_id', '=', id)
        .where('resource_id', 'in', [...resourceIds])
        .execute()
      const outside = resourceIds.filter((r) => !known.some((k) => Number(k.resource_id) === r))
      if (outside.length)
        throw new PatchbayError(
          'invalid-input',
          `Computer(s) ${outside.join(', ')} are not part of job ${id}`,
          'resourceIds',
        )
      q = q.where('resource_id', 'in', [...resourceIds])
    }
    const again = await q.where('state', 'in', ['failed', 'cancelled']).execute()
    if (again.length === 0)
      throw new PatchbayError(
        'invalid-input',
        resourceIds?.length
          ? `None of computer(s) ${resourceIds.join(', ')} failed or was cancelled in job ${id}`
          : `Job ${id} has no failed or cancelled steps to retry`,
        'resourceIds',
      )
    for (const r of again) {
      const s = toStep(r)
      // A failed step starts over (phase ''; its data is kept for the handler); a cancelled one resumes.
      const restart = s.state === 'failed'
      await this.ctx.db
        .updateTable('job_step')
        .set({
          ...(restart ? { phase: '' } : {}),
          state: 'queued',
          attempts: 0,
          not_before: null,
          error: '',
          finished_at: null,
          output: stepOutput({ ...s, state: 'queued', message: 'Retrying' }),
        })
        .where('id', '=', s.id)
        .execute()
    }
    await this.ctx.db
      .updateTable('job')
      .set({
        state: 'queued',
        error: '',
        finished_at: null,
        updated_at: this.now().toISOString(),
        ...(endsAt !== undefined ? { settings: JSON.stringify({ ...job.settings, endsAt }) } : {}),
      })
      .where('id', '=', id)
      .execute()
    this.kick()
    return readJob(this.ctx.db, id)
  }

  /** Renews the leases of steps in flight and aborts those whose job was cancelled elsewhere. */
  private async beat(): Promise<void> {
    if (this.inflight.size === 0) return
    const ids = [...this.inflight.keys()]
    await this.ctx.db
      .updateTable('job_step')
      .set({ lease_until: new Date(this.now().getTime() + this.leaseMs).toISOString() })
      .where('id', 'in', ids)
      .where('lease_owner', '=', this.owner)
      .execute()
    const jobIds = [...new Set([...this.inflight.values()].map((f) => f.jobId))]
    const cancelled = await this.ctx.db
      .selectFrom('job')
      .select('id')
      .where('id', 'in', jobIds)
      .where('state', '=', 'cancelled')
      .execute()
    for (const c of cancelled)
      for (const f of this.inflight.values()) if (f.jobId === Number(c.id)) f.abort.abort(CANCEL)
  }
}
