import { advertisementStatusView } from '../features/advertisements/advertisement-status-store'
import { catalogView } from '../features/catalog/catalog-views'
import { deploymentView } from '../features/deployments/deployment-views'
import { distributionStatusView } from '../features/distribution/distribution-store'
import { reportView } from '../features/reports/report-store'
import { deploymentPackagesView } from '../features/wizard/deployment-package-store'
import { formatNodeId, isStaticNode, type NodeId } from './node-id'
import type { ResultsView } from './results-model'
import type { RootStore } from './root-store'
import { findNode } from './tree-model'
import type { Row } from './views'

const rowsOf = (kind: Row['kind'], items: { id: string | number }[], prefix = kind): Row[] =>
  items.map((data) => ({ key: `${prefix}:${data.id}`, kind, data }))

/** A node that lists its child nodes (folders, and nodes no feature shows). */
export function nodeRows(root: RootStore, id: string, title?: string): ResultsView {
  const node = findNode(root.ui.tree, id)?.node
  return {
    setKey: 'nodes',
    title: title ?? node?.label ?? id,
    rows: (node?.children ?? []).map((n) => ({ key: `node:${n.id}`, kind: 'node', data: n })),
    loading: false,
    emptyText: 'Nothing here yet.',
  }
}

/** The views of the console frame's own nodes (site objects, clients, packages, status), or null. */
export function shellView(root: RootStore, node: NodeId): ResultsView | null {
  const { collections, resources, packages, advertisements, status, ui, updates, jobs } = root
  switch (node.kind) {
    case 'collection': {
      const c = collections.byId.get(node.id)
      const members = collections.members.get(node.id)
      return {
        setKey: 'resources',
        title: c ? `${c.name} (${c.id})` : node.id,
        rows: rowsOf('resource', members ?? []),
        loading: members === undefined,
        emptyText: c?.rules.length
          ? 'No resource matches this collection’s rules.'
          : 'This collection has no membership rules yet — open its Properties to add some.',
      }
    }
    case 'package': {
      const p = packages.byId.get(node.id)
      return {
        setKey: 'programs',
        title: p ? `${p.name} › Programs` : 'Programs',
        rows: (p?.programs ?? []).map((data) => ({
          key: `program:${data.packageId}:${data.name}`,
          kind: 'program',
          data,
        })),
        loading: !packages.loaded,
        emptyText: 'This package has no programs yet — All Tasks › New Program… adds one.',
      }
    }
    case 'static':
      break
    default:
      return null
  }
  switch (node.name) {
    case 'site':
      return nodeRows(root, formatNodeId(node), ui.tree.label)
    case 'collections':
      return {
        setKey: 'collections',
        title: 'Collections',
        rows: rowsOf('collection', collections.topLevel),
        loading: !collections.loaded,
        emptyText: 'No collections.',
      }
    case 'clients':
      return {
        setKey: 'resources',
        title: 'Clients',
        rows: rowsOf('resource', resources.items),
        loading: !resources.loaded,
        emptyText: 'No clients yet — New › Resource adds one.',
      }
    case 'site-systems':
      return {
        setKey: 'resources',
        title: 'Site Systems',
        rows: rowsOf('resource', resources.siteSystems),
        loading: !resources.loaded,
        emptyText: 'No resource holds a site system role yet — give one a role in its Properties.',
      }
    case 'packages':
      return {
        setKey: 'packages',
        title: 'Packages',
        rows: rowsOf('package', packages.sorted),
        loading: !packages.loaded,
        emptyText: 'No packages yet — New › Package creates one.',
      }
    case 'advertisements':
      return {
        setKey: 'advertisements',
        title: 'Advertisements',
        rows: rowsOf('advertisement', advertisements.items),
        loading: !advertisements.loaded,
        emptyText: 'No advertisements yet.',
      }
    case 'status:messages':
      return {
        setKey: 'messages',
        title: 'Status Messages',
        rows: rowsOf('message', status.messages),
        loading: !status.loaded,
        emptyText: 'The site has not reported any status message yet.',
      }
    case 'updates:repository':
      if (updates.loaded && updates.items.length === 0)
        return {
          setKey: 'updates',
          title: 'Update Repository',
          rows: [],
          loading: false,
          placeholder: {
            icon: 'repository',
            title: 'No software update yet — scan clients to fill the repository',
            detail:
              'Select clients or a collection and choose All Tasks › Scan Now. Every update a client reports appears here with its Required, Installed, Not Required and Unknown counts.',
          },
          emptyText: '',
        }
      return {
        setKey: 'updates',
        title: 'Update Repository',
        rows: updates.filtered.map((data) => ({ key: `update:${data.id}`, kind: 'update', data })),
        loading: !updates.loaded,
        emptyText: 'No update matches the classification and state filters.',
        filterBar: 'updates',
      }
    case 'status:jobs':
      return {
        setKey: 'jobs',
        title: 'Jobs',
        rows: jobs.recent.map((data) => ({ key: `job:${data.id}`, kind: 'job', data })),
        loading: !jobs.recentLoaded,
        emptyText: 'No job has run yet — All Tasks › Scan Now on clients starts one.',
      }
    default:
      return null
  }
}

/** The views the feature folders own (status, deployment packages, catalog, deployments, reports), or null. */
export function featureView(root: RootStore, node: NodeId): ResultsView | null {
  if (isStaticNode(node, 'status:packages')) return distributionStatusView(root)
  if (isStaticNode(node, 'status:advertisements')) return advertisementStatusView(root)
  return (
    deploymentPackagesView(root, node) ??
    catalogView(root, node) ??
    deploymentView(root, node) ??
    reportView(root, node)
  )
}
