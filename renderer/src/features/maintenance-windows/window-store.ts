import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { z } from 'zod'
import type {
  windowInput,
  WindowDto,
  WindowNextDto,
  windowUpdate,
} from '../../../../shared/dto/maintenance-window'
import { formatTime } from '../../lib/format'
import type { RootStore } from '../../shell/root-store'
import type { ColumnDef } from '../../shell/views'
import type { ConsoleTransport } from '../../transport/connection'

/** The next window of every collection and client by "collection:ID" / "client:ID" (the list columns read it). */
export const nextWindows = observable.map<string, WindowNextDto>({}, { deep: false })

/** Whether nextWindows has been loaded once. */
export const nextWindowsState = observable({ loaded: false })

/** A next window in words: "Open now until 02:00", "2025-03-11 22:00 (3 h)", "Blackout until …", "None (any time)". */
export function nextWindowText(n: WindowNextDto | undefined, now = new Date()): string {
  if (!n) return nextWindowsState.loaded ? 'None (installs at any time)' : '…'
  if (n.blackoutUntil && Date.parse(n.blackoutUntil) > now.getTime())
    return `Blackout until ${formatTime(n.blackoutUntil)}${n.start ? `; then ${formatTime(n.start)}` : ''}`
  if (!n.start || !n.end) return n.windows ? 'None ahead' : 'None (installs at any time)'
  const start = Date.parse(n.start)
  const end = Date.parse(n.end)
  if (start <= now.getTime() && now.getTime() < end) return `Open now until ${formatTime(n.end)}`
  const minutes = Math.round((end - start) / 60_000)
  const length =
    minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
  return `${formatTime(n.start)} (${length})`
}

/** The "Next Maintenance Window" column of collections ('collection') or clients ('client'). */
export function nextWindowColumn<T>(
  target: 'collection' | 'client',
  idOf: (d: T) => string | number,
): ColumnDef {
  const get = (d: T) => nextWindows.get(`${target}:${idOf(d)}`)
  return {
    id: 'nextWindow',
    label: 'Next Maintenance Window',
    width: 190,
    value: ((d: T) => get(d)?.start ?? '') as ColumnDef['value'],
    text: ((d: T) => nextWindowText(get(d))) as ColumnDef['text'],
  }
}

/** Weekday names, Sunday = 0. */
export const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** Week names of "the Nth weekday of the month" (5 = the last). */
export const weekNames = ['', 'First', 'Second', 'Third', 'Fourth', 'Last']

/** Maintenance windows of collections and the next window of every collection and client, kept live. */
export class WindowStore {
  byCollection = observable.map<string, WindowDto[]>({}, { deep: false })
  /** The window being added or edited (its dialog stacks over Collection Properties, as a sibling). */
  editing: { collectionId: string; window?: WindowDto } | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<WindowStore, 'timer' | 'disposers'>(
      this,
      { root: false, transport: false, timer: false, disposers: false },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (p.entity === 'collections' || p.entity === 'resources') this.schedule()
      }),
    )
  }

  private schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.refreshNext()
      for (const id of [...this.byCollection.keys()]) void this.loadCollection(id)
    }, 200)
  }

  /** Reloads the next window of every collection and client. */
  async refreshNext(): Promise<void> {
    try {
      const rows = await this.transport.invoke('windows:next-all', {})
      runInAction(() => {
        nextWindows.replace(rows.map((r) => [`${r.target}:${r.id}`, r]))
        nextWindowsState.loaded = true
      })
    } catch (err) {
      this.root.ui.reportError(err)
    }
  }

  /** Loads one collection's windows. */
  async loadCollection(collectionId: string): Promise<WindowDto[]> {
    const items = await this.transport.invoke('windows:list', { collectionId })
    runInAction(() => this.byCollection.set(collectionId, items))
    return items
  }

  /** Adds a window or blackout to a collection. */
  async create(input: z.input<typeof windowInput>): Promise<WindowDto> {
    const w = await this.transport.invoke('windows:create', input)
    await this.loadCollection(w.collectionId)
    await this.refreshNext()
    return w
  }

  /** Changes a window. */
  async update(input: z.input<typeof windowUpdate>): Promise<WindowDto> {
    const w = await this.transport.invoke('windows:update', input)
    await this.loadCollection(w.collectionId)
    await this.refreshNext()
    return w
  }

  /** Deletes a window. */
  async remove(w: WindowDto): Promise<void> {
    await this.transport.invoke('windows:delete', { id: w.id })
    await this.loadCollection(w.collectionId)
    await this.refreshNext()
  }

  /** Opens the window dialog (a new window when none is given). */
  edit(collectionId: string, window?: WindowDto): void {
    this.editing = { collectionId, window }
  }

  /** Closes the window dialog. */
  closeEdit(): void {
    this.editing = null
  }

  /** Stops listening and the pending refresh. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
