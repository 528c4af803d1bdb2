import type { Selectable } from 'kysely'
import type { z } from 'zod'
import type {
  CatalogSourceDto,
  CatalogSyncDto,
  catalogSourceInput,
  catalogImportInput,
  catalogScheduleInput,
  catalogSourceRef,
  catalogSyncInput,
} from '../../../shared/dto/catalog'
import { PatchbayError } from '../../../shared/errors'
import type { TaskDto } from '../../../shared/dto/task'
import { syncAptSource, type AptSyncResult, type CatalogUpdate } from '../../clients/catalog'
import type { SiteDatabase } from '../../site/schema'
import { importCatalogFile } from './import'
import { syncProgress, type SyncProgress } from './sync-task'
import { isUniqueViolation, type Db, type SiteContext } from '../runtime/site-context'
import type { TaskRegistry } from '../runtime/task-registry'
import { runUpdateRules } from '../update-lists/rules'

/** What an admin should be told about a source's trust, loudly: unsigned Release files, plain http. */
export function sourceWarnings(r: { kind: string; base_url: string; allow_unsigned: number }): string[] {
  if (r.kind === 'wsus')
    return Number(r.allow_unsigned)
      ? [
          'UNSIGNED: this catalog is used unverified; whoever could change the file can change what clients install',
        ]
      : []
  if (r.kind !== 'apt') return []
  const out: string[] = []
  if (Number(r.allow_unsigned))
    out.push(
      'UNSIGNED: its Release files are used unverified; anyone on the path to this mirror can change what clients install',
    )
  if (r.base_url.startsWith('http://'))
    out.push(
      Number(r.allow_unsigned)
        ? 'plain http: nothing protects what is fetched'
        : 'plain http: the signature protects what clients install, but the traffic can be read and held back',
    )
  return out
}

/** A source's schedule: its interval and when it is next due (from its last sync, or now if never synced). */
function scheduleOf(
  source: { last_sync_at: string | null; created_at: string },
  schedule: { interval_minutes: number } | undefined,
): { syncIntervalMinutes: number; nextSyncAt: string | null } {
  const minutes = Number(schedule?.interval_minutes ?? 0)
  if (minutes <= 0) return { syncIntervalMinutes: 0, nextSyncAt: null }
  const from = source.last_sync_at ?? source.created_at
  return {
    syncIntervalMinutes: minutes,
    nextSyncAt: new Date(Date.parse(from) + minutes * 60_000).toISOString(),
  }
}

type SourceRow = Awaited<ReturnType<typeof readSources>>[number]

async function readSources(db: Db) {
  return db.selectFrom('catalog_source').selectAll().orderBy('name').execute()
}

/** Writes rows chunk by chunk; a cancelled sync stops between chunks (its transaction then rolls back). */
async function inChunks<T>(
  rows: T[],
  size: number,
  write: (chunk: T[]) => Promise<unknown>,
  signal?: AbortSignal,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    signal?.throwIfAborted()
    await write(rows.slice(i, i + size))
  }
}

