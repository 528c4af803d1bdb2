import type { DeploymentDto } from '../../../../shared/dto/deployment'
import { plural } from '../../lib/format'
import { openResourceExplorer, startJob } from '../client-jobs/client-commands'
import type { Command, NewEntry } from '../../shell/commands'
import { isStaticNode, isUnderSoftwareUpdates, type NodeId } from '../../shell/node-id'
import type { RootStore } from '../../shell/root-store'
import type { Row } from '../../shell/views'
import {
  countBuckets,
  isActive,
  type DeploymentClientRow,
  type DeploymentPrefill,
  type DeploymentRow,
} from './deployment-store'

const fire = (root: RootStore, fn: () => Promise<unknown>) => () => void fn().catch(root.ui.reportError)

/** Restarts clients (forced: whether or not they report a pending restart) and shows the job's progress. */
export async function rebootClients(root: RootStore, resourceIds: number[]): Promise<void> {
  const job = await root.transport.invoke('clients:reboot', {
    targets: { resourceIds, collectionId: null },
    force: true,
  })
  await root.jobs.load(job.id)
  root.ui.openDialog({ kind: 'job', jobId: job.id })
}

/** All Tasks › Deploy… for a selection (updates, an update list or a deployment package). */
export function deployCommand(root: RootStore, prefill: DeploymentPrefill): Command {
  return { id: 'deploy', label: 'Deploy…', run: () => root.deployments.openNew(prefill) }
}

/** The commands of one deployment: run, cancel, retry failed, show clients. */
export function deploymentCommands(root: RootStore, d: DeploymentDto): Command[] {
  const store = root.deployments
  const counts = countBuckets(store.statuses.get(d.id)?.clients ?? [])
  const commands: Command[] = []
  if (!isActive(d)) commands.push({ id: 'deploy-run', label: 'Run Now…', run: () => store.openRun(d.id) })
  if (isActive(d))
    commands.push({ id: 'deploy-cancel', label: 'Cancel', run: fire(root, () => store.cancel(d.id)) })
  if (!isActive(d) && d.jobId !== null)
    commands.push({
      id: 'deploy-retry',
      label: `Retry Failed (${counts.failed})`,
      run: fire(root, () => store.retry(d.id)),
    })
  commands.push({ id: 'deploy-clients', label: 'Show Clients', run: () => store.drill(d.id, 'all') })
  return commands
}

/** All Tasks of deployment, deployment-client and update-list rows (merged with the other features' commands). */
export function deploymentRowCommands(root: RootStore, rows: Row[]): Command[] {
  const first = rows[0]
  if (!first) return []
  if (first.kind === 'deployment') return deploymentCommands(root, (first.data as DeploymentRow).deployment)
  if (first.kind === 'update-list') {
    const l = first.data as { id: string; name: string }
    return [deployCommand(root, { updateListId: l.id, label: `update list ${l.name}` })]
  }
  if (first.kind === 'update') {
    const ids = rows.filter((r) => r.kind === 'update').map((r) => (r.data as { id: string }).id)
    return [deployCommand(root, { updateIds: ids, label: plural(ids.length, 'update') })]
  }
  if (first.kind !== 'deployment-client') return []
  const clients = rows.filter((r) => r.kind === 'deployment-client').map((r) => r.data as DeploymentClientRow)
  const ids = clients.map((c) => c.resourceId)
  const depId = clients[0]!.deploymentId
  const d = root.deployments.items.find((x) => x.id === depId)
  const label = ids.length === 1 ? clients[0]!.name : plural(ids.length, 'client')
  const commands: Command[] = []
  const retryable = clients.filter((c) => c.bucket === 'failed' || c.stepState === 'cancelled')
  if (d && d.jobId !== null && retryable.length > 0)
    commands.push({
      id: 'deploy-retry',
      label:
        retryable.length === 1
          ? `Retry ${retryable[0]!.name}`
          : `Retry ${plural(retryable.length, 'client')}`,
      run: fire(root, () =>
        root.deployments.retry(
          depId,
          retryable.map((c) => c.resourceId),
        ),
      ),
    })
  commands.push({
    id: 'rescan',
    label: `Rescan ${label}`,
    run: () => startJob(root, { kind: 'scan', force: true }, { resourceIds: ids }),
  })
  commands.push({
    id: 'reboot',
    label: `Restart ${label}`,
    run: fire(root, () => rebootClients(root, ids)),
  })
  if (ids.length <= 5)
    commands.push({
      id: 'resource-explorer',
      label: ids.length === 1 ? 'Open Resource Explorer' : `Open Resource Explorer (${ids.length} windows)`,
      run: () => ids.forEach((id) => openResourceExplorer(root, id)),
    })
  return commands
}

/** All Tasks of a deployment tree node, or null when the node is not this feature's. */
export function deploymentNodeCommands(root: RootStore, node: NodeId | null): Command[] | null {
  if (isStaticNode(node, 'updates:deployments'))
    return [{ id: 'deploy-new', label: 'New Deployment…', run: () => root.deployments.openNew() }]
  if (node?.kind === 'update-list') return [deployCommand(root, { updateListId: node.id })]
  if (node?.kind === 'deployment-package') return [deployCommand(root, { packageId: node.id })]
  if (node?.kind !== 'deployment') return null
  const d = root.deployments.items.find((x) => x.id === node.id)
  return d ? deploymentCommands(root, d) : []
}

/** New › Deployment… on the Software Updates nodes. */
export function deploymentNewEntries(root: RootStore): NewEntry[] {
  if (!isUnderSoftwareUpdates(root.ui.selection)) return []
  return [{ id: 'deployment', label: 'Deployment…', run: () => root.deployments.openNew() }]
}
