import { makeAutoObservable, runInAction } from 'mobx'
import type { z } from 'zod'
import { prefsDto, type PrefsDto, type prefsPatch } from '../../../shared/dto/prefs'
import type { ConsoleTransport } from '../transport/connection'
import type { RootStore } from './root-store'

type PrefsPatch = z.input<typeof prefsPatch>

/** Console preferences (theme, last node, column layout, details pane), saved through `prefs:set`. */
export class PrefsStore {
  prefs: PrefsDto = prefsDto.parse({})
  loaded = false

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false }, { autoBind: true })
  }

  /** Loads the saved preferences. */
  async refresh(): Promise<void> {
    const prefs = await this.transport.invoke('prefs:get', {})
    runInAction(() => {
      this.prefs = prefs
      this.loaded = true
    })
  }

  /** Applies a change at once and saves it; a failed save is reported in the status bar. */
  async set(patch: PrefsPatch): Promise<void> {
    this.prefs = { ...this.prefs, ...(patch as Partial<PrefsDto>) }
    try {
      const saved = await this.transport.invoke('prefs:set', patch)
      runInAction(() => (this.prefs = saved))
    } catch (err) {
      this.root.ui.notify(`Could not save preferences: ${(err as Error).message}`)
    }
  }

  /** The current theme. */
  get theme(): 'light' | 'dark' {
    return this.prefs.theme
  }

  /** Saved width of a column in a view, if any. */
  columnWidth(viewKey: string, columnId: string): number | undefined {
    return this.prefs.columnWidths[viewKey]?.[columnId]
  }

  /** Saves a column width of a view. */
  setColumnWidth(viewKey: string, columnId: string, width: number): void {
    const widths = {
      ...this.prefs.columnWidths,
      [viewKey]: { ...this.prefs.columnWidths[viewKey], [columnId]: Math.round(width) },
    }
    void this.set({ columnWidths: widths })
  }

  /** Hidden column IDs of a view. */
  hiddenColumns(viewKey: string): string[] {
    return this.prefs.hiddenColumns[viewKey] ?? []
  }

  /** Shows or hides a column of a view. */
  setColumnHidden(viewKey: string, columnId: string, hidden: boolean): void {
    const current = new Set(this.hiddenColumns(viewKey))
    if (hidden) current.add(columnId)
    else current.delete(columnId)
    void this.set({ hiddenColumns: { ...this.prefs.hiddenColumns, [viewKey]: [...current] } })
  }
}
