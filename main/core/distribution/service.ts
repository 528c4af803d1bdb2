import type { z } from 'zod'
import {
  defaultDpRoot,
  type distributionInput,
  type distributionPointUpdate,
} from '../../../shared/dto/distribution'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { TaskDto } from '../../../shared/dto/task'
import { PatchbayError } from '../../../shared/errors'
import { DpSession, toDistributionError } from '../../clients/distribution'
import { isHostError, type KnownHostKey } from '../../clients/ssh'
import { backoffDelay } from '../../clients/ssh/backoff'
import { delay } from '../../clients/ssh/semaphore'
import { resolveTarget } from '../resources/client-auth'
import {
  deleteDpState,
  distributionPointResources,
  packageContent,
  readPoints,
  readStatus,
  rootPaths,
  setDpState,
} from './rows'
import { installedMessage, itemName, removePackage, syncPackage } from './sync'
import { createDbHostKeyStore } from '../resources/host-key-db-store'
import { refreshSourceContent } from '../packages/source-content'
import type { Ports } from '../runtime/ports'
import type { SecretsPort } from '../runtime/secrets'
import type { SiteContext } from '../runtime/site-context'
import type { TaskHandle, TaskRegistry } from '../runtime/task-registry'

/** What the distribution service needs from the services around it. */
export interface DistributionDeps {
  tasks: TaskRegistry
  secrets: SecretsPort
  ssh?: Ports['ssh']
  /** Keys points presented that are not trusted yet, so `hostkeys:trust` can take consent for them. */
  presented?: Map<string, KnownHostKey>
  /** Attempts per point before a transient failure (dropped connection, timeout) ends as Failed (default 3). */
  attempts?: number
  /** First retry delay, doubled per attempt (default 2 000 ms). */
  retryBaseDelayMs?: number
}

type Input = z.output<typeof distributionInput>

const COMPONENT = 'Distribution Manager'

