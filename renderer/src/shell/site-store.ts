import { makeAutoObservable, runInAction } from 'mobx'
import type { SiteInfoDto, SiteSettingsDto, StateNameDto } from '../../../shared/dto/site'
import type { ConsoleTransport } from '../transport/connection'
import type { RootStore } from './root-store'

/** The site this console is connected to. */
export class SiteStore {
  info: SiteInfoDto | null = null
  stateNames: StateNameDto[] = []
  /** The site-wide settings, once loaded (Site Settings). */
  settings: SiteSettingsDto | null = null

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

  /** Loads the site-wide settings. */
  async loadSettings(): Promise<void> {
    const settings = await this.transport.invoke('site:settings-get', {})
    runInAction(() => (this.settings = settings))
  }

  /** Changes site-wide settings; the service validates them and answers all of them. */
  async saveSettings(patch: Partial<SiteSettingsDto>): Promise<void> {
    const settings = await this.transport.invoke('site:settings-set', patch)
    runInAction(() => (this.settings = settings))
  }

  /** "LAB – Lab Site" or a placeholder before loading. */
  get title(): string {
    return this.info ? `${this.info.code} – ${this.info.name}` : 'connecting…'
  }
}
