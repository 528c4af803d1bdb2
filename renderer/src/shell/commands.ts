import type { CollectionDto } from '../../../shared/dto/collection'
import type { PackageDto, ProgramDto } from '../../../shared/dto/package'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { AdvertisementDto } from '../../../shared/dto/advertisement'
import { plural } from '../lib/format'
import type { RootStore } from './root-store'
import type { StatusRow, Row } from './views'
import type { TreeNode } from './tree-model'
import type { JobSummary } from '../features/client-jobs/job-store'
import { clientCommands, openJob } from '../features/client-jobs/client-commands'
import { dpPackageCommands, dpResourceCommands } from '../features/distribution/distribution-store'
import { bundleNodeCommands, bundlePackageCommands } from '../features/bundles/bundle-store'
import * as catalog from '../features/catalog/catalog-commands'
import * as deployments from '../features/deployments/deployment-commands'
import type { DeploymentClientRow, DeploymentRow } from '../features/deployments/deployment-store'
import {
  advertisementRunCommands,
  type AdStatusRow,
} from '../features/advertisements/advertisement-status-store'
import { formatNodeId, isUnderSoftwareUpdates, isStaticNode, parseNodeId } from './node-id'
import type { PackageDpStatusDto } from '../../../shared/dto/distribution'
import type { DeploymentPackageDto } from '../../../shared/dto/wizard'

/** All Tasks › Distribute Software Updates… (offered on collections, packages, advertisements and Software Updates). */
export function distributeUpdatesCommand(root: RootStore, packageId?: string, from?: string): Command {
  return {
    id: 'distribute-updates',
    label: 'Distribute Software Updates…',
    run: () => void root.wizard.open({ ...(packageId ? { packageId } : {}), ...(from ? { from } : {}) }),
  }
}

/** A command of the context menu's All Tasks submenu (the label ConfigMgr gives that menu). */
export interface Command {
  id: string
  label: string
  run: () => void
}

/** A "New" menu entry. */
export interface NewEntry {
  id: string
  label: string
  run: () => void
}

/** Opens the Properties dialog of a row (a node row opens that node). */
export function openProperties(root: RootStore, row: Row | undefined): void {
  if (!row) return
  const { ui } = root
  switch (row.kind) {
    case 'node':
      return ui.selectNode((row.data as TreeNode).id)
    case 'collection':
      return ui.openDialog({ kind: 'collection', id: (row.data as CollectionDto).id })
    case 'resource':
      return ui.openDialog({ kind: 'resource', id: (row.data as ResourceDto).id })
    case 'package':
      return ui.openDialog({ kind: 'package', id: (row.data as PackageDto).id })
    case 'program': {
      const p = row.data as ProgramDto
      return ui.openDialog({ kind: 'program', packageId: p.packageId, name: p.name })
    }
    case 'advertisement':
      return ui.openDialog({ kind: 'advertisement', id: (row.data as AdvertisementDto).id })
    case 'ad-status':
      return root.advertisementStatus.open((row.data as AdStatusRow).id)
    case 'pkg-status':
      return ui.openDialog({ kind: 'package', id: (row.data as StatusRow<PackageDto>).item.id })
    case 'job':
      return openJob(root, (row.data as JobSummary).id)
    case 'deployment-package':
      return ui.selectNode(
        formatNodeId({ kind: 'deployment-package', id: (row.data as DeploymentPackageDto).packageId }),
      )
    case 'deployment':
      return root.deployments.drill((row.data as DeploymentRow).id, 'all')
    case 'deployment-client':
      return ui.openDialog({ kind: 'resource', id: (row.data as DeploymentClientRow).resourceId })
    default:
      catalog.openCatalogProperties(root, row)
      return
  }
}

/** Opens the Properties dialog of a tree node's object (collections and packages). */
export function openNodeProperties(root: RootStore, node: TreeNode): void {
  const id = parseNodeId(node.id)
  if (id?.kind === 'collection') root.ui.openDialog({ kind: 'collection', id: id.id })
  else if (id?.kind === 'package') root.ui.openDialog({ kind: 'package', id: id.id })
  else catalog.openCatalogNodeProperties(root, id)
}

