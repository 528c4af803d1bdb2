import { makeAutoObservable, runInAction } from 'mobx'
import type { ChannelInput } from '../../../../shared/contract'
import type { LabStatusDto } from '../../../../shared/dto/lab'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'

/** The simulated lab fleet the console serves: its status and the Lab Fleet dialog. */
export class LabStore {
  open = false
  status: LabStatusDto | null = null

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, transport: false }, { autoBind: true })
  }

  /** Opens the Lab Fleet dialog and loads the fleet's status. */
  show(): void {
    this.open = true
    void this.load().catch(this.root.ui.reportError)
  }

  /** Closes the dialog (the fleet keeps running). */
  close(): void {
    this.open = false
  }

  /** Loads whether a fleet runs. */
  async load(): Promise<void> {
    const status = await this.transport.invoke('lab:status', {})
    runInAction(() => (this.status = status))
  }

  /** Starts a fleet; its hosts join the collection as simulated clients. */
  async start(input: ChannelInput<'lab:start'>): Promise<LabStatusDto> {
    const status = await this.transport.invoke('lab:start', input)
    runInAction(() => (this.status = status))
    return status
  }

  /** Stops the fleet; its clients stay. */
  async stop(): Promise<void> {
    const status = await this.transport.invoke('lab:stop', {})
    runInAction(() => (this.status = status))
  }
}
