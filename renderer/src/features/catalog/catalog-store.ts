import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { z } from 'zod'
import type { ChannelInput } from '../../../../shared/contract'
import type { catalogSourceInput, CatalogSourceDto, CatalogSyncDto } from '../../../../shared/dto/catalog'
import { plural } from '../../lib/format'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'

/** What one synchronization run found, in one line ("3 new, 1 changed, 0 expired"). */
export function syncSummary(s: CatalogSyncDto): string {
  if (s.state === 'running') return 'Synchronizing…'
  if (s.state === 'failed') return `Failed: ${s.error}`
  return `${s.newCount} new, ${s.changedCount} changed, ${s.expiredCount} expired`
}

/** A schedule in words ("Every 6 hours", "On demand only"). */
export function scheduleText(minutes: number): string {
  if (minutes <= 0) return 'On demand only'
  if (minutes % 1440 === 0) return `Every ${plural(minutes / 1440, 'day')}`
  if (minutes % 60 === 0) return `Every ${plural(minutes / 60, 'hour')}`
  return `Every ${plural(minutes, 'minute')}`
}

/** Catalog sources synchronized by the sync host, and their sync history. */
export class CatalogStore {
  sources: CatalogSourceDto[] = []
  history: CatalogSyncDto[] = []
  loaded = false
  /** The source being synchronized ('' = every source), or null. */
  syncing: string | null = null
  /** The running (or last) Synchronize Now task, shown with TaskProgress. */
  syncTaskId: string | null = null
  private loading = false
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<CatalogStore, 'loading' | 'disposers'>(
      this,
      {
        root: false,
        transport: false,
        loading: false,
        disposers: false,
        sources: observable.ref,
        history: observable.ref,
      },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (this.loaded && (p.entity === 'catalog' || p.entity === 'resources')) void this.refresh()
      }),
    )
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
  }

  /** Loads once (the Catalog Sources views ask for it). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  /** Reloads sources and history. */
  async refresh(): Promise<void> {
    this.loading = true
    try {
      const [sources, history] = await Promise.all([
        this.transport.invoke('catalog:sources-list', {}),
        this.transport.invoke('catalog:history', {}),
      ])
      runInAction(() => {
        this.sources = sources
        this.history = history
        this.loaded = true
      })
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      this.loading = false
    }
  }

  /** Whether a resource holds the sync host role (the schedule runs only then). */
  get syncHost(): string | null {
    return this.root.resources.items.find((r) => r.roles.includes('sync host'))?.name ?? null
  }

  /** The newest history row of each source. */
  get lastRunBySource(): Map<string, CatalogSyncDto> {
    const out = new Map<string, CatalogSyncDto>()
    for (const h of this.history) {
      const had = out.get(h.sourceName)
      if (!had || h.startedAt > had.startedAt) out.set(h.sourceName, h)
    }
    return out
  }

  /**
   * Synchronize Now: one source, or every source (null), as a task (per-file bytes, then the write) the
   * dialog shows; answers its ID at once and reports the outcome when it ends.
   */
  async startSync(sourceName: string | null): Promise<string> {
    const task = await this.transport.invoke('catalog:sync-start', { sourceName })
    const tracked = this.root.tasks.track(task)
    runInAction(() => {
      this.syncing = sourceName ?? ''
      this.syncTaskId = task.taskId
    })
    void tracked.wait().then(async (t) => {
      runInAction(() => (this.syncing = null))
      // A short sync can end before its first items reached the console: show every item it ran.
      await this.root.tasks.refresh(t.taskId)
      this.root.ui.notify(
        t.state === 'succeeded'
          ? `Synchronized ${t.result}.`
          : t.state === 'cancelled'
            ? 'Synchronization cancelled: the source being synchronized keeps its catalog and history.'
            : `${t.error}.`,
      )
      await this.refresh()
    })
    return task.taskId
  }

  /** Adds an APT source. */
  async add(input: z.input<typeof catalogSourceInput>): Promise<CatalogSourceDto> {
    const source = await this.transport.invoke('catalog:sources-add', input)
    await this.refresh()
    return source
  }

  /** Removes a source (its updates stay, clients may still report them). */
  async remove(name: string): Promise<void> {
    await this.transport.invoke('catalog:sources-remove', { name })
    await this.refresh()
  }

  /** Imports an offline catalog file (wsusscn2.cab, package.xml, an update export .csv) as a source. */
  async importFile(input: ChannelInput<'catalog:import'>): Promise<CatalogSyncDto> {
    const run = await this.transport.invoke('catalog:import', input)
    await this.refresh()
    return run
  }

  /** Sets how often the sync host synchronizes a source (0 = on demand only). */
  async schedule(sourceName: string, intervalMinutes: number): Promise<void> {
    await this.transport.invoke('catalog:schedule', { sourceName, intervalMinutes })
    await this.refresh()
  }
}
