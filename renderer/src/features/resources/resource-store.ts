import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { ResourceDto, ResourceInput } from '../../../../shared/dto/resource'
import type { ChannelInput } from '../../../../shared/contract'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'

/** Client resources (machines the site manages). */
export class ResourceStore {
  items: ResourceDto[] = []
  loaded = false

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, items: observable.ref }, { autoBind: true })
  }

  /** Reloads every resource. */
  async refresh(): Promise<void> {
    const items = await this.transport.invoke('resources:list', {})
    runInAction(() => {
      this.items = items
      this.loaded = true
    })
  }

  /** Resources by numeric ID. */
  get byId(): Map<number, ResourceDto> {
    return new Map(this.items.map((r) => [r.id, r]))
  }

  /** Resources holding at least one site system role. */
  get siteSystems(): ResourceDto[] {
    return this.items.filter((r) => r.roles.length > 0)
  }

  /** Creates a resource. */
  async create(input: ResourceInput): Promise<ResourceDto> {
    const created = await this.transport.invoke('resources:create', input)
    await this.refresh()
    return created
  }

  /** Changes a resource. */
  async update(input: ChannelInput<'resources:update'>): Promise<ResourceDto> {
    const updated = await this.transport.invoke('resources:update', input)
    await this.refresh()
    return updated
  }

  /** Deletes resources. */
  async remove(ids: number[]): Promise<number> {
    const { deleted } = await this.transport.invoke('resources:delete', { ids })
    await Promise.all([this.refresh(), this.root.collections.refresh()])
    return deleted
  }
}