/** Whether the rows can be deleted (objects only; built-in collections stay). */
export function canDelete(rows: Row[]): boolean {
  if (catalog.canDeleteCatalog(rows)) return true
  return (
    rows.length > 0 &&
    rows.every(
      (r) =>
        ['collection', 'resource', 'package', 'program', 'advertisement'].includes(r.kind) &&
        !(r.kind === 'collection' && (r.data as CollectionDto).builtIn),
    )
  )
}

const nameOf = (row: Row): string => (row.data as { name?: string }).name ?? row.key

/** Asks to delete the rows, then deletes them. */
export function confirmDelete(root: RootStore, rows: Row[]): void {
  if (!canDelete(rows) || catalog.confirmDeleteCatalog(root, rows)) return
  const kind = rows[0]!.kind
  const noun = kind === 'resource' ? 'resource' : kind
  const what = rows.length === 1 ? `${noun} "${nameOf(rows[0]!)}"` : plural(rows.length, noun)
  root.ui.ask({
    title: `Confirm Delete`,
    message: `Delete ${what}? This cannot be undone.`,
    confirmLabel: 'Delete',
    run: async () => {
      const resources = rows.filter((r) => r.kind === 'resource').map((r) => (r.data as ResourceDto).id)
      if (resources.length) await root.resources.remove(resources)
      for (const r of rows) {
        if (r.kind === 'collection') await root.collections.remove((r.data as CollectionDto).id)
        if (r.kind === 'package') await root.packages.remove((r.data as PackageDto).id)
        if (r.kind === 'advertisement') await root.advertisements.remove((r.data as AdvertisementDto).id)
        if (r.kind === 'program')
          await root.packages.removeProgram((r.data as ProgramDto).packageId, (r.data as ProgramDto).name)
      }
      root.ui.results.reset()
      root.ui.notify(`Deleted ${what}.`)
    },
  })
}

/** Asks to delete the object a tree node stands for. */
export function confirmDeleteNode(root: RootStore, node: TreeNode): void {
  const id = parseNodeId(node.id)
  if (id?.kind === 'collection') {
    const c = root.collections.byId.get(id.id)
    if (c) confirmDelete(root, [{ key: node.id, kind: 'collection', data: c }])
  } else if (id?.kind === 'package') {
    const p = root.packages.byId.get(id.id)
    if (p) confirmDelete(root, [{ key: node.id, kind: 'package', data: p }])
  } else {
    const row = catalog.catalogNodeRow(root, node.id)
    if (row) confirmDelete(root, [row])
  }
}

/** The All Tasks of a collection. */
export function collectionCommands(root: RootStore, c: CollectionDto): Command[] {
  return [
    ...clientCommands(root, { collectionId: c.id }, `collection ${c.name}`),
    {
      id: 'add-resources',
      label: 'Add Resources…',
      run: () => root.ui.openDialog({ kind: 'add-resources', collectionId: c.id }),
    },
    {
      id: 'import-clients',
      label: 'Import Clients…',
      run: () => root.clientImport.show(c.builtIn ? '' : c.name),
    },
    {
      id: 'update-membership',
      label: 'Update Collection Membership',
      run: () =>
        void root.collections
          .updateMembership(c.id)
          .then(() =>
            root.ui.notify(
              `Membership of ${c.name} updated: ${plural(root.collections.byId.get(c.id)?.memberCount ?? 0, 'member')}.`,
            ),
          )
          .catch(root.ui.reportError),
    },
    {
      id: 'new-sub',
      label: 'New Sub-Collection…',
      run: () => root.ui.openDialog({ kind: 'collection', parentId: c.id }),
    },
    {
      id: 'advertise',
      label: 'Advertise to Collection…',
      run: () => root.ui.openDialog({ kind: 'advertisement', prefill: { collectionId: c.id } }),
    },
    distributeUpdatesCommand(root, undefined, `collection ${c.name}`),
    ...catalog.complianceCommands(root, c),
  ]
}

