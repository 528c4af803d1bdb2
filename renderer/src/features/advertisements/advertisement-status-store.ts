import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { AdvertisementDto } from '../../../../shared/dto/advertisement'
import type { AdvertisementStatusDto } from '../../../../shared/dto/advertisement-run'
import { capitalize, formatTime } from '../../lib/format'
import type { Command } from '../../shell/commands'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import type { ColumnDef, Row } from '../../shell/views'
import type { ConsoleTransport } from '../../transport/connection'

/** The counts of Advertisement Status in display order. */
export const adBuckets = [
  { id: 'targeted', label: 'Targeted' },
  { id: 'received', label: 'Received' },
  { id: 'running', label: 'Running' },
  { id: 'succeeded', label: 'Succeeded' },
  { id: 'failed', label: 'Failed' },
] as const

/** One of the Advertisement Status counts. */
export type AdBucket = (typeof adBuckets)[number]['id']

/** One client of an advertisement's status. */
export type AdClient = AdvertisementStatusDto['clients'][number]

/** A row of System Status › Advertisement Status: the advertisement and its live status. */
export interface AdStatusRow {
  id: string
  item: AdvertisementDto
  summary: AdvertisementStatusDto['summary']
  /** "Not run", "Running", "Succeeded", "Failed". */
  state: string
  nextRunAt: string | null
  /** The newest status message, if any. */
  last: AdvertisementStatusDto['messages'][number] | null
}

const emptySummary = { targeted: 0, received: 0, running: 0, succeeded: 0, failed: 0 }

/** The run's state in words. */
export function adRunStateText(s: Pick<AdvertisementStatusDto, 'jobState'> | undefined): string {
  if (!s?.jobState) return 'Not run'
  if (s.jobState === 'active') return 'Running'
  return capitalize(s.jobState)
}

/** The clients behind a count: Received counts every client that got the advertisement. */
export function clientsIn(clients: readonly AdClient[], bucket: AdBucket): AdClient[] {
  if (bucket === 'targeted' || bucket === 'received') return [...clients]
  return clients.filter((c) => c.state.toLowerCase() === bucket)
}

/** Advertisement Status: every advertisement's summary, clients and messages, kept live; and the drill-down. */
export class AdvertisementStatusStore {
  statuses = observable.map<string, AdvertisementStatusDto>()
  loaded = false
  /** The advertisement whose clients and messages are shown, and the count drilled into. */
  drill: { id: string; bucket: AdBucket } | null = null
  private loading = false
  private again = false
  private pending = new Set<string>()
  private full = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly off: () => void

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
    /** Delay that coalesces bursts of status changes into one refresh. */
    private readonly coalesceMs = 200,
  ) {
    makeAutoObservable<AdvertisementStatusStore, 'loading' | 'again' | 'pending' | 'full' | 'timer' | 'off'>(
      this,
      {
        root: false,
        transport: false,
        loading: false,
        again: false,
        pending: false,
        full: false,
        timer: false,
        off: false,
      },
      { autoBind: true },
    )
    this.off = transport.on('site:changed', (p) => {
      if (p.entity !== 'advertisements' && p.entity !== 'status') return
      // Nothing shown and nothing being read: the first read will see this change anyway. While the first read
      // is on its way (Run Advertisement Now opens the drill-down on a store never loaded), changes are kept:
      // that read may have been answered before the run's hosts finished.
      if (!this.loaded && !this.loading) return
      const shown = (id: string) => this.statuses.has(id) || this.drill?.id === id || !this.loaded
      // Runs name their advertisement; anything else (a new or deleted advertisement) reloads all.
      const ids = p.ids.map(String)
      if (ids.length > 0 && ids.every(shown)) ids.forEach((id) => this.pending.add(id))
      else if (p.entity === 'advertisements') this.full = true
      else return
      this.schedule()
    })
  }

  /** Loads once (the view asks for it). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  private schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.refresh(this.full ? undefined : [...this.pending])
    }, this.coalesceMs)
  }

  /** Reloads the status of some advertisements (default: every advertisement). */
  async refresh(ids?: string[]): Promise<void> {
    if (this.loading) {
      if (!ids) this.full = true
      else ids.forEach((id) => this.pending.add(id))
      this.again = true
      return
    }
    this.loading = true
    this.pending.clear()
    this.full = false
    try {
      const t = this.transport
      const all = ids ?? (await t.invoke('advertisements:list', {})).map((a) => a.id)
      const statuses = await Promise.all(
        all.map((id) => t.invoke('advertisements:status', { id }).catch(() => null)),
      )
      runInAction(() => {
        if (!ids) this.statuses.clear()
        all.forEach((id, i) => {
          const s = statuses[i]
          if (s) this.statuses.set(id, s)
          else this.statuses.delete(id)
        })
        this.loaded = true
      })
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      this.loading = false
      if (this.again) {
        this.again = false
        this.schedule()
      }
    }
  }

  /** Stops listening (tests and console shutdown). */
  dispose(): void {
    this.off()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Advertisement Status rows: one per advertisement. */
  get rows(): AdStatusRow[] {
    return this.root.advertisements.items.map((item) => {
      const s = this.statuses.get(item.id)
      return {
        id: item.id,
        item,
        summary: s?.summary ?? emptySummary,
        state: adRunStateText(s),
        nextRunAt: s?.nextRunAt ?? null,
        last: s?.messages[0] ?? null,
      }
    })
  }

  /** Shows an advertisement's clients behind one count, and its status messages. */
  open(id: string, bucket: AdBucket = 'received'): void {
    this.drill = { id, bucket }
    void this.refresh([id])
  }

  /** Changes the count drilled into. */
  setBucket(bucket: AdBucket): void {
    if (this.drill) this.drill = { ...this.drill, bucket }
  }

  /** Closes the drill-down. */
  close(): void {
    this.drill = null
  }

  /** Run Advertisement Now: starts (or resumes) its run and shows its live counts. */
  async runNow(id: string): Promise<void> {
    const r = await this.transport.invoke('advertisements:run', { id, start: true })
    this.root.ui.notify(`Advertisement ${id}: run ${r.jobId} ${r.state}.`)
    this.open(id, 'received')
  }
}