/** Writes one successful sync's entries, supersedence and expiries, in the caller's transaction. */
async function writeSync(
  trx: Db,
  source: SourceRow,
  result: AptSyncResult,
  now: string,
  signal?: AbortSignal,
): Promise<void> {
  const rows = result.entries.map((e: CatalogUpdate) => ({
    id: e.id,
    vendor: 'debian',
    title: e.title,
    kb: '',
    revision: 0,
    classification: e.classification,
    product: e.section ?? '',
    products: JSON.stringify([`Debian ${e.suite}`]),
    severity: '',
    package: e.package,
    version: e.version,
    suite: e.suite,
    release_date: result.release?.date ?? null,
    size: e.size,
    sha256: e.sha256,
    superseded_by: '',
    source: source.name,
    source_id: source.id,
    expired: 0,
    description: e.description,
    created_at: now,
  }))
  await inChunks(
    rows,
    200,
    (chunk) =>
      trx
        .insertInto('software_update')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            size: eb.ref('excluded.size'),
            sha256: eb.ref('excluded.sha256'),
            suite: eb.ref('excluded.suite'),
            description: eb.ref('excluded.description'),
            source: eb.ref('excluded.source'),
            source_id: eb.ref('excluded.source_id'),
            expired: 0,
            // The same .deb in a security suite and a point release stays a Security Update.
            classification: eb
              .case()
              .when('software_update.classification', '=', 'Security Updates')
              .then('Security Updates')
              .else(eb.ref('excluded.classification'))
              .end(),
          })),
        )
        .execute(),
    signal,
  )
  const files = result.entries.map((e) => ({
    update_id: e.id,
    name: e.downloadPath.split('/').pop() ?? e.id,
    url: e.downloadPath,
    size: e.size,
    sha256: e.sha256,
  }))
  await inChunks(
    files,
    200,
    (chunk) =>
      trx
        .insertInto('update_file')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['update_id', 'name']).doUpdateSet((eb) => ({
            url: eb.ref('excluded.url'),
            size: eb.ref('excluded.size'),
            sha256: eb.ref('excluded.sha256'),
          })),
        )
        .execute(),
    signal,
  )
  const bySuccessor = new Map<string, string[]>()
  for (const [old, newest] of result.supersedence)
    bySuccessor.set(newest, [...(bySuccessor.get(newest) ?? []), old])
  for (const [newest, olds] of bySuccessor)
    await inChunks(olds, 500, (chunk) =>
      trx.updateTable('software_update').set({ superseded_by: newest }).where('id', 'in', chunk).execute(),
    )
  await inChunks(
    result.expired,
    500,
    (chunk) => trx.updateTable('software_update').set({ expired: 1 }).where('id', 'in', chunk).execute(),
    signal,
  )
  signal?.throwIfAborted()
  await trx
    .updateTable('catalog_source')
    .set({
      index_state: JSON.stringify(result.state.indexes),
      release_date: result.release?.date ?? null,
      last_sync_at: now,
    })
    .where('id', '=', source.id)
    .execute()
}