/** The All Tasks of a package. */
export function packageCommands(root: RootStore, p: PackageDto): Command[] {
  return [
    {
      id: 'new-program',
      label: 'New Program…',
      run: () => root.ui.openDialog({ kind: 'program', packageId: p.id }),
    },
    {
      id: 'advertise',
      label: 'Advertise…',
      run: () =>
        root.ui.openDialog({
          kind: 'advertisement',
          prefill: { packageId: p.id, programName: p.programs[0]?.name },
        }),
    },
    distributeUpdatesCommand(root, p.id, `package ${p.name}`),
    ...dpPackageCommands(root, p.id, p.name),
    ...bundlePackageCommands(root, p.id, p.name),
  ]
}

/** The All Tasks of the selected rows. */
export function commandsFor(root: RootStore, rows: Row[]): Command[] {
  const first = rows[0]
  if (!first) return []
  switch (first.kind) {
    case 'collection':
      return collectionCommands(root, first.data as CollectionDto)
    case 'package':
    case 'pkg-status':
      return packageCommands(
        root,
        first.kind === 'package' ? (first.data as PackageDto) : (first.data as StatusRow<PackageDto>).item,
      )
    case 'resource': {
      const ids = rows.filter((r) => r.kind === 'resource').map((r) => (r.data as ResourceDto).id)
      const label = ids.length === 1 ? nameOf(first) : plural(ids.length, 'client')
      return [
        ...clientCommands(root, { resourceIds: ids }, label),
        ...(ids.length === 1 ? dpResourceCommands(root, first.data as ResourceDto) : []),
        {
          id: 'add-to-collection',
          label: 'Add to Collection…',
          run: () => root.ui.openDialog({ kind: 'add-to-collection', resourceIds: ids }),
        },
      ]
    }
    case 'advertisement':
    case 'ad-status':
      return [
        ...advertisementRunCommands(root, rows),
        distributeUpdatesCommand(
          root,
          undefined,
          `advertisement ${(first.data as AdStatusRow).item?.name ?? nameOf(first)}`,
        ),
      ]
    case 'deployment-package':
      return [
        distributeUpdatesCommand(root, (first.data as DeploymentPackageDto).packageId, nameOf(first)),
        ...bundlePackageCommands(root, (first.data as DeploymentPackageDto).packageId, nameOf(first)),
      ]
    case 'dp-status': {
      const row = first.data as PackageDpStatusDto
      const ids = rows.filter(
        (r) => r.kind === 'dp-status' && (r.data as PackageDpStatusDto).packageId === row.packageId,
      )
      return dpPackageCommands(
        root,
        row.packageId,
        row.packageName,
        ids.map((r) => (r.data as PackageDpStatusDto).resourceId),
      ).slice(1)
    }
    case 'program': {
      const p = first.data as ProgramDto
      return [
        {
          id: 'advertise',
          label: 'Advertise…',
          run: () =>
            root.ui.openDialog({
              kind: 'advertisement',
              prefill: { packageId: p.packageId, programName: p.name },
            }),
        },
      ]
    }
    case 'update': {
      const updates = rows.filter((r) => r.kind === 'update')
      const label =
        updates.length === 1 ? (first.data as { title: string }).title : plural(updates.length, 'update')
      return [
        ...(catalog.catalogCommandsFor(root, rows) ?? []),
        distributeUpdatesCommand(root, undefined, label),
        ...bundleNodeCommands(
          root,
          updates.map((r) => (r.data as { id: string }).id),
        ).slice(0, 1),
        ...deployments.deploymentRowCommands(root, rows),
      ]
    }
    default:
      return [
        ...(catalog.catalogCommandsFor(root, rows) ?? []),
        ...deployments.deploymentRowCommands(root, rows),
      ]
  }
}