/** System Status › Advertisement Status. */
export function advertisementStatusView(root: RootStore): ResultsView {
  const store = root.advertisementStatus
  return {
    setKey: 'ad-status',
    title: 'Advertisement Status',
    rows: store.rows.map((data) => ({ key: `ad-status:${data.id}`, kind: 'ad-status', data })),
    loading: !store.loaded || !root.advertisements.loaded,
    emptyText: 'No advertisements to report on yet — New › Advertisement… offers a program to a collection.',
  }
}

/** All Tasks › Run Advertisement Now, and Show Status, for advertisement and status rows. */
export function advertisementRunCommands(root: RootStore, rows: Row[]): Command[] {
  const first = rows[0]
  if (!first || (first.kind !== 'advertisement' && first.kind !== 'ad-status')) return []
  const id = first.kind === 'ad-status' ? (first.data as AdStatusRow).id : (first.data as AdvertisementDto).id
  const store = root.advertisementStatus
  return [
    {
      id: 'advertisement-run',
      label: 'Run Advertisement Now',
      run: () => void store.runNow(id).catch(root.ui.reportError),
    },
    { id: 'advertisement-status', label: 'Show Status', run: () => store.open(id) },
  ]
}

const col = <T>(
  id: string,
  label: string,
  width: number,
  value: (d: T) => string | number,
  extra: { text?: (d: T) => string; align?: 'start' | 'end'; fixed?: boolean; cell?: string } = {},
): ColumnDef => ({ id, label, width, value: value as ColumnDef['value'], ...(extra as object) })

/** The columns of Advertisement Status; the counts drill down (status-cells.tsx). */
export const adStatusColumns: ColumnDef[] = [
  col<AdStatusRow>('name', 'Advertisement', 190, (r) => r.item.name, { fixed: true }),
  col<AdStatusRow>('id', 'Advertisement ID', 115, (r) => r.id),
  col<AdStatusRow>('collection', 'Collection', 130, (r) => r.item.collectionName),
  ...adBuckets.map((b) =>
    col<AdStatusRow>(b.id, b.label, b.id === 'succeeded' ? 80 : 72, (r) => r.summary[b.id], {
      align: 'end',
      cell: `ad-count:${b.id}`,
    }),
  ),
  col<AdStatusRow>('state', 'Run State', 85, (r) => r.state),
  col<AdStatusRow>('next', 'Next Run', 130, (r) => r.nextRunAt ?? '', {
    text: (r) => formatTime(r.nextRunAt) || '—',
  }),
  col<AdStatusRow>('last', 'Last Message', 140, (r) => r.last?.time ?? '', {
    text: (r) => formatTime(r.last?.time) || 'None yet',
  }),
  col<AdStatusRow>('lastText', 'Last Message Text', 360, (r) =>
    r.last ? `${r.last.messageId ?? ''} ${r.last.text}`.trim() : '',
  ),
]
