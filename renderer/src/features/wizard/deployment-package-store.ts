import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { PackageFileDto } from '../../../../shared/dto/content'
import type { DeploymentPackageDto } from '../../../../shared/dto/wizard'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import { deploymentPackageNodes, type TreeNode } from '../../shell/tree-model'

/** A file row of a deployment package, with the title of the update it belongs to. */
export interface DeploymentFileRow extends PackageFileDto {
  packageId: string
  updateTitle: string
}

/** Deployment Packages: packages the wizard made or a bundle brought, with their updates and files. */
export class DeploymentPackageStore {
  items: DeploymentPackageDto[] = []
  loaded = false
  files = observable.map<string, PackageFileDto[]>()
  private loading = false

  constructor(readonly root: RootStore) {
    makeAutoObservable<DeploymentPackageStore, 'loading'>(
      this,
      { root: false, loading: false },
      { autoBind: true },
    )
    root.transport.on('site:changed', (p) => {
      if (p.entity === 'packages' || p.entity === 'content') void this.refresh()
    })
  }

  /** Loads the list once (the tree asks for it). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  /** Reloads the list and the files of packages already shown. */
  async refresh(): Promise<void> {
    this.loading = true
    try {
      const items = await this.root.transport.invoke('wizard:packages', {})
      runInAction(() => {
        this.items = items
        this.loaded = true
      })
      for (const id of [...this.files.keys()]) await this.loadFiles(id)
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      this.loading = false
    }
  }

  /** Loads one package's files. */
  async loadFiles(packageId: string): Promise<void> {
    try {
      const files = await this.root.transport.invoke('packages:files', { id: packageId })
      runInAction(() => this.files.set(packageId, files))
    } catch (err) {
      this.root.ui.reportError(err)
    }
  }

  /** The tree nodes under Deployment Packages. */
  get nodes(): TreeNode[] {
    return this.items.map((p) => ({
      id: `updates:package:${p.packageId}`,
      label: p.name,
      icon: 'deployment-package',
      description: `${p.updateIds.length} updates, ${p.files} files`,
      children: [],
    }))
  }
}

const stores = new WeakMap<RootStore, DeploymentPackageStore>()

/** The console's deployment package store (built on first use). */
export function deploymentPackagesOf(root: RootStore): DeploymentPackageStore {
  let s = stores.get(root)
  if (!s) {
    s = new DeploymentPackageStore(root)
    stores.set(root, s)
  }
  return s
}

/** Feeds the tree's Deployment Packages children from this store (called once by the console shell). */
export function connectDeploymentPackages(root: RootStore): void {
  const store = deploymentPackagesOf(root)
  deploymentPackageNodes.provide = () => store.nodes
  store.ensureLoaded()
}

/** The results view of the Deployment Packages node and of one deployment package, or null for other nodes. */
export function deploymentPackagesView(root: RootStore, id: string): ResultsView | null {
  if (id !== 'updates:packages' && !id.startsWith('updates:package:')) return null
  const store = deploymentPackagesOf(root)
  if (id === 'updates:packages')
    return {
      setKey: 'deployment-packages',
      title: 'Deployment Packages',
      rows: store.items.map((data) => ({
        key: `deployment-package:${data.packageId}`,
        kind: 'deployment-package',
        data,
      })),
      loading: !store.loaded,
      emptyText: 'No deployment package yet — All Tasks › Distribute Software Updates… builds one.',
    }
  const packageId = id.slice('updates:package:'.length)
  const p = store.items.find((x) => x.packageId === packageId)
  const files = store.files.get(packageId)
  if (!files) queueMicrotask(() => void store.loadFiles(packageId))
  const titles = new Map(root.updates.items.map((u) => [u.id, u.title]))
  return {
    setKey: 'deployment-files',
    title: p ? `${p.name} (${p.packageId}) › Files` : packageId,
    rows: (files ?? []).map((f) => ({
      key: `deployment-file:${packageId}:${f.path}`,
      kind: 'deployment-file',
      data: {
        ...f,
        packageId,
        updateTitle: f.updateId ? (titles.get(f.updateId) ?? f.updateId) : '—',
      } satisfies DeploymentFileRow,
    })),
    loading: files === undefined,
    emptyText: 'This package has no recorded file.',
  }
}
