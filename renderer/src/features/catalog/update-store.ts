import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { UpdateDto } from '../../../../shared/dto/update'
import type { ConsoleTransport } from '../../transport/connection'
import { isStaticNode } from '../../shell/node-id'
import type { RootStore } from '../../shell/root-store'

/** Which updates the repository shows by client state: all, or those with at least one client in a state. */
export type UpdateStateFilter = 'all' | 'required' | 'installed' | 'not-required' | 'unknown'

/** Labels of the state filter, in menu order. */
export const updateStateFilters: [UpdateStateFilter, string][] = [
  ['all', 'All updates'],
  ['required', 'Required by a client'],
  ['installed', 'Installed on a client'],
  ['not-required', 'Not required by a client'],
  ['unknown', 'Unknown on a client'],
]

/** Which updates the repository shows by catalog status. */
export type UpdateCatalogFilter = 'all' | 'current' | 'superseded' | 'reported'

/** Labels of the catalog status filter, in menu order. */
export const updateCatalogFilters: [UpdateCatalogFilter, string][] = [
  ['all', 'Any catalog status'],
  ['current', 'Current (not superseded)'],
  ['superseded', 'Superseded'],
  ['reported', 'Reported by clients only'],
]

/** The Update Repository: every update clients reported, with live Required/Installed/Not Required/Unknown counts. */
export class UpdateStore {
  items: UpdateDto[] = []
  loaded = false
  classification = 'all'
  state: UpdateStateFilter = 'all'
  catalog: UpdateCatalogFilter = 'all'
  /** Set when a change arrived while the repository was not shown; the next show reloads. */
  stale = false
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
    /** Debounce of change-driven refreshes (scans of many clients announce many changes). */
    private readonly debounceMs = 300,
  ) {
    makeAutoObservable(this, { root: false, items: observable.ref }, { autoBind: true })
  }

  /** Whether the repository is on screen (its node is selected). */
  get shown(): boolean {
    return isStaticNode(this.root.ui.selection, 'updates:repository')
  }

  /** Reloads every update with its counts. */
  async refresh(): Promise<void> {
    const items = await this.transport.invoke('updates:list', {})
    runInAction(() => {
      this.items = items
      this.loaded = true
      this.stale = false
    })
  }

  /** Loads when first shown, or when changes arrived while hidden. */
  ensureLoaded(): void {
    if (!this.loaded || this.stale) void this.refresh().catch(this.root.ui.reportError)
  }

  /** Marks a loaded list as needing a reload when next shown. */
  markStale(): void {
    if (this.loaded) this.stale = true
  }

  /** Reacts to a 'site:changed' updates event: a debounced refresh when shown, else marks the list stale. */
  onChanged(): void {
    if (!this.shown) {
      this.stale = true
      return
    }
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.refresh().catch(this.root.ui.reportError)
    }, this.debounceMs)
  }

  /** Classifications present, sorted. */
  get classifications(): string[] {
    return [...new Set(this.items.map((u) => u.classification))].sort()
  }

  /** Updates passing the classification and state filters. */
  get filtered(): UpdateDto[] {
    const { classification, state, catalog } = this
    return this.items.filter((u) => {
      if (classification !== 'all' && u.classification !== classification) return false
      if (catalog === 'current' && u.supersededBy) return false
      if (catalog === 'superseded' && !u.supersededBy) return false
      if (catalog === 'reported' && !u.reportedByClients) return false
      if (state === 'required') return u.required > 0
      if (state === 'installed') return u.installed > 0
      if (state === 'not-required') return u.notRequired > 0
      if (state === 'unknown') return u.unknown > 0
      return true
    })
  }

  /** Sets the classification filter ('all' for every one). */
  setClassification(value: string): void {
    this.classification = value
  }

  /** Sets the state filter. */
  setState(value: UpdateStateFilter): void {
    this.state = value
  }

  /** Sets the catalog status filter. */
  setCatalog(value: UpdateCatalogFilter): void {
    this.catalog = value
  }

  /** Stops a pending refresh. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
