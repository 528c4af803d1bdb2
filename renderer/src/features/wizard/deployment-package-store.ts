import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { PackageFileDto } from '../../../../shared/dto/content'
import type { DeploymentPackageDto } from '../../../../shared/dto/wizard'
import { formatNodeId, isStaticNode, type NodeId } from '../../shell/node-id'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import type { TreeNode } from '../../shell/tree-model'
import type { ConsoleTransport } from '../../transport/connection'

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
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<DeploymentPackageStore, 'loading' | 'disposers'>(
      this,
      { root: false, transport: false, loading: false, disposers: false },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (p.entity === 'packages' || p.entity === 'content') void this.refresh()
      }),
    )
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
  }

  /** Loads the list once (the console loads it at start for the tree). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  /** Reloads the list and the files of packages already shown. */
  async refresh(): Promise<void> {
    this.loading = true
    try {
      const items = await this.transport.invoke('wizard:packages', {})
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
      const files = await this.transport.invoke('packages:files', { id: packageId })
      runInAction(() => this.files.set(packageId, files))
    } catch (err) {
      this.root.ui.reportError(err)
    }
  }

  /** The tree nodes under Deployment Packages. */
  get treeNodes(): TreeNode[] {
    return this.items.map((p) => ({
      id: formatNodeId({ kind: 'deployment-package', id: p.packageId }),
      label: p.name,
      icon: 'deployment-package',
      description: `${p.updateIds.length} updates, ${p.files} files`,
      children: [],
    }))
  }
}

/** The results view of the Deployment Packages node and of one deployment package, or null for other nodes. */
export function deploymentPackagesView(root: RootStore, node: NodeId): ResultsView | null {
  const store = root.deploymentPackages
  if (isStaticNode(node, 'updates:packages'))
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
  if (node.kind !== 'deployment-package') return null
  const packageId = node.id
  const p = store.items.find((x) => x.packageId === packageId)
  const files = store.files.get(packageId)
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
