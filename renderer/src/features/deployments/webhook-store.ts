import { makeAutoObservable, runInAction } from 'mobx'
import type { WebhookDto } from '../../../../shared/dto/deployment'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'

/** Webhook targets for compliance tickets: the list (secrets stay in the main process; only hasSecret comes here). */
export class WebhookStore {
  open = false
  items: WebhookDto[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, transport: false }, { autoBind: true })
  }

  /** Opens the Webhooks dialog and loads the list. */
  show(): void {
    this.open = true
    void this.load().catch(this.root.ui.reportError)
  }

  /** Closes the dialog. */
  close(): void {
    this.open = false
  }

  /** Loads the webhook targets. */
  async load(): Promise<void> {
    const items = await this.transport.invoke('deploy:webhooks-list', {})
    runInAction(() => (this.items = items))
  }

  /** Adds a target; the secret is sent once and never comes back. */
  async add(url: string, secret: string): Promise<WebhookDto> {
    const added = await this.transport.invoke('deploy:webhooks-add', { url, secret })
    await this.load()
    return added
  }

  /** Removes a target. */
  async remove(id: number): Promise<void> {
    await this.transport.invoke('deploy:webhooks-remove', { id })
    await this.load()
  }
}