/** Distribution points: place packages on them over SFTP, verify, remove, and keep Package Status current. */
export function createDistributionService(ctx: SiteContext, deps: DistributionDeps) {
  const hostKeys = createDbHostKeyStore(ctx)
  const attempts = deps.attempts ?? 3
  const baseDelay = deps.retryBaseDelayMs ?? 2_000
  /** `package|resource` pairs with a task working on them. */
  const busy = new Set<string>()

  const open = async (dp: ResourceDto, signal: AbortSignal) => {
    const target = await resolveTarget(ctx.db, deps.secrets, dp).catch((err: Error) => {
      throw new PatchbayError('invalid-input', err.message)
    })
    try {
      return await DpSession.open(target, {
        hostKeys,
        connectTimeoutMs: deps.ssh?.connectTimeoutMs,
        signal,
      })
    } catch (err) {
      if (isHostError(err) && err.presentedKey)
        deps.presented?.set(`${dp.address}:${dp.port}`, err.presentedKey)
      throw err
    }
  }

  /** The points an input names; an empty list means every point that has a status row for the package. */
  const pointsFor = async (input: Input, requireRows: boolean): Promise<ResourceDto[]> => {
    let ids = input.resourceIds
    if (ids.length === 0) {
      if (!requireRows)
        throw new PatchbayError('invalid-input', 'Choose at least one distribution point', 'resourceIds')
      ids = (await readStatus(ctx.db, input.packageId)).map((s) => s.resourceId)
      if (ids.length === 0)
        throw new PatchbayError(
          'invalid-input',
          `Package ${input.packageId} is not on any distribution point`,
          'resourceIds',
        )
    }
    const points = await distributionPointResources(ctx.db, ids)
    const all = await ctx.db.selectFrom('resource').select(['id', 'name']).where('id', 'in', ids).execute()
    for (const id of ids) {
      const row = all.find((r) => Number(r.id) === id)
      if (!row) throw new PatchbayError('not-found', `No resource with ID ${id}`, 'resourceIds')
      if (!points.some((p) => p.id === id))
        throw new PatchbayError(
          'invalid-input',
          `${row.name} is not a distribution point; give it the distribution point role first`,
          'resourceIds',
        )
    }
    for (const p of points)
      if (busy.has(`${input.packageId}|${p.id}`))
        throw new PatchbayError(
          'conflict',
          `Package ${input.packageId} is already being worked on at ${p.name}; wait for that task`,
          'resourceIds',
        )
    return points
  }

  /**
   * Runs `work` for one point with bounded retries: a transient failure sets 'Install retrying' with the reason
   * and tries again after a backoff; anything else (or the last attempt) ends in `onFail` with the reason.
   */
  const withRetries = async (
    packageId: string,
    dp: ResourceDto,
    task: TaskHandle,
    work: (session: DpSession) => Promise<void>,
    onFail: (reason: string) => Promise<void>,
  ) => {
    for (let attempt = 1; ; attempt++) {
      let session: DpSession | null = null
      const onAbort = () => session?.close()
      task.signal.addEventListener('abort', onAbort, { once: true })
      try {
        session = await open(dp, task.signal)
        await work(session)
        return
      } catch (err) {
        if (task.signal.aborted) return onFail('cancelled; redistribute to resume where it stopped')
        const e = err instanceof PatchbayError ? err : toDistributionError(err, '')
        const transient = !(err instanceof PatchbayError) && 'transient' in e && e.transient
        if (!transient || attempt >= attempts) return onFail(e.message)
        const wait = backoffDelay(attempt - 1, baseDelay, 30_000)
        await setDpState(
          ctx,
          packageId,
          dp.id,
          'Install retrying',
          `${e.message}; attempt ${attempt + 1} of ${attempts} in ${Math.max(1, Math.round(wait / 1000))} s`,
        )
        try {
          await delay(wait, task.signal)
        } catch {
          return onFail('cancelled; redistribute to resume where it stopped')
        }
      } finally {
        task.signal.removeEventListener('abort', onAbort)
        session?.close()
      }
    }
  }

  const audit = async (severity: 'info' | 'error', packageId: string, message: string) => {
    await ctx.audit(ctx.db, severity, COMPONENT, packageId, message)
    ctx.events.emit('site:changed', { entity: 'status', ids: [] })
  }

  /** Uploads a package to points as one task (an item per point × file); Package Status follows every step. */
  const place = async (input: Input, verb: 'Distribute' | 'Redistribute', requireRows: boolean) => {
    await refreshSourceContent(ctx, input.packageId)
    const pkg = await packageContent(ctx.db, input.packageId)
    if (pkg.files.length === 0)
      throw new PatchbayError(
        'invalid-input',
        `Package ${pkg.id} has no files: put them in its source folder${pkg.sourcePath ? ` (${pkg.sourcePath})` : ''}, or download its updates' content`,
        'packageId',
      )
    if (!pkg.sourcePath)
      throw new PatchbayError('invalid-input', `Package ${pkg.id} has no source folder`, 'packageId')
    const points = await pointsFor(input, requireRows)
    const roots = await rootPaths(ctx.db)
    for (const dp of points) {
      busy.add(`${pkg.id}|${dp.id}`)
      await setDpState(ctx, pkg.id, dp.id, 'Install pending', `queued: ${pkg.files.length} files`)
    }
    const items = points.flatMap((dp) =>
      pkg.files.map((f) => ({ name: itemName(dp.name, f.path), bytesTotal: f.size })),
    )
    const where = points.length === 1 ? points[0]!.name : `${points.length} distribution points`
    return deps.tasks.start('dp-upload', `${verb} ${pkg.name} to ${where}`, items, async (task) => {
      const outcomes = await Promise.all(
        points.map(async (dp) => {
          const root = roots.get(dp.id) ?? defaultDpRoot
          const finished = new Set<string>()
          const tracked: TaskHandle = {
            ...task,
            item: (name, patch) => {
              if (patch.state === 'done' || patch.state === 'skipped' || patch.state === 'failed')
                finished.add(name)
              task.item(name, patch)
            },
          }
          let ok = false
          try {
            await withRetries(
              pkg.id,
              dp,
              task,
              async (session) => {
                const r = await syncPackage(session, pkg, root, dp.name, tracked)
                await setDpState(ctx, pkg.id, dp.id, 'Installed', installedMessage(r))
                ok = true
              },
              async (reason) => {
                for (const f of pkg.files) {
                  const name = itemName(dp.name, f.path)
                  if (!finished.has(name)) task.item(name, { state: 'failed', error: reason })
                }
                await setDpState(ctx, pkg.id, dp.id, 'Failed', reason)
                await audit('error', pkg.id, `${pkg.name} on ${dp.name}: ${reason}`)
              },
            )
          } finally {
            busy.delete(`${pkg.id}|${dp.id}`)
          }
          if (ok) await audit('info', pkg.id, `${pkg.name} installed on ${dp.name}`)
          return ok
        }),
      )
      const good = outcomes.filter(Boolean).length
      const summary = `${good} of ${points.length} distribution points installed`
      if (good < points.length) throw new Error(summary)
      return summary
    })
  }

  return {
    /** Every distribution point with its root path and package counts. */
    points: () => readPoints(ctx.db),

    /** Sets the remote folder a point keeps packages under. */
    async setPoint(input: z.output<typeof distributionPointUpdate>) {
      const [dp] = await distributionPointResources(ctx.db, [input.resourceId])
      if (!dp) {
        const exists = await ctx.db
          .selectFrom('resource')
          .select('name')
          .where('id', '=', input.resourceId)
          .executeTakeFirst()
        if (!exists) throw new PatchbayError('not-found', `No resource with ID ${input.resourceId}`)
        throw new PatchbayError(
          'invalid-input',
          `${exists.name} is not a distribution point; give it the distribution point role first`,
          'resourceId',
        )
      }
      const now = ctx.now()
      await ctx.db
        .insertInto('distribution_point')
        .values({ resource_id: dp.id, root_path: input.rootPath, updated_at: now })
        .onConflict((oc) =>
          oc.column('resource_id').doUpdateSet({ root_path: input.rootPath, updated_at: now }),
        )
        .execute()
      ctx.events.emit('site:changed', { entity: 'distribution', ids: [] })
      return (await readPoints(ctx.db, [dp.id]))[0]!
    },

    /** Package Status rows. */
    status: (packageId?: string) => readStatus(ctx.db, packageId),

    /** Places a package on points (new or not) and verifies every file there. */
    distribute: (input: Input): Promise<TaskDto> => place(input, 'Distribute', false),

    /** Brings points that have a package back to exactly its files: resumes, repairs tampered files. */
    redistribute: (input: Input): Promise<TaskDto> => place(input, 'Redistribute', true),

    /** Deletes the package's folder on points and its status rows there. */
    async remove(input: Input): Promise<TaskDto> {
      const pkg = await packageContent(ctx.db, input.packageId)
      const points = await pointsFor(input, true)
      const roots = await rootPaths(ctx.db)
      for (const dp of points) busy.add(`${pkg.id}|${dp.id}`)
      const items = points.map((dp) => ({ name: dp.name }))
      const where = points.length === 1 ? points[0]!.name : `${points.length} distribution points`
      return deps.tasks.start('dp-remove', `Remove ${pkg.name} from ${where}`, items, async (task) => {
        const outcomes = await Promise.all(
          points.map(async (dp) => {
            let ok = false
            task.item(dp.name, { state: 'running' })
            try {
              await withRetries(
                pkg.id,
                dp,
                task,
                async (session) => {
                  const folder = await removePackage(
                    session,
                    pkg.id,
                    roots.get(dp.id) ?? defaultDpRoot,
                    task.signal,
                  )
                  await deleteDpState(ctx, pkg.id, dp.id)
                  task.item(dp.name, { state: 'done', error: `removed ${folder}` })
                  ok = true
                },
                async (reason) => {
                  task.item(dp.name, { state: 'failed', error: reason })
                  await setDpState(ctx, pkg.id, dp.id, 'Failed', `remove failed: ${reason}`)
                },
              )
            } finally {
              busy.delete(`${pkg.id}|${dp.id}`)
            }
            if (ok) await audit('info', pkg.id, `${pkg.name} removed from ${dp.name}`)
            return ok
          }),
        )
        const good = outcomes.filter(Boolean).length
        const summary = `removed from ${good} of ${points.length} distribution points`
        if (good < points.length) throw new Error(summary)
        return summary
      })
    },
  }
}

/** The distribution service's type. */
export type DistributionService = ReturnType<typeof createDistributionService>
