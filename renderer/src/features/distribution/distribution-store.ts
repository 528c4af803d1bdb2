import { makeAutoObservable, runInAction } from 'mobx'
import type { DistributionPointDto, PackageDpStatusDto } from '../../../../shared/dto/distribution'
import type { Command } from '../../shell/commands'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'

/** A distribution dialog the console shows: choose points for a package, or set a point's root folder. */
export type DistributionDialog =
  { kind: 'distribute'; packageId: string; packageName: string } | { kind: 'dp-settings'; resourceId: number }

/** Distribution points and Package Status rows, kept current from 'site:changed' distribution events. */
export class DistributionStore {
  status: PackageDpStatusDto[] = []
  points: DistributionPointDto[] = []
  loaded = false
  dialog: DistributionDialog | null = null
  private loading = false
  private again = false
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<DistributionStore, 'loading' | 'again' | 'disposers'>(
      this,
      { root: false, transport: false, loading: false, again: false, disposers: false },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (p.entity === 'distribution' || p.entity === 'resources' || p.entity === 'packages')
          void this.refresh()
      }),
    )
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
  }

  /** Loads once (the Package Status view asks for it). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  /** Reloads points and status; a change arriving mid-load reloads once more. */
  async refresh(): Promise<void> {
    if (this.loading) {
      this.again = true
      return
    }
    this.loading = true
    try {
      do {
        this.again = false
        const [status, points] = await Promise.all([
          this.transport.invoke('distribution:status', {}),
          this.transport.invoke('distribution:points', {}),
        ])
        runInAction(() => {
          this.status = status
          this.points = points
          this.loaded = true
        })
      } while (this.again)
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      this.loading = false
    }
  }

  /** Starts distribute / redistribute / remove and says so in the status bar; rows follow live. */
  async run(verb: 'distribute' | 'redistribute' | 'remove', packageId: string, resourceIds: number[] = []) {
    const task = await this.transport.invoke(`distribution:${verb}`, { packageId, resourceIds })
    this.root.ui.notify(`${task.title} — started; System Status › Package Status follows it.`)
    return task
  }

  /** Sets where a point keeps packages. */
  async setRoot(resourceId: number, rootPath: string): Promise<void> {
    await this.transport.invoke('distribution:set-point', { resourceId, rootPath })
    await this.refresh()
  }

  /** Opens a distribution dialog. */
  open(dialog: DistributionDialog): void {
    this.ensureLoaded()
    this.dialog = dialog
  }

  /** Closes the open dialog. */
  close(): void {
    this.dialog = null
  }
}

/** System Status › Package Status: one row per package and distribution point, live. */
export function distributionStatusView(root: RootStore): ResultsView {
  const dp = root.distribution
  return {
    setKey: 'dp-status',
    title: 'Package Status',
    rows: dp.status.map((data) => ({
      key: `dp-status:${data.packageId}:${data.resourceId}`,
      kind: 'dp-status',
      data,
    })),
    loading: !dp.loaded,
    emptyText:
      'No package is on a distribution point yet — on a package choose All Tasks › Distribute to Distribution Points…',
  }
}

/** All Tasks on a package (or Package Status rows of it): distribute, update and remove on distribution points. */
export function dpPackageCommands(
  root: RootStore,
  packageId: string,
  packageName: string,
  resourceIds: number[] = [],
): Command[] {
  const dp = root.distribution
  const start = (verb: 'distribute' | 'redistribute' | 'remove') => () =>
    void dp.run(verb, packageId, resourceIds).catch(root.ui.reportError)
  const where = resourceIds.length ? 'these distribution points' : 'every distribution point that has it'
  return [
    {
      id: 'dp-distribute',
      label: 'Distribute to Distribution Points…',
      run: () => dp.open({ kind: 'distribute', packageId, packageName }),
    },
    { id: 'dp-redistribute', label: 'Update Distribution Points', run: start('redistribute') },
    {
      id: 'dp-remove',
      label: 'Remove from Distribution Points…',
      run: () =>
        root.ui.ask({
          title: 'Remove from Distribution Points',
          message: `Delete the files of "${packageName}" from ${where}?`,
          confirmLabel: 'Remove',
          run: async () => {
            await dp.run('remove', packageId, resourceIds)
          },
        }),
    },
  ]
}

/** All Tasks on a resource with the distribution point role: its settings (root folder). */
export function dpResourceCommands(
  root: RootStore,
  resource: { id: number; roles: readonly string[] },
): Command[] {
  if (!resource.roles.includes('distribution point')) return []
  return [
    {
      id: 'dp-settings',
      label: 'Distribution Point Settings…',
      run: () => root.distribution.open({ kind: 'dp-settings', resourceId: resource.id }),
    },
  ]
}
