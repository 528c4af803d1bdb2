import type { ResourceDto } from '../../../../shared/dto/resource'
import { plural } from '../../lib/format'
import type { Command } from '../../shell/commands'
import type { JobRequest, JobTargets } from './job-store'
import type { RootStore } from '../../shell/root-store'

/** Opens the Job Progress dialog of a job (loading its hosts first when the console does not follow it yet). */
export function openJob(root: RootStore, jobId: number): void {
  const open = () => root.ui.openDialog({ kind: 'job', jobId })
  if (root.jobs.get(jobId)) open()
  else void root.jobs.load(jobId).then(open, root.ui.reportError)
}

/** Starts a job on clients and opens its Job Progress dialog. */
export function startJob(root: RootStore, request: JobRequest, targets: JobTargets): void {
  void root.jobs
    .start(request, targets)
    .then((v) => root.ui.openDialog({ kind: 'job', jobId: v.summary.id }), root.ui.reportError)
}

/**
 * Opens Resource Explorer in a window of its own: an Electron window opened by the main process, a new
 * browser window in browser mode; in-app when neither is possible (a blocked pop-up, in-process).
 * The window uses the hash form of the route (`/#/resource/:id`): the bundle's asset URLs are relative
 * (`./assets/…`, as Electron's file:// load needs), so a document at `/resource/:id` would look for them
 * under `/resource/assets/` — app.tsx accepts both forms.
 */
export function openResourceExplorer(root: RootStore, resourceId: number): void {
  if (root.transport.frontDoor === 'electron') {
    void root.transport
      .invoke('console:open-explorer', { resourceId })
      .then(({ opened }) => opened || root.openExplorer(resourceId), root.ui.reportError)
    return
  }
  if (root.transport.frontDoor === 'browser' && typeof window !== 'undefined') {
    const win = window.open(`/#/resource/${resourceId}`, `patchbay-resource-${resourceId}`)
    if (win) return
  }
  root.openExplorer(resourceId)
}

/** The client actions (scan, inventory, command, connection test) of some clients or a collection. */
export function clientCommands(root: RootStore, targets: JobTargets, label: string): Command[] {
  const ids = targets.resourceIds ?? []
  const commands: Command[] = [
    { id: 'scan', label: 'Scan Now', run: () => startJob(root, { kind: 'scan', force: false }, targets) },
    {
      id: 'scan-force',
      label: 'Scan Now (force)',
      run: () => startJob(root, { kind: 'scan', force: true }, targets),
    },
    {
      id: 'inventory',
      label: 'Refresh Inventory',
      run: () => startJob(root, { kind: 'inventory' }, targets),
    },
    {
      id: 'run-command',
      label: 'Run Command…',
      run: () => root.ui.openDialog({ kind: 'run-command', targets, label }),
    },
    { id: 'connect', label: 'Test Connection', run: () => startJob(root, { kind: 'connect' }, targets) },
  ]
  if (ids.length === 1 && !targets.collectionId)
    commands.push({
      id: 'resource-explorer',
      label: 'Start Resource Explorer',
      run: () => openResourceExplorer(root, ids[0]!),
    })
  return commands
}

/** The client actions of the current selection (selected clients, else the selected collection), or null. */
export function clientTargetsOfCurrent(root: RootStore): { targets: JobTargets; label: string } | null {
  const rows = root.ui.results.selectedRows.filter((r) => r.kind === 'resource')
  if (rows.length) {
    const ids = rows.map((r) => (r.data as ResourceDto).id)
    return {
      targets: { resourceIds: ids },
      label: rows.length === 1 ? (rows[0]!.data as ResourceDto).name : plural(ids.length, 'client'),
    }
  }
  if (root.ui.results.selectedRows.length) return null
  const node = root.ui.selection
  if (node?.kind === 'collection') {
    const c = root.collections.byId.get(node.id)
    return c ? { targets: { collectionId: c.id }, label: `collection ${c.name}` } : null
  }
  return null
}

/** The one client selected, for Resource Explorer. */
export function selectedClientId(root: RootStore): number | null {
  const rows = root.ui.results.selectedRows
  return rows.length === 1 && rows[0]!.kind === 'resource' ? (rows[0]!.data as ResourceDto).id : null
}
