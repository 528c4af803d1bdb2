import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { ChannelInput } from '../../../../shared/contract'
import type { CollectionDto, CollectionInput, CollectionRuleDto } from '../../../../shared/dto/collection'
import type { ResourceDto } from '../../../../shared/dto/resource'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'

/** Collections, their rules and (on demand) their members. */
export class CollectionStore {
  items: CollectionDto[] = []
  loaded = false
  /** Members of collections that have been looked at, by collection ID. */
  members = observable.map<string, ResourceDto[]>({}, { deep: false })

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, items: observable.ref }, { autoBind: true })
  }

  /** Reloads collections, then the members of those already looked at. */
  async refresh(): Promise<void> {
    const items = await this.transport.invoke('collections:list', {})
    runInAction(() => {
      this.items = items
      this.loaded = true
    })
    const ids = [...this.members.keys()].filter((id) => items.some((c) => c.id === id))
    runInAction(() => {
      for (const id of [...this.members.keys()]) if (!ids.includes(id)) this.members.delete(id)
    })
    await Promise.all(ids.map((id) => this.loadMembers(id)))
  }

  /** Loads the members of one collection. */
  async loadMembers(id: string): Promise<ResourceDto[]> {
    const members = await this.transport.invoke('collections:members', { id })
    runInAction(() => this.members.set(id, members))
    return members
  }

  /** Collections by ID. */
  get byId(): Map<string, CollectionDto> {
    return new Map(this.items.map((c) => [c.id, c]))
  }

  /** Collections without a parent, by name. */
  get topLevel(): CollectionDto[] {
    return this.childrenOf(null)
  }

  /** Sub-collections of a collection (or top-level ones for null): built-in ones first in site order, then by name. */
  childrenOf(parentId: string | null): CollectionDto[] {
    return this.items
      .filter(
        (c) =>
          (c.parentId ?? null) === parentId ||
          (parentId === null && c.parentId && !this.byId.has(c.parentId)),
      )
      .sort((a, b) =>
        a.builtIn !== b.builtIn
          ? a.builtIn
            ? -1
            : 1
          : a.builtIn
            ? a.id.localeCompare(b.id)
            : a.name.localeCompare(b.name),
      )
  }

  /** The built-in collection holding every resource, if the site has one. */
  get allSystems(): CollectionDto | undefined {
    return (
      this.items.find((c) => c.builtIn && /all systems/i.test(c.name)) ?? this.items.find((c) => c.builtIn)
    )
  }

  /** Creates a collection. */
  async create(input: CollectionInput): Promise<CollectionDto> {
    const created = await this.transport.invoke('collections:create', input)
    await this.refresh()
    return created
  }

  /** Changes a collection (rules replace the whole list). */
  async update(input: ChannelInput<'collections:update'>): Promise<CollectionDto> {
    const updated = await this.transport.invoke('collections:update', input)
    await this.refresh()
    return updated
  }

  /** Deletes a collection. */
  async remove(id: string): Promise<void> {
    await this.transport.invoke('collections:delete', { id })
    runInAction(() => this.members.delete(id))
    await this.refresh()
  }

  /** Adds resources as direct members. */
  async addMembers(id: string, resourceIds: number[]): Promise<CollectionDto> {
    const updated = await this.transport.invoke('collections:add-members', { id, resourceIds })
    await this.refresh()
    return updated
  }

  /** Which resources some rules would select, without saving them. */
  preview(rules: CollectionRuleDto[], limitingCollectionId: string | null): Promise<ResourceDto[]> {
    return this.transport.invoke('collections:preview', { rules, limitingCollectionId })
  }

  /** Re-evaluates a collection's membership (Update Collection Membership). */
  async updateMembership(id: string): Promise<void> {
    await this.refresh()
    await this.loadMembers(id)
  }
}
