import { capitalize, formatTime } from '../../lib/format'
import { isStaticNode, type NodeId } from '../../shell/node-id'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import type { ColumnDef } from '../../shell/views'
import { buckets, type DeploymentClientRow, type DeploymentRow } from './deployment-store'
import { runLogColumns, runLogView } from './run-log-store'

const col = <T>(
  id: string,
  label: string,
  width: number,
  value: (d: T) => string | number,
  extra: { text?: (d: T) => string; align?: 'start' | 'end'; fixed?: boolean; cell?: string } = {},
): ColumnDef => ({ id, label, width, value: value as ColumnDef['value'], ...(extra as object) })

/** Column sets of Deployment Management and the per-client drill-down. */
export const deploymentColumnSets: Record<string, ColumnDef[]> = {
  deployments: [
    col<DeploymentRow>('name', 'Name', 180, (r) => r.deployment.name, { fixed: true }),
    col<DeploymentRow>('collection', 'Collection', 110, (r) => r.deployment.collectionName),
    col<DeploymentRow>('source', 'Updates', 140, (r) => r.source),
    col<DeploymentRow>('state', 'State', 70, (r) => r.state),
    col<DeploymentRow>('progress', 'Progress', 130, (r) => r.percent, {
      text: (r) => `${r.percent}%`,
      cell: 'deployment-progress',
    }),
    ...buckets.map((b) =>
      col<DeploymentRow>(
        b.id,
        b.label,
        b.id === 'not-started' || b.id === 'in-progress' ? 80 : 66,
        (r) => r.counts[b.id],
        {
          align: 'end',
          cell: `deployment-count:${b.id}`,
        },
      ),
    ),
    col<DeploymentRow>('available', 'Available', 120, (r) => r.deployment.availableAt, {
      text: (r) => formatTime(r.deployment.availableAt),
    }),
    col<DeploymentRow>('deadline', 'Deadline', 120, (r) => r.deployment.deadline ?? '', {
      text: (r) => formatTime(r.deployment.deadline) || 'Optional',
    }),
    col<DeploymentRow>('id', 'Deployment ID', 100, (r) => r.id),
  ],
  'deployment-clients': [
    col<DeploymentClientRow>('name', 'Client', 160, (c) => c.name, { fixed: true }),
    col<DeploymentClientRow>('bucket', 'Status', 90, (c) => c.bucket, {
      text: (c) => buckets.find((b) => b.id === c.bucket)!.label,
    }),
    col<DeploymentClientRow>('stateId', 'State ID', 70, (c) => c.enforcementStateId ?? -1, {
      text: (c) => (c.enforcementStateId === null ? '—' : String(c.enforcementStateId)),
      align: 'end',
    }),
    col<DeploymentClientRow>('stateName', 'Enforcement State', 230, (c) => c.enforcementStateName, {
      text: (c) => c.enforcementStateName || 'No state message yet',
    }),
    col<DeploymentClientRow>('step', 'Step', 80, (c) => c.stepState, {
      text: (c) => capitalize(c.stepState),
    }),
    col<DeploymentClientRow>('time', 'Last Message', 130, (c) => c.lastTime ?? '', {
      text: (c) => formatTime(c.lastTime) || '—',
    }),
    col<DeploymentClientRow>('error', 'Error', 300, (c) => c.error),
    col<DeploymentClientRow>('message', 'Step Message', 300, (c) => (c.error === c.message ? '' : c.message)),
  ],
  'run-logs': runLogColumns,
}

/** Row kinds of these views with their column set (the details pane uses it). */
export const deploymentRowSets = {
  deployment: 'deployments',
  'deployment-client': 'deployment-clients',
  'run-log-line': 'run-logs',
} as const

/** The results view of Run Logs, Deployment Management or one deployment's clients, or null. */
export function deploymentView(root: RootStore, node: NodeId): ResultsView | null {
  if (isStaticNode(node, 'updates:run-logs')) return runLogView(root)
  const store = root.deployments
  if (isStaticNode(node, 'updates:deployments'))
    return {
      setKey: 'deployments',
      title: 'Deployment Management',
      rows: store.rows.map((data) => ({ key: `deployment:${data.id}`, kind: 'deployment', data })),
      loading: !store.loaded,
      emptyText:
        'No deployment yet — New › Deployment…, or All Tasks › Deploy… on an update list or selected updates.',
    }
  if (node.kind !== 'deployment') return null
  const depId = node.id
  const d = store.items.find((x) => x.id === depId)
  const filter = store.filters.get(depId) ?? 'all'
  const label = filter === 'all' ? 'All clients' : buckets.find((b) => b.id === filter)!.label
  return {
    setKey: 'deployment-clients',
    title: d ? `${d.name} (${d.id}) › ${label}` : depId,
    bar: 'deployment-clients',
    rows: store.clientRows(depId).map((data) => ({
      key: `deployment-client:${depId}:${data.resourceId}`,
      kind: 'deployment-client',
      data,
    })),
    loading: !store.loaded,
    emptyText:
      filter === 'all'
        ? 'This deployment’s collection has no clients.'
        : `No client is ${label.toLowerCase()} — choose another status above.`,
  }
}