/** The All Tasks of a tree node (collections and packages). */
export function commandsForNode(root: RootStore, node: TreeNode): Command[] {
  const id = parseNodeId(node.id)
  if (id?.kind === 'collection') {
    const c = root.collections.byId.get(id.id)
    return c ? collectionCommands(root, c) : []
  }
  if (id?.kind === 'package') {
    const p = root.packages.byId.get(id.id)
    return p ? packageCommands(root, p) : []
  }
  if (id?.kind === 'deployment-package')
    return [
      distributeUpdatesCommand(root, id.id, node.label),
      ...bundlePackageCommands(root, id.id, node.label),
      ...(deployments.deploymentNodeCommands(root, id) ?? []),
    ]
  const catalogCommands = catalog.catalogNodeCommands(root, id)
  const deploymentCommands = deployments.deploymentNodeCommands(root, id)
  if (catalogCommands)
    return [
      ...catalogCommands,
      distributeUpdatesCommand(root, undefined, node.label),
      ...(deploymentCommands ?? []),
    ]
  if (deploymentCommands) return deploymentCommands
  if (isUnderSoftwareUpdates(id) || isStaticNode(id, 'advertisements') || isStaticNode(id, 'packages'))
    return [distributeUpdatesCommand(root, undefined, node.label), ...bundleNodeCommands(root)]
  return []
}

/** The entries of the toolbar's New menu, given the selected node. */
export function newEntries(root: RootStore): NewEntry[] {
  const { ui } = root
  const node = ui.selection
  const parentId = node?.kind === 'collection' ? node.id : null
  const packageId = node?.kind === 'package' ? node.id : null
  const entries: NewEntry[] = [
    {
      id: 'collection',
      label: parentId ? 'Sub-Collection…' : 'Collection…',
      run: () => ui.openDialog({ kind: 'collection', parentId }),
    },
    { id: 'resource', label: 'Resource (Client)…', run: () => ui.openDialog({ kind: 'resource' }) },
    { id: 'package', label: 'Package…', run: () => ui.openDialog({ kind: 'package' }) },
  ]
  if (packageId)
    entries.push({
      id: 'program',
      label: 'Program…',
      run: () => ui.openDialog({ kind: 'program', packageId }),
    })
  entries.push({
    id: 'advertisement',
    label: 'Advertisement…',
    run: () =>
      ui.openDialog({
        kind: 'advertisement',
        prefill: { packageId: packageId ?? undefined, collectionId: parentId ?? undefined },
      }),
  })
  entries.push(...catalog.catalogNewEntries(root))
  entries.push(...deployments.deploymentNewEntries(root))
  return entries
}

/** Properties of what is selected: the selected rows, else the selected node's object. */
export function propertiesOfCurrent(root: RootStore): void {
  const rows = root.ui.results.selectedRows
  if (rows.length) openProperties(root, root.ui.results.focusRow ?? rows[0])
  else openNodeProperties(root, root.ui.selectedNode)
}

/** Whether Properties has something to open. */
export function canOpenProperties(root: RootStore): boolean {
  const rows = root.ui.results.selectedRows
  if (rows.length) return rows[0]!.kind !== 'message' && rows[0]!.kind !== 'update'
  const node = root.ui.selection
  return node?.kind === 'collection' || node?.kind === 'package' || catalog.catalogNodeHasProperties(node)
}

/** Deletes what is selected (with confirmation): the selected rows, else the selected node's object. */
export function deleteCurrent(root: RootStore): void {
  const rows = root.ui.results.selectedRows
  if (rows.length) confirmDelete(root, rows)
  else confirmDeleteNode(root, root.ui.selectedNode)
}

/** Whether Delete has something to delete. */
export function canDeleteCurrent(root: RootStore): boolean {
  const rows = root.ui.results.selectedRows
  if (rows.length) return canDelete(rows)
  const node = root.ui.selection
  if (node?.kind === 'package' || catalog.catalogNodeRow(root, root.ui.selectedNodeId)) return true
  if (node?.kind === 'collection') return !root.collections.byId.get(node.id)?.builtIn
  return false
}

/** All Tasks of what is selected. */
export function commandsOfCurrent(root: RootStore): Command[] {
  const rows = root.ui.results.selectedRows
  return rows.length ? commandsFor(root, rows) : commandsForNode(root, root.ui.selectedNode)
}

/** Refreshes everything and says so in the status bar. */
export function refreshAll(root: RootStore): void {
  root.ui.notify('Refreshing…')
  void root.refreshAll().then(() => root.ui.notify('Refreshed.'), root.ui.reportError)
}
