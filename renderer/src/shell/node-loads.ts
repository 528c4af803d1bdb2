import type { ReportName } from '../../../shared/dto/report'
import type { NodeId } from './node-id'
import type { RootStore } from './root-store'

/**
 * Starts loading what a tree node shows (each store loads once; a collection's members and a stale Update
 * Repository reload). Called by the RootStore's one reaction on the selected node.
 */
export function loadNode(root: RootStore, node: NodeId | null): void {
  if (!node) return
  switch (node.kind) {
    case 'collection':
      void root.collections.loadMembers(node.id).catch(root.ui.reportError)
      return
    case 'package':
      return
    case 'update-list':
      root.updateLists.ensureLoaded()
      if (!root.updateLists.properties.has(node.id)) void root.updateLists.loadProperties(node.id)
      return
    case 'search-folder':
      root.searchFolders.ensureLoaded()
      if (!root.searchFolders.results.has(node.id)) void root.searchFolders.loadResults(node.id)
      return
    case 'deployment':
      root.deployments.ensureLoaded()
      return
    case 'deployment-package':
      if (!root.deploymentPackages.files.has(node.id)) void root.deploymentPackages.loadFiles(node.id)
      return
    case 'report':
      root.reports.ensureListed()
      root.reports.ensureLoaded(node.name as ReportName)
      return
    case 'static':
      break
  }
  switch (node.name) {
    case 'updates:repository':
      return root.updates.ensureLoaded()
    case 'status:jobs':
      return root.jobs.ensureList()
    case 'updates:catalog':
    case 'updates:catalog:history':
      return root.catalog.ensureLoaded()
    case 'updates:compliance':
      return root.approvals.ensureLoaded()
    case 'updates:lists':
    case 'updates:rules':
      return root.updateLists.ensureLoaded()
    case 'updates:search':
      return root.searchFolders.ensureLoaded()
    case 'updates:templates':
      return root.templates.ensureLoaded()
    case 'updates:deployments':
      return root.deployments.ensureLoaded()
    case 'updates:run-logs':
      return root.runLogs.ensureLoaded()
    case 'updates:packages':
      return root.deploymentPackages.ensureLoaded()
    case 'status:packages':
      return root.distribution.ensureLoaded()
    case 'status:advertisements':
      return root.advertisementStatus.ensureLoaded()
    default:
      return
  }
}
