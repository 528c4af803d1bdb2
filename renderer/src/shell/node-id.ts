/**
 * Typed IDs of the console tree's nodes. The string form ("collection:LAB00001", "updates:list:LAB00003")
 * is what prefs.lastNode saves and what tests and tree rows carry; parseNodeId and formatNodeId are the one
 * place that reads and writes it.
 */

/** Nodes that exist once in every console (folders and fixed views), by their string ID. */
export const staticNodeNames = [
  'site',
  'collections',
  'clients',
  'packages',
  'advertisements',
  'updates',
  'updates:repository',
  'updates:catalog',
  'updates:catalog:history',
  'updates:compliance',
  'updates:lists',
  'updates:rules',
  'updates:templates',
  'updates:deployments',
  'updates:run-logs',
  'updates:packages',
  'updates:search',
  'site-systems',
  'status',
  'status:advertisements',
  'status:packages',
  'status:messages',
  'status:jobs',
  'reporting',
] as const

/** The name of a node that exists once in every console. */
export type StaticNodeName = (typeof staticNodeNames)[number]

/** A tree node's ID: a fixed node, or the node of one object. */
export type NodeId =
  | { kind: 'static'; name: StaticNodeName }
  | { kind: 'collection'; id: string }
  | { kind: 'package'; id: string }
  | { kind: 'update-list'; id: string }
  | { kind: 'search-folder'; id: number }
  | { kind: 'deployment'; id: string }
  | { kind: 'deployment-package'; id: string }
  | { kind: 'report'; name: string }

/** The string prefix of each object node kind. */
const prefixes = {
  collection: 'collection:',
  package: 'package:',
  'update-list': 'updates:list:',
  'search-folder': 'updates:search:',
  deployment: 'updates:deployment:',
  'deployment-package': 'updates:package:',
  report: 'reporting:',
} as const satisfies Record<Exclude<NodeId['kind'], 'static'>, string>

const statics: ReadonlySet<string> = new Set(staticNodeNames)

/** Reads a node's string ID; null when it names no kind of node the console has. */
export function parseNodeId(value: string): NodeId | null {
  if (statics.has(value)) return { kind: 'static', name: value as StaticNodeName }
  for (const [kind, prefix] of Object.entries(prefixes) as [keyof typeof prefixes, string][]) {
    if (!value.startsWith(prefix)) continue
    const rest = value.slice(prefix.length)
    switch (kind) {
      case 'search-folder': {
        const id = Number(rest)
        return rest !== '' && Number.isInteger(id) ? { kind, id } : null
      }
      case 'report':
        return { kind, name: rest }
      default:
        return { kind, id: rest }
    }
  }
  return null
}

/** Writes a node's string ID (the inverse of parseNodeId). */
export function formatNodeId(node: NodeId): string {
  switch (node.kind) {
    case 'static':
      return node.name
    case 'report':
      return `${prefixes.report}${node.name}`
    default:
      return `${prefixes[node.kind]}${node.id}`
  }
}

/** Whether a node is the fixed node of that name. */
export function isStaticNode(node: NodeId | null, name: StaticNodeName): boolean {
  return node?.kind === 'static' && node.name === name
}

/** Whether a node lies under Software Updates (the folder itself included). */
export function isUnderSoftwareUpdates(node: NodeId | null): boolean {
  if (!node) return false
  if (node.kind !== 'static')
    return ['update-list', 'search-folder', 'deployment', 'deployment-package'].includes(node.kind)
  return node.name === 'updates' || node.name.startsWith('updates:')
}
