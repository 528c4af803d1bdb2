import { setMaxListeners } from 'node:events'
import type { JobDto, JobHostDto, JobState, hostErrorKinds, jobKinds } from '../../../shared/dto/job'
import type { ResourceDto } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import { isHostError } from '../../clients/ssh'
import { ScanOutputError } from '../../clients/platforms/types'
import { NoCredentialsError } from '../resources/client-auth'
import { ownerAlive, processOwner } from '../runtime/process-owner'
import type { SiteContext } from '../runtime/site-context'

type JobKind = (typeof jobKinds)[number]
type HostErrorKind = (typeof hostErrorKinds)[number]

/** What a host's work returns when it succeeds (or is skipped). */
export type HostOutcome = Partial<
  Pick<JobHostDto, 'message' | 'exitCode' | 'stdout' | 'stderr' | 'durationMs'>
> & {
  state?: Extract<JobState, 'succeeded' | 'skipped' | 'failed'>
}

/** The work of one host: resolves with its outcome, or throws its one error. */
export type HostWork = (resource: ResourceDto, signal: AbortSignal) => Promise<HostOutcome>

interface RunningJob {
  dto: JobDto
  abort: AbortController
  finished: Promise<JobDto>
}

/** Classifies any per-host failure into the job's error kinds, keeping the sysadmin-facing message. */
export function classifyHostError(err: unknown): {
  kind: HostErrorKind
  message: string
  fingerprint: string | null
} {
  if (isHostError(err)) return { kind: err.kind, message: err.message, fingerprint: err.fingerprint ?? null }
  if (err instanceof NoCredentialsError)
    return { kind: 'no-credentials', message: err.message, fingerprint: null }
  if (err instanceof ScanOutputError) return { kind: 'bad-output', message: err.message, fingerprint: null }
  if (err instanceof PatchbayError && err.field === 'platform')
    return { kind: 'unsupported-platform', message: err.message, fingerprint: null }
  return {
    kind: 'command-failed',
    message: err instanceof Error ? err.message : String(err),
    fingerprint: null,
  }
}

const finalStates: readonly JobState[] = ['succeeded', 'failed', 'skipped', 'cancelled']

/**
 * Runs work on many clients with live progress: every host finishes or is named with its one error,
 * counts are pushed as `job:progress` events, and the job and its steps are recorded in the site database.
 */
export class JobRunner {
  private readonly jobs = new Map<number, RunningJob>()

  constructor(private readonly ctx: SiteContext) {}

