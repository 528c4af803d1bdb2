import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { SearchFolderDto } from '../../../../shared/dto/search-folder'
import type { UpdateDto } from '../../../../shared/dto/update'
import type { UpdateCriteria } from '../../../../shared/dto/update-criteria'
import { formatNodeId } from '../../shell/node-id'
import type { RootStore } from '../../shell/root-store'
import type { TreeNode } from '../../shell/tree-model'
import type { ConsoleTransport } from '../../transport/connection'
import { criteriaText } from './criteria-text'

/** Tree ID of one search folder's node. */
export const folderNodeId = (id: number): string => formatNodeId({ kind: 'search-folder', id })

/** Entities whose change can move a search folder's count. */
const countEntities = new Set(['updates', 'catalog', 'searchfolders', 'approvals', 'updatelists'])

/** Search Folders: saved searches over the Update Repository with live counts and their results. */
export class SearchFolderStore {
  folders: SearchFolderDto[] = []
  loaded = false
  /** Results of folders shown (reloaded on change events). */
  results = observable.map<number, UpdateDto[]>()
  private loading = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
    /** Debounce of change-driven refreshes (a scan of many clients announces many changes). */
    private readonly debounceMs = 250,
  ) {
    makeAutoObservable<SearchFolderStore, 'loading' | 'timer' | 'disposers'>(
      this,
      {
        root: false,
        transport: false,
        loading: false,
        timer: false,
        disposers: false,
        folders: observable.ref,
      },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (!this.loaded || !countEntities.has(p.entity)) return
        if (this.timer) return
        this.timer = setTimeout(() => {
          this.timer = null
          void this.refresh()
        }, this.debounceMs)
      }),
    )
  }

  /** The Search Folders node's children, each labelled with its live count. */
  get treeNodes(): TreeNode[] {
    return this.folders.map((f) => ({
      id: folderNodeId(f.id),
      label: `${f.name} (${f.count.toLocaleString()})`,
      icon: 'search-folder',
      description: criteriaText(f.criteria),
      children: [],
    }))
  }

  /** Loads once (the console loads it at start for the tree). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  /** Reloads every folder with its count, and the results already shown. */
  async refresh(): Promise<void> {
    this.loading = true
    try {
      const folders = await this.transport.invoke('searchfolders:list', {})
      runInAction(() => {
        this.folders = folders
        this.loaded = true
        for (const id of [...this.results.keys()])
          if (!folders.some((f) => f.id === id)) this.results.delete(id)
      })
      for (const id of [...this.results.keys()]) await this.loadResults(id)
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      this.loading = false
    }
  }

  /** Loads the updates one folder finds. */
  async loadResults(id: number): Promise<void> {
    try {
      const updates = await this.transport.invoke('searchfolders:results', { id })
      runInAction(() => this.results.set(id, updates))
    } catch (err) {
      this.root.ui.reportError(err)
    }
  }

  /** A folder by ID. */
  get byId(): Map<number, SearchFolderDto> {
    return new Map(this.folders.map((f) => [f.id, f]))
  }

  /** Saves a new search. */
  async create(name: string, criteria: Partial<UpdateCriteria>): Promise<SearchFolderDto> {
    const folder = await this.transport.invoke('searchfolders:create', { name, criteria })
    await this.refresh()
    return folder
  }

  /** Renames a folder or changes its criteria. */
  async update(id: number, name: string, criteria: Partial<UpdateCriteria>): Promise<SearchFolderDto> {
    const folder = await this.transport.invoke('searchfolders:update', { id, name, criteria })
    await this.refresh()
    return folder
  }

  /** Deletes a folder. */
  async remove(id: number): Promise<void> {
    await this.transport.invoke('searchfolders:delete', { id })
    runInAction(() => this.results.delete(id))
    await this.refresh()
  }

  /** Stops listening and a pending refresh. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
