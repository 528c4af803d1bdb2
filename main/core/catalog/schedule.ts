import type { CatalogSyncDto } from '../../../shared/dto/catalog'
import type { SiteContext } from '../runtime/site-context'

/** What the scheduler needs of the catalog service. */
export interface SchedulableCatalog {
  due(): Promise<string[]>
  sync(input: { sourceName: string | null }): Promise<CatalogSyncDto[]>
}

/** True when some resource holds the 'sync host' site system role (the catalog is synchronized only where one exists). */
export async function hasSyncHost(ctx: SiteContext): Promise<boolean> {
  const rows = await ctx.db.selectFrom('resource').select('roles').execute()
  return rows.some((r) => (JSON.parse(r.roles) as string[]).includes('sync host'))
}

/**
 * Scheduled catalog synchronization, run by the process holding the site while a resource has the
 * 'sync host' role: each tick syncs the sources whose interval has passed since their last sync (a failed
 * attempt waits a full interval too). `tick` is driven by a timer in long-running front doors and directly
 * (with a fake clock) in tests.
 */
export function createCatalogScheduler(ctx: SiteContext, catalog: SchedulableCatalog) {
  const attempted = new Map<string, number>()
  let running: Promise<CatalogSyncDto[]> | null = null
  let timer: NodeJS.Timeout | null = null

  const tick = async (): Promise<CatalogSyncDto[]> => {
    if (running) return running
    running = (async () => {
      if (!(await hasSyncHost(ctx))) return []
      const now = ctx.ports.clock().getTime()
      const out: CatalogSyncDto[] = []
      const sources = await ctx.db
        .selectFrom('catalog_schedule')
        .select(['source_name', 'interval_minutes'])
        .execute()
      const due = new Set(await catalog.due())
      for (const s of sources) {
        if (!due.has(s.source_name)) continue
        const last = attempted.get(s.source_name)
        if (last !== undefined && now - last < Number(s.interval_minutes) * 60_000) continue
        attempted.set(s.source_name, now)
        out.push(...(await catalog.sync({ sourceName: s.source_name })))
      }
      return out
    })().finally(() => {
      running = null
    })
    return running
  }

  return {
    tick,
    /** Ticks every `everyMs` (default one minute) until stopped; errors are kept in the sync history. */
    start(everyMs = 60_000) {
      if (timer) return
      timer = setInterval(() => void tick().catch(() => undefined), everyMs)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