  /** Starts a job over the resources; resolves at once with the job (hosts queued). */
  async start(kind: JobKind, title: string, resources: ResourceDto[], work: HostWork): Promise<JobDto> {
    if (resources.length === 0)
      throw new PatchbayError('invalid-input', 'The selection holds no clients', 'targets')
    const createdAt = this.ctx.now()
    const row = await this.ctx.db
      .insertInto('job')
      .values({
        kind,
        object_id: title,
        state: 'running',
        owner: processOwner(),
        attempts: 1,
        error: '',
        created_at: createdAt,
        started_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const dto: JobDto = {
      id: Number(row.id),
      kind,
      title,
      state: 'running',
      total: resources.length,
      done: 0,
      succeeded: 0,
      failed: 0,
      skipped: 0,
      createdAt,
      finishedAt: null,
      hosts: resources.map((r) => ({
        resourceId: r.id,
        name: r.name,
        address: r.address,
        state: 'queued',
        message: '',
        errorKind: null,
        fingerprint: null,
        exitCode: null,
        stdout: '',
        stderr: '',
        durationMs: null,
      })),
    }
    const abort = new AbortController()
    // Every host of the job listens on this one signal.
    setMaxListeners(0, abort.signal)
    const running: RunningJob = { dto, abort, finished: Promise.resolve(dto) }
    this.jobs.set(dto.id, running)
    running.finished = this.run(running, resources, work)
    this.emit(dto, null)
    return structuredClone(dto)
  }

  private async run(job: RunningJob, resources: ResourceDto[], work: HostWork): Promise<JobDto> {
    const { dto, abort } = job
    await Promise.all(
      resources.map(async (resource, i) => {
        const host = dto.hosts[i]!
        host.state = 'running'
        const started = Date.now()
        try {
          if (abort.signal.aborted) throw new PatchbayError('unavailable', 'Cancelled before it started')
          const outcome = await work(resource, abort.signal)
          Object.assign(host, outcome, { state: outcome.state ?? 'succeeded' })
        } catch (err) {
          const { kind, message, fingerprint } = classifyHostError(err)
          const cancelled = abort.signal.aborted
          Object.assign(host, {
            state: cancelled ? 'cancelled' : 'failed',
            errorKind: cancelled ? 'cancelled' : kind,
            message,
            fingerprint,
            stderr: isHostError(err) ? (err.stderr ?? '') : '',
            exitCode: isHostError(err) ? (err.exitCode ?? null) : null,
          })
        }
        host.durationMs ??= Date.now() - started
        dto.done++
        const state = host.state as JobState
        if (state === 'succeeded') dto.succeeded++
        else if (state === 'skipped') dto.skipped++
        else dto.failed++
        this.emit(dto, host)
      }),
    )
    dto.state = abort.signal.aborted ? 'cancelled' : dto.failed > 0 ? 'failed' : 'succeeded'
    dto.finishedAt = this.ctx.now()
    await this.record(dto)
    this.jobs.delete(dto.id)
    this.emit(dto, null)
    return structuredClone(dto)
  }

  private async record(dto: JobDto): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('job')
        .set({
          state: dto.state,
          finished_at: dto.finishedAt,
          error: dto.failed ? `${dto.failed} of ${dto.total} failed` : '',
        })
        .where('id', '=', dto.id)
        .execute()
      for (let i = 0; i < dto.hosts.length; i += 200) {
        await trx
          .insertInto('job_step')
          .values(
            dto.hosts.slice(i, i + 200).map((h) => ({
              job_id: dto.id,
              resource_id: h.resourceId,
              step: dto.kind,
              state: h.state,
              attempts: 1,
              output: JSON.stringify(h),
              started_at: dto.createdAt,
              finished_at: dto.finishedAt,
            })),
          )
          .execute()
      }
      await this.ctx.audit(
        trx,
        dto.failed ? 'warning' : 'info',
        'Job Manager',
        String(dto.id),
        `${dto.title}: ${dto.succeeded} succeeded, ${dto.failed} failed, ${dto.skipped} skipped of ${dto.total}.`,
      )
    })
    this.ctx.events.emit('site:changed', { entity: 'status', ids: [] })
  }

  private emit(dto: JobDto, host: JobHostDto | null): void {
    const { hosts: _hosts, ...job } = dto
    this.ctx.events.emit('job:progress', { job, host: host ? { ...host } : null })
  }

  /** One job with its hosts: a running one from memory, a finished one from the site database. */
  async get(id: number): Promise<JobDto> {
    const running = this.jobs.get(id)
    if (running) return structuredClone(running.dto)
    const row = await this.ctx.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new PatchbayError('not-found', `No job with ID ${id}`)
    const steps = await this.ctx.db
      .selectFrom('job_step')
      .select('output')
      .where('job_id', '=', id)
      .orderBy('id')
      .execute()
    const hosts = steps.map((s) => JSON.parse(s.output) as JobHostDto)
    const count = (st: JobState) => hosts.filter((h) => h.state === st).length
    return {
      id,
      kind: row.kind as JobKind,
      title: row.object_id,
      state: row.state as JobState,
      total: hosts.length,
      done: hosts.filter((h) => finalStates.includes(h.state)).length,
      succeeded: count('succeeded'),
      failed: count('failed') + count('cancelled'),
      skipped: count('skipped'),
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      hosts,
    }
  }

  /** The newest jobs, without their hosts. */
  async list(limit = 100): Promise<JobDto[]> {
    const rows = await this.ctx.db.selectFrom('job').selectAll().orderBy('id', 'desc').limit(limit).execute()
    const ids = rows.map((r) => Number(r.id))
    const counts = ids.length
      ? await this.ctx.db
          .selectFrom('job_step')
          .select(['job_id', 'state', (eb) => eb.fn.countAll<string | number>().as('n')])
          .where('job_id', 'in', ids)
          .groupBy(['job_id', 'state'])
          .execute()
      : []
    return rows.map((row) => {
      const running = this.jobs.get(Number(row.id))
      if (running) return { ...structuredClone(running.dto), hosts: [] }
      const n = (state: JobState) =>
        Number(counts.find((c) => Number(c.job_id) === Number(row.id) && c.state === state)?.n ?? 0)
      const total = counts
        .filter((c) => Number(c.job_id) === Number(row.id))
        .reduce((a, c) => a + Number(c.n), 0)
      return {
        id: Number(row.id),
        kind: row.kind as JobKind,
        title: row.object_id,
        state: row.state as JobState,
        total,
        done: total,
        succeeded: n('succeeded'),
        failed: n('failed') + n('cancelled'),
        skipped: n('skipped'),
        createdAt: row.created_at,
        finishedAt: row.finished_at,
        hosts: [],
      }
    })
  }

  /** Cancels a running job: hosts not yet finished end as cancelled. */
  async cancel(id: number): Promise<JobDto> {
    const running = this.jobs.get(id)
    if (!running) return this.get(id)
    running.abort.abort()
    return running.finished
  }

  /** Resolves when the job has finished (at once for a finished one). */
  async wait(id: number): Promise<JobDto> {
    const running = this.jobs.get(id)
    return running ? running.finished : this.get(id)
  }

  /** Marks jobs whose (local) process is gone as cancelled: their hosts' results were never recorded. */
  async recover(): Promise<void> {
    const running = await this.ctx.db
      .selectFrom('job')
      .select(['id', 'owner'])
      .where('state', '=', 'running')
      .execute()
    const dead = running.filter((j) => !ownerAlive(j.owner)).map((j) => Number(j.id))
    if (dead.length === 0) return
    await this.ctx.db
      .updateTable('job')
      .set({
        state: 'cancelled',
        error: 'interrupted: the process running it stopped',
        finished_at: this.ctx.now(),
      })
      .where('id', 'in', dead)
      .execute()
  }

  /** Cancels every running job (on shutdown). */
  async stopAll(): Promise<void> {
    for (const job of this.jobs.values()) job.abort.abort()
    await Promise.allSettled([...this.jobs.values()].map((j) => j.finished))
  }
}
