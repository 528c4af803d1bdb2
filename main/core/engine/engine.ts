/**
 * The durable job engine: runs the steps of jobs recorded in the site database, with leases so a restarted
 * process resumes what a dead one left, checkpoints (phase + data written before each side effect), retry
 * with exponential backoff, cancel, concurrency limits (global, per collection, per distribution point, per
 * job) and rolling batches that stop once failures pass a threshold. Time comes from ports.clock, so tests
 * drive waits with a fake clock and `runUntilIdle()` instead of sleeping.
 */
import { processOwner } from '../runtime/process-owner'
import type { Db, SiteContext } from '../runtime/site-context'
import {
  finalJobStates,
  insertJob,
  readJob,
  toStep,
  type EngineJob,
  type EngineStep,
  type NewStep,
} from './job-rows'
import { cancelJob, cancelOpenSteps, endJob, stopJob } from './job-end'
import { requeueJob } from './job-retry'
import { cancelledJobIds, reclaimStaleSteps, renewLeases } from './leases'
import {
  defaultLimits,
  failuresPassThreshold,
  RUN_TIME_LIMIT_MESSAGE,
  timeLimitPassed,
  type EngineJobSettingsInput,
  type EngineLimits,
} from './policy'
import {
  activateJob,
  claimableSteps,
  claimStep,
  nextWakeMs,
  openJobs,
  RunningSteps,
  summarizeSteps,
} from './scheduling'
import type { StepHandler } from './step-handler'
import { CANCEL, outcomeOfError, recordStepOutcome, STOP, stepContext, type StepOutcome } from './step-run'

export type { StepContext, StepHandler, StepResult } from './step-handler'

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
        .then(() => nextWakeMs(this.ctx))
        .then((next) => this.schedule(next))
        .catch(() => this.schedule(5_000))
    }, ms)
    this.timer.unref()
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

  private async pass(): Promise<number> {
    const kinds = this.registeredKinds()
    if (kinds.length === 0) return 0
    await reclaimStaleSteps(this.ctx, kinds, this.owner, (id) => this.inflight.has(id))
    const jobs = await openJobs(this.ctx.db, kinds)
    const running = await RunningSteps.load(this.ctx.db, kinds)
    const nowIso = this.now().toISOString()
    let startedCount = 0
    for (const job of jobs) {
      const steps = await summarizeSteps(this.ctx.db, job.id)
      if (steps.openBatch === null) {
        await this.finishJob(job)
        continue
      }
      if (timeLimitPassed(job.settings, nowIso)) await this.cancelNotStarted(job.id)
      if (!job.error && failuresPassThreshold(steps.failed, steps.total, job.settings)) {
        await stopJob(this.ctx, job.id, steps.failed)
        this.again = true
        continue
      }
      if (job.error) continue
      if (job.state === 'queued') await activateJob(this.ctx.db, job.id, this.owner, nowIso)
      const free = running.free(job, this.limits)
      if (free <= 0) continue
      startedCount += await this.claimAndLaunch(job, steps.openBatch, free, running, nowIso)
    }
    return startedCount
  }

  /** Claims up to `free` runnable steps of a job (up to `batch`, within the limits) and starts them. */
  private async claimAndLaunch(
    job: EngineJob,
    batch: number,
    free: number,
    running: RunningSteps,
    nowIso: string,
  ): Promise<number> {
    const candidates = await claimableSteps(this.ctx.db, job.id, batch, nowIso, free)
    let claimed = 0
    for (const c of candidates) {
      if (claimed >= free) break
      const coll = c.scope_collection
      const dp = c.scope_dp === null ? null : Number(c.scope_dp)
      if (running.full(this.limits, coll, dp)) continue
      const leaseUntil = new Date(this.now().getTime() + this.leaseMs).toISOString()
      if (!(await claimStep(this.ctx.db, c, this.owner, leaseUntil, nowIso))) continue
      claimed++
      running.add(job.id, coll, dp)
      this.launch({ ...toStep(c), state: 'running' }, job)
    }
    return claimed
  }

  private launch(step: EngineStep, job: EngineJob): void {
    const handler = this.handlers.get(job.kind)!
    const abort = new AbortController()
    const ctx = stepContext(this.ctx, this.owner, this.leaseMs, step, job, abort)
    const done = (async () => {
      let result: StepOutcome
      try {
        result = await handler.run(ctx)
        if (abort.signal.aborted) throw new Error(String(abort.signal.reason))
      } catch (err) {
        result = outcomeOfError(err, abort.signal, step)
      }
      await recordStepOutcome(this.ctx, this.owner, step, job, result).catch(() => {})
    })().finally(() => {
      this.inflight.delete(step.id)
      this.notify()
      this.kick()
    })
    this.inflight.set(step.id, { jobId: job.id, abort, done })
  }

  private async finishJob(job: EngineJob): Promise<void> {
    const ended = await endJob(this.ctx, job)
    if (!ended) return
    this.notify()
    await this.handlers.get(job.kind)?.jobFinished?.(ended)
  }

  /** Duration limit passed: steps never started end as cancelled "not started"; started ones go on. */
  private async cancelNotStarted(jobId: number): Promise<void> {
    const n = await cancelOpenSteps(this.ctx, jobId, RUN_TIME_LIMIT_MESSAGE, true)
    if (n) this.again = true
  }

  /** Cancels a job: steps not started end as cancelled, running ones are aborted (here or by their owner). */
  async cancel(id: number): Promise<EngineJob> {
    const job = await readJob(this.ctx.db, id)
    if (finalJobStates.includes(job.state)) return job
    await cancelJob(this.ctx, id)
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
    await requeueJob(this.ctx, id, resourceIds, endsAt)
    this.kick()
    return readJob(this.ctx.db, id)
  }

  /** Renews the leases of steps in flight and aborts those whose job was cancelled elsewhere. */
  private async beat(): Promise<void> {
    if (this.inflight.size === 0) return
    await renewLeases(this.ctx, this.owner, [...this.inflight.keys()], this.leaseMs)
    const jobIds = [...new Set([...this.inflight.values()].map((f) => f.jobId))]
    for (const id of await cancelledJobIds(this.ctx.db, jobIds))
      for (const f of this.inflight.values()) if (f.jobId === id) f.abort.abort(CANCEL)
  }
}
