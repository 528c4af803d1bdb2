import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { ChannelInput } from '../../../../shared/contract'
import type { AdvertisementDto, AdvertisementInput } from '../../../../shared/dto/advertisement'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'

/** Advertisements: a program of a package offered to a collection. */
export class AdvertisementStore {
  items: AdvertisementDto[] = []
  loaded = false

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, items: observable.ref }, { autoBind: true })
  }

  /** Reloads every advertisement. */
  async refresh(): Promise<void> {
    const items = await this.transport.invoke('advertisements:list', {})
    runInAction(() => {
      this.items = items
      this.loaded = true
    })
  }

  /** Advertisements by ID. */
  get byId(): Map<string, AdvertisementDto> {
    return new Map(this.items.map((a) => [a.id, a]))
  }

  /** Creates an advertisement. */
  async create(input: AdvertisementInput): Promise<AdvertisementDto> {
    const created = await this.transport.invoke('advertisements:create', input)
    await this.refresh()
    return created
  }

  /** Changes an advertisement. */
  async update(input: ChannelInput<'advertisements:update'>): Promise<AdvertisementDto> {
    const updated = await this.transport.invoke('advertisements:update', input)
    await this.refresh()
    return updated
  }

  /** Deletes an advertisement. */
  async remove(id: string): Promise<void> {
    await this.transport.invoke('advertisements:delete', { id })
    await this.refresh()
  }
}
