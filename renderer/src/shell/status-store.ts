import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { StatusMessageDto } from '../../../shared/dto/site'
import type { ConsoleTransport } from '../transport/connection'
import type { RootStore } from './root-store'

/** Message counts of one object, by severity. */
export interface SeverityCounts {
  info: number
  warning: number
  error: number
  last: string | null
}

/** System Status: the newest status messages and per-object summaries. */
export class StatusStore {
  messages: StatusMessageDto[] = []
  loaded = false
  /** How many of the newest messages are kept. */
  limit = 2000

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, messages: observable.ref }, { autoBind: true })
  }

  /** Reloads the newest messages. */
  async refresh(): Promise<void> {
    const messages = await this.transport.invoke('status:list', { limit: this.limit })
    runInAction(() => {
      this.messages = messages
      this.loaded = true
    })
  }

  /** Counts of messages per object ID. */
  get countsByObject(): Map<string, SeverityCounts> {
    const counts = new Map<string, SeverityCounts>()
    for (const m of this.messages) {
      let c = counts.get(m.objectId)
      if (!c) counts.set(m.objectId, (c = { info: 0, warning: 0, error: 0, last: null }))
      c[m.severity]++
      if (!c.last || m.time > c.last) c.last = m.time
    }
    return counts
  }
}
