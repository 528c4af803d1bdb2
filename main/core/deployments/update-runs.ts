/**
 * Update runs: each deployment run's name, duration limit, computer list and options
 * (table update_run, keyed by its engine job), and the per-computer log lines a run writes as it goes —
 * commands, output tails, state changes, restart waits — kept searchable afterwards by run name,
 * KB/package, computer and title, and pushed live as the 'deploy:log' event.
 */
import { sql } from 'kysely'
import type { z } from 'zod'
import type { deployLogsQuery, DeployLogLineDto, UpdateRunDto } from '../../../shared/dto/deployment'
import { DEPLOYMENT_JOB } from './rows'
import { hitTimeLimit } from '../engine/policy'
import type { Db, SiteContext } from '../runtime/site-context'

/** What a run records besides its job. */
export interface NewUpdateRun {
  jobId: number
  deploymentId: string
  name: string
  durationMinutes: number | null
  endsAt: string | null
  resourceIds: number[]
  options: Record<string, unknown>
  startedAt: string
}

/** Records a run (in the transaction that created its job). */
export async function insertUpdateRun(trx: Db, run: NewUpdateRun): Promise<void> {
  await trx
    .insertInto('update_run')
    .values({
      job_id: run.jobId,
      deployment_id: run.deploymentId,
      name: run.name,
      duration_minutes: run.durationMinutes,
      ends_at: run.endsAt,
      resource_ids: JSON.stringify(run.resourceIds),
      options: JSON.stringify(run.options),
      started_at: run.startedAt,
    })
    .execute()
}

/** Moves a run's duration limit (a retry's fresh window). */
export async function setUpdateRunEndsAt(db: Db, jobId: number, endsAt: string): Promise<void> {
  await db.updateTable('update_run').set({ ends_at: endsAt }).where('job_id', '=', jobId).execute()
}

function selectRuns(db: Db) {
  return db
    .selectFrom('update_run')
    .innerJoin('job', 'job.id', 'update_run.job_id')
    .selectAll('update_run')
    .select(['job.state', 'job.error'])
}

type RunRow = Awaited<ReturnType<ReturnType<typeof selectRuns>['executeTakeFirstOrThrow']>>

const toRun = (r: RunRow): UpdateRunDto => ({
  jobId: Number(r.job_id),
  deploymentId: r.deployment_id,
  name: r.name,
  durationMinutes: r.duration_minutes === null ? null : Number(r.duration_minutes),
  endsAt: r.ends_at,
  resourceIds: JSON.parse(r.resource_ids) as number[],
  options: JSON.parse(r.options) as Record<string, unknown>,
  startedAt: r.started_at,
  state: r.state,
  error: r.error,
  timeLimitReached: hitTimeLimit(r.error),
})

/** The run of an engine job, or null (a job recorded before update runs existed). */
export async function readUpdateRun(db: Db, jobId: number): Promise<UpdateRunDto | null> {
  const r = await selectRuns(db).where('update_run.job_id', '=', jobId).executeTakeFirst()
  return r ? toRun(r) : null
}

/** Runs of one deployment (or all), newest first. */
export async function listUpdateRuns(db: Db, deploymentId?: string): Promise<UpdateRunDto[]> {
  let q = selectRuns(db).where('job.kind', '=', DEPLOYMENT_JOB)
  if (deploymentId) q = q.where('update_run.deployment_id', '=', deploymentId)
  return (await q.orderBy('update_run.job_id', 'desc').execute()).map(toRun)
}

/** An update a log line is about. */
interface LineUpdate {
  id: string
  title: string
  kb: string
  package: string
}

/** One line to write. */
export interface RunLogInput {
  jobId: number
  deploymentId: string
  resourceId: number
  computer: string
  updateIds?: readonly string[]
  kind: 'command' | 'output' | 'state' | 'reboot' | 'info'
  text: string
}

