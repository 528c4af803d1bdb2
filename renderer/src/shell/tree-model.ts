import type { CollectionDto } from '../../../shared/dto/collection'
import type { PackageDto } from '../../../shared/dto/package'
import { formatNodeId, type StaticNodeName } from './node-id'
import type { RootStore } from './root-store'

/** Icon names the tree and lists draw (mapped to Fluent icons by the view). */
export type NodeIcon =
  | 'site'
  | 'folder'
  | 'collection'
  | 'package'
  | 'advertisement'
  | 'updates'
  | 'repository'
  | 'update-list'
  | 'template'
  | 'deployment'
  | 'deployment-package'
  | 'search-folder'
  | 'site-system'
  | 'status'
  | 'message'
  | 'reporting'
  | 'clients'
  | 'jobs'

/** A node of the console tree. */
export interface TreeNode {
  /** Stable ID (formatNodeId of its NodeId), also saved as prefs.lastNode ("collection:LAB00001"). */
  id: string
  label: string
  icon: NodeIcon
  /** One-line description shown when the parent lists its child nodes. */
  description: string
  children: TreeNode[]
}

function collectionNode(c: CollectionDto, childrenOf: (id: string) => CollectionDto[], depth = 0): TreeNode {
  return {
    id: formatNodeId({ kind: 'collection', id: c.id }),
    label: c.name,
    icon: 'collection',
    description: c.comment || `${c.memberCount} members`,
    children: depth > 20 ? [] : childrenOf(c.id).map((s) => collectionNode(s, childrenOf, depth + 1)),
  }
}

function packageNode(p: PackageDto): TreeNode {
  return {
    id: formatNodeId({ kind: 'package', id: p.id }),
    label: p.name,
    icon: 'package',
    description: p.comment || `${p.programs.length} programs`,
    children: [],
  }
}

const leaf = (name: StaticNodeName, label: string, icon: NodeIcon, description: string): TreeNode => ({
  id: formatNodeId({ kind: 'static', name }),
  label,
  icon,
  description,
  children: [],
})

/** Builds the whole console tree from the stores the RootStore owns. */
export function buildTree(root: RootStore): TreeNode {
  const { collections, packages, site } = root
  const childrenOf = (id: string) => collections.childrenOf(id)
  return {
    ...leaf('site', `Site Database (${site.title})`, 'site', 'The site this console manages'),
    children: [
      {
        ...leaf(
          'collections',
          'Collections',
          'folder',
          'Groups of resources that advertisements and deployments target',
        ),
        children: collections.topLevel.map((c) => collectionNode(c, childrenOf)),
      },
      leaf('clients', 'Clients', 'clients', 'Every resource (machine) the site manages'),
      {
        ...leaf('packages', 'Packages', 'folder', 'Software distribution packages and their programs'),
        children: packages.sorted.map(packageNode),
      },
      leaf(
        'advertisements',
        'Advertisements',
        'advertisement',
        'Programs offered or assigned to collections',
      ),
      {
        ...leaf('updates', 'Software Updates', 'updates', 'Update catalog, update lists and deployments'),
        children: [
          leaf(
            'updates:repository',
            'Update Repository',
            'repository',
            'Software updates clients reported, with compliance counts',
          ),
          {
            ...leaf(
              'updates:catalog',
              'Catalog Sources',
              'site-system',
              'Update sources the sync host synchronizes',
            ),
            children: [
              leaf(
                'updates:catalog:history',
                'Sync History',
                'jobs',
                'Every synchronization and what it found',
              ),
            ],
          },
          leaf(
            'updates:compliance',
            'Compliance',
            'reporting',
            'Approvals, compliance checks and recommendations',
          ),
          {
            ...leaf('updates:lists', 'Update Lists', 'update-list', 'Reviewed sets of updates'),
            children: root.updateLists.treeNodes,
          },
          leaf('updates:templates', 'Deployment Templates', 'template', 'Reusable deployment settings'),
          {
            ...leaf(
              'updates:deployments',
              'Deployment Management',
              'deployment',
              'Update deployments to collections',
            ),
            children: root.deployments.treeNodes,
          },
          {
            ...leaf(
              'updates:packages',
              'Deployment Packages',
              'deployment-package',
              'Downloaded update files',
            ),
            children: root.deploymentPackages.treeNodes,
          },
          {
            ...leaf('updates:search', 'Search Folders', 'search-folder', 'Saved update searches'),
            children: root.searchFolders.treeNodes,
          },
        ],
      },
      leaf('site-systems', 'Site Systems', 'site-system', 'Resources holding site system roles'),
      {
        ...leaf('status', 'System Status', 'status', 'What the site did and saw'),
        children: [
          leaf(
            'status:advertisements',
            'Advertisement Status',
            'advertisement',
            'Status messages per advertisement',
          ),
          leaf('status:packages', 'Package Status', 'package', 'Each package on each distribution point'),
          leaf('status:messages', 'Status Messages', 'message', 'The newest status messages'),
          leaf(
            'status:jobs',
            'Jobs',
            'jobs',
            'Scans, commands and inventory runs on clients, with each host’s result',
          ),
        ],
      },
      {
        ...leaf('reporting', 'Reporting', 'reporting', 'Compliance and status reports'),
        children: root.reports.treeNodes,
      },
    ],
  }
}

/** Finds a node and the IDs of its ancestors. */
export function findNode(
  root: TreeNode,
  id: string,
  path: string[] = [],
): { node: TreeNode; ancestors: string[] } | null {
  if (root.id === id) return { node: root, ancestors: path }
  for (const child of root.children) {
    const found = findNode(child, id, [...path, root.id])
    if (found) return found
  }
  return null
}

/** A visible row of the tree: a node at a depth. */
export interface VisibleNode {
  node: TreeNode
  depth: number
  parentId: string | null
}

/** The nodes shown when only the expanded ones show their children. */
export function visibleNodes(root: TreeNode, expanded: ReadonlySet<string>): VisibleNode[] {
  const out: VisibleNode[] = []
  const walk = (node: TreeNode, depth: number, parentId: string | null) => {
    out.push({ node, depth, parentId })
    if (expanded.has(node.id)) for (const child of node.children) walk(child, depth + 1, node.id)
  }
  walk(root, 0, null)
  return out
}
