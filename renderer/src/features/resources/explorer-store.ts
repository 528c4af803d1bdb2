import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { InventoryDto } from '../../../../shared/dto/inventory'
import type { ResourceDto } from '../../../../shared/dto/resource'
import type { StateMessageDto, UpdateDto } from '../../../../shared/dto/update'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'

/** Nodes of Resource Explorer's tree. */
export type ExplorerNode =
  'hardware' | 'hardware:general' | 'hardware:disks' | 'hardware:network' | 'software' | 'updates' | 'history'

/** The hardware facts inventory collects (a view of the inventory's free-form record). */
export interface HardwareFacts {
  hostname?: string
  osName?: string
  osVersion?: string
  kernel?: string
  architecture?: string
  cpu?: { model?: string; cores?: number; logicalProcessors?: number }
  memoryBytes?: number
  disks?: { mount: string; fsType: string; sizeBytes: number; freeBytes: number }[]
  network?: { interface: string; mac?: string; addresses: string[] }[]
  lastBoot?: string
  manufacturer?: string
  model?: string
  serial?: string
  virtual?: boolean
  virtualization?: string
}

/** Resource Explorer of one client: hardware, software, its software updates with state history, and history. */
export class ExplorerStore {
  node: ExplorerNode = 'hardware:general'
  inventory: InventoryDto | null = null
  updates: UpdateDto[] = []
  loaded = false
  softwareFilter = ''
  updateFilter = ''
  selectedUpdateId: string | null = null
  stateHistory: StateMessageDto[] = []
  historyLoading = false
  error: string | null = null

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
    readonly resourceId: number,
  ) {
    makeAutoObservable(
      this,
      { root: false, inventory: observable.ref, updates: observable.ref, stateHistory: observable.ref },
      { autoBind: true },
    )
  }

  /** The client, once resources are loaded. */
  get resource(): ResourceDto | undefined {
    return this.root.resources.byId.get(this.resourceId)
  }

  /** Hardware facts, or null before the first inventory. */
  get hardware(): HardwareFacts | null {
    return (this.inventory?.hardware as HardwareFacts | null | undefined) ?? null
  }

  /** Installed software matching the filter. */
  get software(): InventoryDto['software'] {
    const all = this.inventory?.software ?? []
    const needle = this.softwareFilter.trim().toLowerCase()
    return needle
      ? all.filter((s) => s.name.toLowerCase().includes(needle) || s.version.toLowerCase().includes(needle))
      : all
  }

  /** This client's updates matching the filter, required first. */
  get clientUpdates(): UpdateDto[] {
    const order = { required: 0, unknown: 1, installed: 2, 'not-required': 3 } as Record<string, number>
    const needle = this.updateFilter.trim().toLowerCase()
    return this.updates
      .filter(
        (u) =>
          !needle ||
          `${u.title} ${u.kb} ${u.package} ${u.classification} ${u.state}`.toLowerCase().includes(needle),
      )
      .sort(
        (a, b) => (order[a.state ?? ''] ?? 9) - (order[b.state ?? ''] ?? 9) || a.title.localeCompare(b.title),
      )
  }

  /** The selected update. */
  get selectedUpdate(): UpdateDto | undefined {
    return this.updates.find((u) => u.id === this.selectedUpdateId)
  }

  /** Loads inventory and this client's updates. */
  async refresh(): Promise<void> {
    try {
      const [inventory, updates] = await Promise.all([
        this.transport.invoke('inventory:get', { resourceId: this.resourceId }),
        this.transport.invoke('updates:list', { resourceId: this.resourceId }),
      ])
      runInAction(() => {
        this.inventory = inventory
        this.updates = updates
        this.loaded = true
        this.error = null
      })
      if (this.selectedUpdateId) await this.loadStateHistory()
    } catch (err) {
      runInAction(() => {
        this.error = (err as Error).message
        this.loaded = true
      })
    }
  }

  /** Reloads after a change event naming this client (or naming none). */
  onChanged(ids: string[]): void {
    if (ids.length === 0 || ids.includes(String(this.resourceId))) void this.refresh()
  }

  /** Selects a tree node. */
  select(node: ExplorerNode): void {
    this.node = node
  }

  /** Sets the software filter. */
  setSoftwareFilter(text: string): void {
    this.softwareFilter = text
  }

  /** Sets the update filter. */
  setUpdateFilter(text: string): void {
    this.updateFilter = text
  }

  /** Selects an update and loads its state history on this client. */
  selectUpdate(id: string | null): void {
    this.selectedUpdateId = id
    this.stateHistory = []
    if (id) void this.loadStateHistory()
  }

  /** Loads the selected update's state messages on this client, newest first. */
  async loadStateHistory(): Promise<void> {
    const updateId = this.selectedUpdateId
    if (!updateId) return
    this.historyLoading = true
    try {
      const messages = await this.transport.invoke('state:list', {
        resourceId: this.resourceId,
        updateId,
        limit: 200,
      })
      runInAction(() => {
        if (this.selectedUpdateId === updateId) this.stateHistory = messages
      })
    } finally {
      runInAction(() => (this.historyLoading = false))
    }
  }
}