/** Catalog synchronization by the site's sync host: APT sources, their syncs and sync history. */
export function createCatalogService(ctx: SiteContext, tasks?: TaskRegistry) {
  const toDto = async (rows: SourceRow[]): Promise<CatalogSourceDto[]> => {
    const counts = await ctx.db
      .selectFrom('software_update')
      .select(['source_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('expired', '=', 0)
      .where('source_id', 'is not', null)
      .groupBy('source_id')
      .execute()
    const schedules = await ctx.db.selectFrom('catalog_schedule').selectAll().execute()
    return rows.map((r) => ({
      ...scheduleOf(
        r,
        schedules.find((s) => s.source_name === r.name),
      ),
      id: Number(r.id),
      name: r.name,
      kind: r.kind as CatalogSourceDto['kind'],
      baseUrl: r.base_url,
      suite: r.suite,
      components: JSON.parse(r.components) as string[],
      architectures: JSON.parse(r.architectures) as string[],
      keyring: r.keyring,
      allowExpired: Boolean(r.allow_expired),
      allowUnsigned: Boolean(r.allow_unsigned),
      signer: r.signer,
      warnings: sourceWarnings(r),
      lastSyncAt: r.last_sync_at,
      releaseDate: r.release_date,
      updateCount: Number(counts.find((c) => Number(c.source_id) === Number(r.id))?.n ?? 0),
    }))
  }

  const toSyncDto = (r: Selectable<SiteDatabase['catalog_sync']>): CatalogSyncDto => ({
    id: Number(r.id),
    sourceName: r.source_name,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    state: r.state as CatalogSyncDto['state'],
    newCount: Number(r.new_count),
    changedCount: Number(r.changed_count),
    expiredCount: Number(r.expired_count),
    fetchedBytes: Number(r.fetched_bytes),
    error: r.error,
  })

  /**
   * Syncs one source: downloads and verifies its indexes, then writes everything in one transaction, or
   * nothing. With `progress` (a task), bytes are reported as they arrive, and a cancel writes nothing at
   * all — not even a history row — and throws.
   */
  const syncOne = async (source: SourceRow, progress?: SyncProgress): Promise<CatalogSyncDto> => {
    if (source.kind !== 'apt') {
      progress?.signal.throwIfAborted()
      progress?.writing(0)
      const dto = await importCatalogFile(ctx, source.base_url, source.name)
      if (dto.state === 'succeeded') await runUpdateRules(ctx)
      if (dto.state === 'succeeded') progress?.wrote()
      else progress?.failed(dto.error)
      return dto
    }
    const started = ctx.now()
    const run = await ctx.db
      .insertInto('catalog_sync')
      .values({ source_name: source.name, started_at: started, state: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const stored = await ctx.db
      .selectFrom('software_update')
      .select(['id', 'sha256'])
      .where('source_id', '=', source.id)
      .where('expired', '=', 0)
      .execute()
    let result: AptSyncResult
    try {
      result = await syncAptSource({
        baseUrl: source.base_url,
        suite: source.suite,
        components: JSON.parse(source.components) as string[],
        architectures: JSON.parse(source.architectures) as string[],
        keyring: source.allow_unsigned ? undefined : source.keyring || undefined,
        allowUnsigned: Boolean(source.allow_unsigned),
        lastReleaseDate: source.release_date,
        allowExpired: Boolean(source.allow_expired),
        previous: {
          indexes: JSON.parse(source.index_state) as Record<string, string>,
          entries: new Map(stored.map((s) => [s.id, s.sha256])),
        },
        now: ctx.ports.clock(),
        ...(progress ? { fetch: progress.fetch } : {}),
      })
    } catch (err) {
      result = { errors: [err instanceof Error ? err.message : String(err)] } as AptSyncResult
    }
    const finished = ctx.now()
    const ok = result.errors.length === 0
    const forget = async (err: unknown): Promise<never> => {
      await ctx.db.deleteFrom('catalog_sync').where('id', '=', Number(run.id)).execute()
      ctx.events.emit('site:changed', { entity: 'catalog', ids: [source.name] })
      throw err
    }
    if (progress?.signal.aborted) await forget(progress.signal.reason)
    if (ok) {
      progress?.writing(result.entries.length)
      try {
        await ctx.db
          .transaction()
          .execute((trx) => writeSync(trx, source, result, finished, progress?.signal))
      } catch (err) {
        if (progress?.signal.aborted) await forget(progress.signal.reason)
        throw err
      }
      progress?.wrote()
    } else progress?.failed(result.errors.join('; '))
    const row = await ctx.db
      .updateTable('catalog_sync')
      .set({
        finished_at: finished,
        state: ok ? 'succeeded' : 'failed',
        new_count: ok ? result.stats.new : 0,
        changed_count: ok ? result.stats.changed : 0,
        expired_count: ok ? result.stats.expired : 0,
        fetched_bytes: result.stats?.fetchedBytes ?? 0,
        error: result.errors.join('; '),
      })
      .where('id', '=', Number(run.id))
      .returningAll()
      .executeTakeFirstOrThrow()
    const dto = toSyncDto(row)
    await ctx.audit(
      ctx.db,
      ok ? 'info' : 'error',
      'Catalog Synchronization',
      source.name,
      ok
        ? `Synchronized ${source.name}: ${dto.newCount} new, ${dto.changedCount} changed, ${dto.expiredCount} expired.`
        : `Synchronization of ${source.name} failed; nothing was written: ${dto.error}`,
    )
    ctx.events.emit('site:changed', { entity: 'updates', ids: [] })
    ctx.events.emit('site:changed', { entity: 'status', ids: [] })
    ctx.events.emit('site:changed', { entity: 'catalog', ids: [source.name] })
    if (ok) await runUpdateRules(ctx)
    return dto
  }

  const chooseSources = async (sourceName: string | null): Promise<SourceRow[]> => {
    const sources = await readSources(ctx.db)
    const chosen = sourceName === null ? sources : sources.filter((s) => s.name === sourceName)
    if (sourceName !== null && chosen.length === 0)
      throw new PatchbayError('not-found', `No catalog source named "${sourceName}"`, 'sourceName')
    if (chosen.length === 0) throw new PatchbayError('not-found', 'No catalog sources yet: add one first')
    return chosen
  }

  return {
    async list(): Promise<CatalogSourceDto[]> {
      return toDto(await readSources(ctx.db))
    },

    async add(input: z.output<typeof catalogSourceInput>): Promise<CatalogSourceDto> {
      try {
        await ctx.db
          .insertInto('catalog_source')
          .values({
            name: input.name,
            kind: input.kind,
            base_url: input.baseUrl,
            suite: input.suite,
            components: JSON.stringify(input.components),
            architectures: JSON.stringify(input.architectures),
            keyring: input.allowUnsigned ? '' : input.keyring,
            allow_expired: input.allowExpired ? 1 : 0,
            allow_unsigned: input.allowUnsigned ? 1 : 0,
            created_at: ctx.now(),
          })
          .execute()
      } catch (err) {
        if (isUniqueViolation(err))
          throw new PatchbayError('conflict', `A catalog source named "${input.name}" already exists`, 'name')
        throw err
      }
      const added = (await this.list()).find((s) => s.name === input.name)!
      await ctx.audit(
        ctx.db,
        added.warnings.length ? 'warning' : 'info',
        'Catalog Synchronization',
        input.name,
        `Source ${input.name} added: ${input.baseUrl} ${input.suite}${added.warnings.length ? ` (${added.warnings.join('; ')})` : ''}.`,
      )
      return added
    },

    async remove(input: z.output<typeof catalogSourceRef>): Promise<{ deleted: number }> {
      const source = (await readSources(ctx.db)).find((s) => s.name === input.name)
      if (!source) throw new PatchbayError('not-found', `No catalog source named "${input.name}"`, 'name')
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('software_update')
          .set({ source_id: null })
          .where('source_id', '=', source.id)
          .execute()
        await trx.deleteFrom('catalog_schedule').where('source_name', '=', source.name).execute()
        await trx.deleteFrom('catalog_source').where('id', '=', source.id).execute()
      })
      return { deleted: 1 }
    },

    async sync(input: z.output<typeof catalogSyncInput>): Promise<CatalogSyncDto[]> {
      const out: CatalogSyncDto[] = []
      for (const source of await chooseSources(input.sourceName)) out.push(await syncOne(source))
      return out
    },

    /**
     * Synchronize Now as a task: the same sync, answering at once and reporting each fetched file's bytes
     * and the write as task items. Cancel stops it; the source being synced keeps its catalog and history.
     */
    async syncStart(input: z.output<typeof catalogSyncInput>): Promise<TaskDto> {
      if (!tasks) throw new Error('catalog service built without a task registry')
      const chosen = await chooseSources(input.sourceName)
      const title =
        input.sourceName === null ? 'Synchronize catalog sources' : `Synchronize ${input.sourceName}`
      return tasks.start('catalog-sync', title, [], async (task) => {
        const runs: CatalogSyncDto[] = []
        for (const source of chosen) runs.push(await syncOne(source, syncProgress(task, source.name)))
        const failed = runs.filter((r) => r.state === 'failed')
        if (failed.length)
          throw new Error(
            `Synchronization failed: ${failed.map((r) => `${r.sourceName}: ${r.error}`).join('; ')}`,
          )
        return runs
          .map(
            (r) => `${r.sourceName}: ${r.newCount} new, ${r.changedCount} changed, ${r.expiredCount} expired`,
          )
          .join('; ')
      })
    },

    /** Imports wsusscn2.cab / package.xml / an update export CSV as a source (see importCatalogFile). */
    async import(input: z.output<typeof catalogImportInput>): Promise<CatalogSyncDto> {
      const dto = await importCatalogFile(ctx, input.file, input.name, {
        caBundle: input.caBundle,
        signer: input.signer,
        allowUnsigned: input.allowUnsigned,
      })
      if (dto.state === 'succeeded') await runUpdateRules(ctx)
      return dto
    },

    /** Sets how often the sync host synchronizes a source by itself (0 = on demand only). */
    async schedule(input: z.output<typeof catalogScheduleInput>): Promise<CatalogSourceDto> {
      const source = (await readSources(ctx.db)).find((s) => s.name === input.sourceName)
      if (!source)
        throw new PatchbayError('not-found', `No catalog source named "${input.sourceName}"`, 'sourceName')
      await ctx.db
        .insertInto('catalog_schedule')
        .values({ source_name: source.name, interval_minutes: input.intervalMinutes })
        .onConflict((oc) => oc.column('source_name').doUpdateSet({ interval_minutes: input.intervalMinutes }))
        .execute()
      ctx.events.emit('site:changed', { entity: 'catalog', ids: [source.name] })
      return (await this.list()).find((s) => s.name === source.name)!
    },

    /** Sources whose scheduled synchronization is due now. */
    async due(): Promise<string[]> {
      const now = ctx.ports.clock().getTime()
      return (await this.list())
        .filter((s) => s.nextSyncAt !== null && Date.parse(s.nextSyncAt) <= now)
        .map((s) => s.name)
    },

    async history(): Promise<CatalogSyncDto[]> {
      const rows = await ctx.db
        .selectFrom('catalog_sync')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(500)
        .execute()
      return rows.map(toSyncDto)
    },
  }
}
