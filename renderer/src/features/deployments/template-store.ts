import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { z } from 'zod'
import type { TemplateDto, templateInput } from '../../../../shared/dto/deployment-template'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'

/** Labels of the maintenance-window behaviours. */
export const maintenanceWindowLabels: Record<TemplateDto['settings']['maintenanceWindow'], string> = {
  respect: 'Respect maintenance windows',
  'install-outside': 'Install outside maintenance windows',
  'install-and-restart-outside': 'Install and restart outside maintenance windows',
}

/** Labels of the user notification choices. */
export const userNotificationLabels: Record<TemplateDto['settings']['userNotification'], string> = {
  'display-all': 'Display all notifications',
  'display-restarts-only': 'Display only restart notifications',
  'hide-all': 'Hide all notifications',
}

/** A number of hours in words ("2 days", "36 hours"). */
export function hoursText(hours: number | null, none: string): string {
  if (hours === null || hours === 0) return none
  if (hours % 24 === 0) return `${hours / 24} day${hours === 24 ? '' : 's'}`
  return `${hours} hour${hours === 1 ? '' : 's'}`
}

/** Deployment Templates: saved deployment settings used by the wizard and by deployments. */
export class TemplateStore {
  items: TemplateDto[] = []
  loaded = false
  private loading = false
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<TemplateStore, 'loading' | 'disposers'>(
      this,
      { root: false, transport: false, loading: false, disposers: false, items: observable.ref },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (this.loaded && p.entity === 'templates') void this.refresh()
      }),
    )
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
  }

  /** Loads once. */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  /** Reloads every template. */
  async refresh(): Promise<void> {
    this.loading = true
    try {
      const items = await this.transport.invoke('templates:list', {})
      runInAction(() => {
        this.items = items
        this.loaded = true
      })
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      this.loading = false
    }
  }

  /** Creates a template. */
  async create(input: z.input<typeof templateInput>): Promise<TemplateDto> {
    const t = await this.transport.invoke('templates:create', input)
    await this.refresh()
    return t
  }

  /** Changes a template. */
  async update(id: number, input: z.input<typeof templateInput>): Promise<TemplateDto> {
    const t = await this.transport.invoke('templates:update', { id, ...input })
    await this.refresh()
    return t
  }

  /** Deletes a template. */
  async remove(id: number): Promise<void> {
    await this.transport.invoke('templates:delete', { id })
    await this.refresh()
  }
}