/** Writes run log lines (and pushes each as 'deploy:log'); caches run names and update details. */
export function createRunLog(ctx: SiteContext) {
  const names = new Map<number, string>()
  const updates = new Map<string, LineUpdate>()

  const runName = async (jobId: number, deploymentId: string) => {
    let name = names.get(jobId)
    if (name === undefined) {
      const run = await ctx.db
        .selectFrom('update_run')
        .select('name')
        .where('job_id', '=', jobId)
        .executeTakeFirst()
      name =
        run?.name ??
        (
          await ctx.db
            .selectFrom('deployment')
            .select('name')
            .where('id', '=', deploymentId)
            .executeTakeFirst()
        )?.name ??
        deploymentId
      names.set(jobId, name)
    }
    return name
  }

  const updateOf = async (ids: readonly string[]): Promise<LineUpdate> => {
    const missing = ids.filter((u) => !updates.has(u))
    if (missing.length) {
      const rows = await ctx.db
        .selectFrom('software_update')
        .select(['id', 'title', 'kb', 'package'])
        .where('id', 'in', missing)
        .execute()
      for (const r of rows) updates.set(r.id, { id: r.id, title: r.title, kb: r.kb, package: r.package })
    }
    const found = ids.map((u) => updates.get(u) ?? { id: u, title: '', kb: '', package: '' })
    const join = (k: keyof LineUpdate) => [...new Set(found.map((f) => f[k]).filter(Boolean))].join(', ')
    return { id: join('id'), title: join('title'), kb: join('kb'), package: join('package') }
  }

  return {
    /** Writes one line; answers it as the console sees it. */
    async write(line: RunLogInput): Promise<DeployLogLineDto> {
      const name = await runName(line.jobId, line.deploymentId)
      const update = await updateOf(line.updateIds ?? [])
      const time = ctx.now()
      const text = line.text.slice(0, 4000)
      const row = await ctx.db
        .insertInto('update_run_log')
        .values({
          time,
          job_id: line.jobId,
          run_name: name,
          deployment_id: line.deploymentId,
          resource_id: line.resourceId,
          computer: line.computer,
          update_id: update.id,
          update_title: update.title,
          update_kb: update.kb,
          update_package: update.package,
          kind: line.kind,
          text,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const dto: DeployLogLineDto = {
        id: Number(row.id),
        time,
        runName: name,
        jobId: line.jobId,
        deploymentId: line.deploymentId,
        resourceId: line.resourceId,
        computer: line.computer,
        update,
        kind: line.kind,
        text,
      }
      ctx.events.emit('deploy:log', dto)
      return dto
    },
  }
}

/** The run log writer's type. */
export type RunLog = ReturnType<typeof createRunLog>

/** Escapes LIKE wildcards so user text matches literally (with ESCAPE '\'). */
const likeText = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Searches run log lines: by run name (exact, case-insensitive), deployment, computer, and free text
 * matching KB, package, update ID, title, computer name or the line. Answers the newest `limit` lines in
 * time order (with afterId: the first `limit` lines after it).
 */
export async function queryRunLogs(
  db: Db,
  query: z.output<typeof deployLogsQuery>,
): Promise<DeployLogLineDto[]> {
  let q = db.selectFrom('update_run_log').selectAll()
  if (query.runName) q = q.where(sql<boolean>`lower(run_name) = ${query.runName.toLowerCase()}`)
  if (query.deploymentId) q = q.where('deployment_id', '=', query.deploymentId)
  if (query.resourceId) q = q.where('resource_id', '=', query.resourceId)
  if (query.afterId !== undefined) q = q.where('id', '>', query.afterId)
  if (query.text) {
    const t = likeText(query.text)
    q = q.where((eb) =>
      eb.or(
        ['update_kb', 'update_package', 'update_id', 'update_title', 'computer', 'text', 'run_name'].map(
          (c) => sql<boolean>`lower(${sql.ref(c)}) like ${t} escape '\\'`,
        ),
      ),
    )
  }
  const rows =
    query.afterId !== undefined
      ? await q.orderBy('id').limit(query.limit).execute()
      : (await q.orderBy('id', 'desc').limit(query.limit).execute()).reverse()
  return rows.map((r) => ({
    id: Number(r.id),
    time: r.time,
    runName: r.run_name,
    jobId: Number(r.job_id),
    deploymentId: r.deployment_id,
    resourceId: Number(r.resource_id),
    computer: r.computer,
    update: { id: r.update_id, title: r.update_title, kb: r.update_kb, package: r.update_package },
    kind: r.kind,
    text: r.text,
  }))
}
