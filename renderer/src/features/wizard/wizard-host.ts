import { makeAutoObservable } from 'mobx'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'
import type { WizardOpenRequest } from './wizard-steps'
import { WizardStore } from './wizard-store'

/** Which wizard is open (one at a time), so the dialog host can show it. */
export class WizardHost {
  current: WizardStore | null = null

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, transport: false }, { autoBind: true })
  }

  /** Opens the wizard (a second request focuses the one already open). */
  open(request: WizardOpenRequest = {}): WizardStore {
    if (this.current) return this.current
    this.current = new WizardStore(this.root, this.transport, request)
    return this.current
  }

  /** Forgets a closed wizard. */
  close(w: WizardStore): void {
    if (this.current === w) this.current = null
  }
}
