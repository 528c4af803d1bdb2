/**
 * Advertisements run (SMS software distribution): an advertisement becomes an engine job with one step per
 * member client; each step waits for the available time (and, when mandatory, the first assignment),
 * honours the rerun behaviour against the client's previous result and the client's maintenance windows, runs
 * the program on the client with its package's files (program-run.ts) and records Advertisement Status (Received, Running, Succeeded, Failed) with status messages.
 * A step resumed after a crash while its program ran fails as "result unknown" instead of running it twice.
 */
import type { AdvertisementStatusDto } from '../../../shared/dto/advertisement-run'
import type { AdvertisementDto } from '../../../shared/dto/advertisement'
import { PatchbayError } from '../../../shared/errors'
import type { AdvertisementsService } from './service'
import { membersOf } from '../collections/service'
import type { DeploymentsService } from '../deployments/service'
import { readJob, type StepContext, type StepResult } from '../engine'
import { getResource } from '../resources/rows'
import type { SiteContext } from '../runtime/site-context'
import type { PackagesService } from '../packages/service'
import { platformMismatch, programStart, runProgram, type ProgramOutcome } from './program-run'

/** The job kind of an advertisement run. */
export const ADVERTISEMENT_JOB = 'advertisement'

const COMPONENT = 'Advertised Programs'

/** SMS status message IDs of advertised programs. */
export const AdvertisementMessage = {
  Received: 10002,
  Started: 10005,
  Failed: 10006,
  Succeeded: 10008,
} as const

type ClientState = 'Received' | 'Running' | 'Succeeded' | 'Failed'

/** When a client may run the program: the available time, or for a mandatory one its first assignment after it. */
export function runTimeOf(ad: Pick<AdvertisementDto, 'availableAt' | 'mandatory' | 'assignments'>): Date {
  const available = Date.parse(ad.availableAt)
  if (!ad.mandatory || ad.assignments.length === 0) return new Date(available)
  const first = Math.min(...ad.assignments.map((a) => Date.parse(a.startAt)))
  return new Date(Math.max(available, first))
}

const UNIT_MS = { hours: 3_600_000, days: 86_400_000, weeks: 7 * 86_400_000 } as const

/**
 * The first mandatory assignment time strictly after `after` (recurring ones repeat every N hours, days or
 * weeks from their start), or null when none is left. Before the available time counts as the available time.
 */
export function nextAssignmentAfter(
  ad: Pick<AdvertisementDto, 'availableAt' | 'expiresAt' | 'mandatory' | 'assignments'>,
  after: Date,
): Date | null {
  if (!ad.mandatory) return null
  const from = Math.max(after.getTime(), Date.parse(ad.availableAt) - 1)
  let best: number | null = null
  for (const a of ad.assignments) {
    const start = Date.parse(a.startAt)
    let t: number
    if (start > from) t = start
    else if (a.recurEvery && a.recurUnit) {
      const every = a.recurEvery * UNIT_MS[a.recurUnit]
      t = start + (Math.floor((from - start) / every) + 1) * every
    } else continue
    if (best === null || t < best) best = t
  }
  if (best === null || (ad.expiresAt && best >= Date.parse(ad.expiresAt))) return null
  return new Date(best)
}

/** Whether the rerun behaviour lets the program run again after `previous` (null = never ran here). */
export function mayRun(rerun: AdvertisementDto['rerun'], previous: ClientState | null): boolean {
  if (previous === null || previous === 'Received' || previous === 'Running') return true
  if (rerun === 'always') return true
  if (rerun === 'if-failed') return previous === 'Failed'
  if (rerun === 'if-succeeded') return previous === 'Succeeded'
  return false
}

/** What advertisement runs use of the services around them. */
export interface AdvertisementRunsDeps {
  /** Whose engine and SSH pool the runs use. */
  deployments: DeploymentsService
  advertisements: AdvertisementsService
  packages: PackagesService
}

