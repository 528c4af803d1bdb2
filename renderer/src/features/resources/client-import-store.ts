import { makeAutoObservable, runInAction } from 'mobx'
import type { ChannelInput } from '../../../../shared/contract'
import type { ResourceImportDto } from '../../../../shared/dto/resource-import'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'

/** Import Clients: whether the dialog is open, the collection it starts with, and the last import's result. */
export class ClientImportStore {
  open = false
  /** Collection name the dialog starts with ('' for none). */
  collection = ''
  result: ResourceImportDto | null = null

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, transport: false }, { autoBind: true })
  }

  /** Opens the dialog, optionally with a collection to put every imported client in. */
  show(collection = ''): void {
    this.open = true
    this.collection = collection
    this.result = null
  }

  /** Closes the dialog. */
  close(): void {
    this.open = false
  }

  /** Imports a host-list file (all or nothing); keeps the result to show. */
  async importFile(input: ChannelInput<'resources:import'>): Promise<ResourceImportDto> {
    const result = await this.transport.invoke('resources:import', input)
    runInAction(() => (this.result = result))
    return result
  }
}
