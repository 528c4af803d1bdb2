import { makeAutoObservable, runInAction } from 'mobx'
import type { SiteInfoDto, StateNameDto } from '../../../shared/dto/site'
import type { ConsoleTransport } from '../transport/connection'
import type { RootStore } from './root-store'

/** The site this console is connected to. */
export class SiteStore {
  info: SiteInfoDto | null = null
  stateNames: StateNameDto[] = []

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false }, { autoBind: true })
  }

  /** Loads site information. */
  async refresh(): Promise<void> {
    const info = await this.transport.invoke('site:info', {})
    runInAction(() => (this.info = info))
  }

  /** "LAB – Lab Site" or a placeholder before loading. */
  get title(): string {
    return this.info ? `${this.info.code} – ${this.info.name}` : 'connecting…'
  }
}