/** Advertisement runs on the deployments service's engine and SSH pool. */
export function createAdvertisementRuns(ctx: SiteContext, deps: AdvertisementRunsDeps) {
  const { deployments, advertisements: ads, packages } = deps
  const engine = deployments.engine

  async function setStatus(adId: string, resourceId: number, state: ClientState, message: string) {
    const now = ctx.now()
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('advertisement_status')
        .where('advertisement_id', '=', adId)
        .where('resource_id', '=', resourceId)
        .execute()
      await trx
        .insertInto('advertisement_status')
        .values({ advertisement_id: adId, resource_id: resourceId, state, message, updated_at: now })
        .execute()
    })
    ctx.events.emit('site:changed', { entity: 'advertisements', ids: [adId] })
    ctx.events.emit('site:changed', { entity: 'status', ids: [adId] })
  }

  const say = (ad: AdvertisementDto, id: number, severity: 'info' | 'error', text: string) =>
    ctx.audit(ctx.db, severity, COMPONENT, ad.id, `Message ${id}: ${text}`)

  async function previousState(adId: string, resourceId: number): Promise<ClientState | null> {
    const r = await ctx.db
      .selectFrom('advertisement_status')
      .select('state')
      .where('advertisement_id', '=', adId)
      .where('resource_id', '=', resourceId)
      .executeTakeFirst()
    return (r?.state as ClientState | undefined) ?? null
  }

  async function run(sc: StepContext): Promise<StepResult> {
    const ad = await ads.get(sc.job.objectId)
    const resource = await getResource(ctx.db, sc.step.resourceId!)
    const rid = resource.id
    if (sc.step.phase === 'running')
      return { state: 'failed', message: 'The site stopped while the program ran; its result is unknown' }
    // A recurring run keeps the previous run's status until its own assignment time comes.
    const runAt = (sc.step.data as { runAt?: string }).runAt
    if (sc.step.phase === '' && runAt && Date.parse(runAt) > sc.now().getTime())
      return { state: 'wait', until: new Date(runAt), message: `Next mandatory assignment at ${runAt}` }
    if (sc.step.phase === '') {
      const previous = await previousState(ad.id, rid)
      if (!mayRun(ad.rerun, previous))
        return { state: 'skipped', message: `Not rerun (${ad.rerun}): previous attempt ${previous}` }
      await sc.checkpoint('received', { previous }, 'Received')
      await setStatus(ad.id, rid, 'Received', `${resource.name} received the advertisement`)
      await say(
        ad,
        AdvertisementMessage.Received,
        'info',
        `${resource.name} received advertisement "${ad.name}".`,
      )
    }
    const now = sc.now()
    if (ad.expiresAt && Date.parse(ad.expiresAt) <= now.getTime()) {
      await setStatus(ad.id, rid, 'Failed', `The advertisement expired at ${ad.expiresAt}`)
      return { state: 'failed', message: `Expired at ${ad.expiresAt}` }
    }
    const scheduled = (sc.step.data as { runAt?: string }).runAt
    const at = scheduled ? new Date(scheduled) : runTimeOf(ad)
    if (at.getTime() > now.getTime())
      return { state: 'wait', until: at, message: `Waiting until ${at.toISOString()}` }
    const pkg = await packages.get(ad.packageId)
    const program = pkg.programs.find((p) => p.name === ad.programName)
    if (!program)
      throw new PatchbayError('invalid-input', `Program ${ad.programName} no longer exists`, 'programName')
    const mismatch = platformMismatch(program, resource)
    if (mismatch) {
      await setStatus(ad.id, rid, 'Failed', mismatch)
      await say(ad, AdvertisementMessage.Failed, 'error', `${mismatch}.`)
      return { state: 'failed', message: mismatch }
    }
    const start = await programStart(ctx, resource, program, now)
    if (!start) {
      const why = `No maintenance window of ${resource.name}'s collections is long enough for the program's maximum run time (${program.maxRunMinutes} min)`
      await setStatus(ad.id, rid, 'Failed', why)
      await say(ad, AdvertisementMessage.Failed, 'error', `${why}.`)
      return { state: 'failed', message: why }
    }
    if (start.getTime() > now.getTime()) {
      const why = `Waiting for a maintenance window: the program may start at ${start.toISOString()}`
      await setStatus(ad.id, rid, 'Received', why)
      return { state: 'wait', until: start, message: why }
    }
    await sc.checkpoint('running', {}, `Running ${program.commandLine}`)
    await setStatus(ad.id, rid, 'Running', `Running ${program.commandLine}`)
    await say(
      ad,
      AdvertisementMessage.Started,
      'info',
      `Program "${ad.programName}" started on ${resource.name}.`,
    )
    let outcome: ProgramOutcome
    try {
      outcome = await runProgram(
        ctx,
        deployments,
        ad.packageId,
        program,
        resource,
        sc.signal,
        (severity, text) => ctx.audit(ctx.db, severity, COMPONENT, ad.id, text),
      )
    } catch (err) {
      if (sc.signal.aborted) throw err
      outcome = { ok: false, detail: err instanceof Error ? err.message : String(err), after: '' }
    }
    const { ok } = outcome
    const detail = outcome.after ? `${outcome.detail}; ${outcome.after}` : outcome.detail
    await setStatus(ad.id, rid, ok ? 'Succeeded' : 'Failed', detail)
    await say(
      ad,
      ok ? AdvertisementMessage.Succeeded : AdvertisementMessage.Failed,
      ok ? 'info' : 'error',
      `Program "${ad.programName}" ${ok ? 'completed successfully' : 'failed'} on ${resource.name} (${detail}).`,
    )
    return { state: ok ? 'succeeded' : 'failed', message: detail }
  }

  /** Records a run: one step per member client, waiting for `runAt` when given (a recurring assignment). */
  async function recordRun(ad: AdvertisementDto, runAt: Date | null): Promise<number> {
    const members = await membersOf(ctx.db, ad.collectionId)
    if (members.length === 0)
      throw new PatchbayError(
        'invalid-input',
        `Collection ${ad.collectionName} has no clients`,
        'collectionId',
      )
    return engine.createJob(
      ADVERTISEMENT_JOB,
      ad.id,
      { maxAttempts: 1 },
      members.map((m) => ({
        resourceId: m.id,
        step: 'run',
        name: m.name,
        address: m.address,
        collectionId: ad.collectionId,
        data: runAt ? { runAt: runAt.toISOString() } : {},
      })),
    )
  }

  /** After a run of a mandatory advertisement, records the next one at its next assignment time. */
  async function reschedule(adId: string, jobId: number): Promise<void> {
    const ad = await ads.get(adId).catch(() => null)
    if (!ad) return
    const newer = await currentJob(adId)
    if (newer && newer.id !== jobId) return
    const next = nextAssignmentAfter(ad, new Date(ctx.now()))
    if (!next) return
    const id = await recordRun(ad, next)
    await ctx.audit(
      ctx.db,
      'info',
      COMPONENT,
      ad.id,
      `Advertisement ${ad.id} run ${id} scheduled for the next mandatory assignment at ${next.toISOString()}.`,
    )
  }

  engine.register(ADVERTISEMENT_JOB, {
    run,
    async jobFinished(job) {
      if (job.state !== 'cancelled') await reschedule(job.objectId, job.id)
      ctx.events.emit('site:changed', { entity: 'advertisements', ids: [job.objectId] })
    },
  })

  const currentJob = async (id: string) => {
    const j = await ctx.db
      .selectFrom('job')
      .select(['id', 'state'])
      .where('kind', '=', ADVERTISEMENT_JOB)
      .where('object_id', '=', id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    return j ? { id: Number(j.id), state: j.state } : null
  }

  // A mandatory advertisement is assigned: its run is recorded the moment it is created (its steps wait for
  // the first assignment), as SMS runs assigned programs without anyone pressing Run. Optional ones run on request.
  ctx.events.on('site:changed', (e) => {
    if (e.entity !== 'advertisements') return
    for (const id of e.ids) void scheduleAssigned(id).catch(() => undefined)
  })
  async function scheduleAssigned(id: string): Promise<void> {
    const recorded = await oneAtATime(id, async () => {
      // Status changes of a running advertisement announce it too: the one-query check comes first.
      if (await currentJob(id)) return false
      const ad = await ads.get(id).catch(() => null)
      if (!ad?.mandatory || ad.assignments.length === 0) return false
      await recordRun(ad, null)
      return true
    })
    if (recorded) ctx.events.emit('site:changed', { entity: 'advertisements', ids: [id] })
  }
  // Checking for a run and recording one happen one at a time per advertisement (never two runs at once).
  const locks = new Map<string, Promise<unknown>>()
  function oneAtATime<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const next = (locks.get(id) ?? Promise.resolve()).catch(() => undefined).then(fn)
    locks.set(id, next)
    void next.finally(() => locks.get(id) === next && locks.delete(id)).catch(() => undefined)
    return next
  }

  return {
    /** Resumes the advertisement's unfinished run, or records a new one (a step per member client), and runs it. */
    async run(id: string, start = true) {
      const ad = await ads.get(id)
      const job = await oneAtATime(id, async () => {
        const current = await currentJob(id)
        if (current && !['succeeded', 'failed', 'cancelled'].includes(current.state)) return current
        return { id: await recordRun(ad, null), state: 'queued' }
      })
      if (start) {
        engine.start()
        engine.kick()
      }
      return { advertisementId: id, jobId: job.id, state: (await readJob(ctx.db, job.id)).state }
    },
    async wait(id: string) {
      const job = await currentJob(id)
      if (!job) throw new PatchbayError('conflict', `Advertisement ${id} has not run yet`, 'id')
      const end = await engine.waitJob(job.id)
      return { advertisementId: id, jobId: job.id, state: end.state }
    },
    /** Advertisement Status: summary counts, per-client rows and status messages, newest first. */
    async status(id: string): Promise<AdvertisementStatusDto> {
      const ad = await ads.get(id)
      const job = await currentJob(id)
      const rows = await ctx.db
        .selectFrom('advertisement_status')
        .innerJoin('resource', 'resource.id', 'advertisement_status.resource_id')
        .select([
          'advertisement_status.resource_id',
          'resource.name',
          'advertisement_status.state',
          'advertisement_status.message',
          'advertisement_status.updated_at',
        ])
        .where('advertisement_id', '=', id)
        .orderBy('resource.name')
        .execute()
      const clients = rows.map((r) => ({
        resourceId: Number(r.resource_id),
        name: r.name,
        state: r.state as ClientState,
        message: r.message,
        updatedAt: r.updated_at,
      }))
      const n = (s: ClientState) => clients.filter((c) => c.state === s).length
      const messages = await ctx.db
        .selectFrom('audit_event')
        .select(['time', 'severity', 'message'])
        .where('component', '=', COMPONENT)
        .where('object_id', '=', id)
        .orderBy('id', 'desc')
        .limit(1000)
        .execute()
      let nextRunAt: string | null = null
      if (job && !['succeeded', 'failed', 'cancelled'].includes(job.state)) {
        const step = await ctx.db
          .selectFrom('job_step')
          .select('data')
          .where('job_id', '=', job.id)
          .orderBy('id')
          .limit(1)
          .executeTakeFirst()
        const runAt = (JSON.parse(step?.data || '{}') as { runAt?: string }).runAt
        const at = runAt ? new Date(runAt) : runTimeOf(ad)
        if (at.getTime() > Date.parse(ctx.now())) nextRunAt = at.toISOString()
      }
      return {
        advertisementId: ad.id,
        jobId: job?.id ?? null,
        jobState: job?.state ?? null,
        nextRunAt,
        summary: {
          targeted: (await membersOf(ctx.db, ad.collectionId)).length,
          // Received counts every client that got the advertisement, whatever happened next (as SMS does).
          received: clients.length,
          running: n('Running'),
          succeeded: n('Succeeded'),
          failed: n('Failed'),
        },
        clients,
        messages: messages.map((m) => {
          const found = /^Message (\d+): (.*)$/s.exec(m.message)
          return {
            time: m.time,
            severity: m.severity,
            messageId: found ? Number(found[1]) : null,
            text: found ? found[2]! : m.message,
          }
        }),
      }
    },
  }
}

/** The advertisement runs service's type. */
export type AdvertisementRuns = ReturnType<typeof createAdvertisementRuns>
