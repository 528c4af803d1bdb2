import { makeAutoObservable } from 'mobx'
import type { HostKeyDto } from '../../../../shared/dto/client-access'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'

/**
 * Client access: stored passwords/passphrases and trusted host keys. Secrets pass straight through to
 * the main process; this store never keeps one — it only learns (from the resource) that one exists.
 */
export class AccessStore {
  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false }, { autoBind: true })
  }

  /** Sends a password or key passphrase to the main process to be encrypted and stored. */
  async setSecret(resourceId: number, kind: 'password' | 'passphrase', value: string): Promise<void> {
    await this.transport.invoke('secrets:set', { resourceId, kind, value })
    await this.root.resources.refresh()
  }

  /** Forgets a client's stored secret. */
  async clearSecret(resourceId: number): Promise<void> {
    await this.transport.invoke('secrets:clear', { resourceId })
    await this.root.resources.refresh()
  }

  /** Trusts exactly the host key a client presented (the fingerprint the admin saw). */
  async trustHostKey(resourceId: number, fingerprint: string): Promise<HostKeyDto> {
    const key = await this.transport.invoke('hostkeys:trust', { resourceId, fingerprint })
    await this.root.resources.refresh()
    return key
  }

  /** Forgets a client's trusted host key (after a legitimate key change). */
  async removeHostKey(resourceId: number): Promise<void> {
    await this.transport.invoke('hostkeys:remove', { resourceId })
    await this.root.resources.refresh()
  }
}
