import { makeAutoObservable } from 'mobx'
import type { CollectionDto } from '../../../../shared/dto/collection'
import type { CatalogSourceDto } from '../../../../shared/dto/catalog'
import type { RecommendationDto, RecommendationGroupDto } from '../../../../shared/dto/approvals'
import type { TemplateDto } from '../../../../shared/dto/deployment-template'
import type { SearchFolderDto } from '../../../../shared/dto/search-folder'
import type { UpdateDto } from '../../../../shared/dto/update'
import type { UpdateListDto, UpdateRuleDto } from '../../../../shared/dto/update-list'
import { plural } from '../../lib/format'
import { COMPLIANCE_NODE, type RemediationChoice, type SettableState } from '../compliance/approvals-store'
import { HISTORY_NODE } from './catalog-views'
import type { Command, NewEntry } from '../../shell/commands'
import { isStaticNode, isUnderSoftwareUpdates, parseNodeId, type NodeId } from '../../shell/node-id'
import type { RootStore } from '../../shell/root-store'
import { listNodeId } from '../update-lists/update-list-store'
import type { Row } from '../../shell/views'
import type { ConsoleTransport } from '../../transport/connection'

/** A dialog of the catalog, approvals, update list, search folder and template features. */
export type CatalogDialog =
  | { kind: 'source-add' }
  | { kind: 'source-schedule'; name: string }
  | { kind: 'catalog-import' }
  | { kind: 'sync'; sourceName: string | null }
  | { kind: 'approve'; action: 'approve' | 'decline'; updateIds: string[]; collectionId?: string }
  | { kind: 'compliance-settings'; collectionId: string }
  | { kind: 'list-create'; updateIds: string[] }
  | { kind: 'list-add'; updateIds: string[] }
  | { kind: 'list-properties'; id: string; tab?: string }
  | { kind: 'rule'; id?: number; listId?: string }
  | { kind: 'search-folder'; id?: number }
  | { kind: 'template'; id?: number }
  | { kind: 'remediate'; choice: RemediationChoice }

/** The open catalog dialogs (they stack: a rule dialog may open over list properties). */
export class CatalogDialogStore {
  dialogs: (CatalogDialog & { key: number })[] = []
  private next = 1

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, transport: false }, { autoBind: true })
  }

  /** Opens a dialog on top of any open one. */
  open(d: CatalogDialog): void {
    this.dialogs = [...this.dialogs, { ...d, key: this.next++ }]
  }

  /** Closes a dialog. */
  close(key: number): void {
    this.dialogs = this.dialogs.filter((d) => d.key !== key)
  }
}

const open = (root: RootStore, d: CatalogDialog) => root.catalogDialogs.open(d)

/** Runs a background action, reporting a failure in the status bar. */
const fire = (root: RootStore, fn: () => Promise<unknown>) => () => void fn().catch(root.ui.reportError)

/** The compliance commands of a collection (Check, Run Scan and Check, automatic approval). */
export function complianceCommands(root: RootStore, c: CollectionDto): Command[] {
  const { approvals } = root
  return [
    { id: 'check-compliance', label: 'Check Compliance', run: fire(root, () => approvals.check(c.id)) },
    {
      id: 'scan-and-check',
      label: 'Run Scan and Check',
      run: fire(root, () => approvals.runScanAndCheck(c.id)),
    },
    {
      id: 'view-recommendations',
      label: 'View Recommendations',
      run: () => {
        approvals.setCollection(c.id)
        root.ui.selectNode(COMPLIANCE_NODE)
      },
    },
    {
      id: 'compliance-settings',
      label: 'Compliance Settings…',
      run: () => open(root, { kind: 'compliance-settings', collectionId: c.id }),
    },
  ]
}

/** Commands on a selection of updates (Update Repository, a list, a search folder). */
export function updateCommands(root: RootStore, updates: UpdateDto[]): Command[] {
  const updateIds = updates.map((u) => u.id)
  const commands: Command[] = [
    {
      id: 'approve',
      label: 'Approve for Collection…',
      run: () => open(root, { kind: 'approve', action: 'approve', updateIds }),
    },
    {
      id: 'decline',
      label: 'Decline…',
      run: () => open(root, { kind: 'approve', action: 'decline', updateIds }),
    },
    { id: 'list-add', label: 'Add to Update List…', run: () => open(root, { kind: 'list-add', updateIds }) },
    {
      id: 'list-create',
      label: 'Create Update List…',
      run: () => open(root, { kind: 'list-create', updateIds }),
    },
  ]
  const node = root.ui.selection
  if (node?.kind === 'update-list') {
    const listId = node.id
    commands.push({
      id: 'list-remove',
      label: 'Remove from Update List',
      run: fire(root, () => root.updateLists.removeUpdates(listId, updateIds)),
    })
  }
  return commands
}

/** Bulk Approve / Ignore (and Open / Close) of recommendations, by computer or by recommendation. */
export function recommendationCommands(root: RootStore, rows: Row[]): Command[] {
  const { approvals } = root
  const byComputer = rows[0]?.kind === 'recommendation'
  const ids = rows.filter((r) => r.kind === 'recommendation').map((r) => (r.data as RecommendationDto).id)
  const updateIds = rows
    .filter((r) => r.kind === 'recommendation-group')
    .map((r) => (r.data as RecommendationGroupDto).updateId)
  const to = (state: SettableState) =>
    fire(root, () =>
      byComputer ? approvals.setState(ids, state) : approvals.setGroupState(updateIds, state),
    )
  const choice: RemediationChoice = byComputer
    ? { from: 'recommendations', ids }
    : { from: 'recommendations', updateIds }
  return [
    { id: 'rec-approve', label: 'Approve', run: to('Approved') },
    { id: 'rec-ignore', label: 'Ignore', run: to('Ignored') },
    { id: 'rec-open', label: 'Open', run: to('Opened') },
    { id: 'rec-close', label: 'Close', run: to('Closed') },
    ...remediationCommands(root, choice),
  ]
}

/** Run Now / Schedule… of Approved recommendations or Approved Updates rows: one deployment of exactly those. */
function remediationCommands(root: RootStore, choice: RemediationChoice): Command[] {
  return [
    {
      id: 'remediate-run',
      label: 'Run Now',
      run: fire(root, () => root.approvals.remediate(choice, null)),
    },
    { id: 'remediate-schedule', label: 'Schedule…', run: () => open(root, { kind: 'remediate', choice }) },
  ]
}

/** All Tasks of catalog rows, or null when the rows are not this feature's. */
export function catalogCommandsFor(root: RootStore, rows: Row[]): Command[] | null {
  const first = rows[0]
  if (!first) return null
  switch (first.kind) {
    case 'update':
      return updateCommands(
        root,
        rows.filter((r) => r.kind === 'update').map((r) => r.data as UpdateDto),
      )
    case 'recommendation':
    case 'recommendation-group':
      return recommendationCommands(root, rows)
    case 'approval': {
      const c = root.approvals.collection
      const updateIds = rows.map((r) => (r.data as { updateId: string }).updateId)
      if (!c) return []
      return [
        {
          id: 'approve',
          label: 'Approve',
          run: fire(root, () => root.approvals.approve(c.id, updateIds)),
        },
        {
          id: 'decline',
          label: 'Decline',
          run: fire(root, () => root.approvals.decline(c.id, updateIds)),
        },
        ...remediationCommands(root, { from: 'approvals', updateIds }),
      ]
    }
    case 'catalog-source': {
      const s = first.data as CatalogSourceDto
      return [
        { id: 'sync', label: 'Synchronize Now', run: () => open(root, { kind: 'sync', sourceName: s.name }) },
        {
          id: 'schedule',
          label: 'Schedule…',
          run: () => open(root, { kind: 'source-schedule', name: s.name }),
        },
        { id: 'history', label: 'View Sync History', run: () => root.ui.selectNode(HISTORY_NODE) },
      ]
    }
    case 'catalog-sync':
      return catalogNodeCommands(root, { kind: 'static', name: 'updates:catalog' }) ?? []
    case 'update-list': {
      const l = first.data as UpdateListDto
      return [
        { id: 'open-list', label: 'Show Updates', run: () => root.ui.selectNode(listNodeId(l.id)) },
        {
          id: 'new-rule',
          label: 'New Automatic Rule…',
          run: () => open(root, { kind: 'rule', listId: l.id }),
        },
      ]
    }
    case 'update-rule': {
      const r = first.data as UpdateRuleDto
      return [
        { id: 'run-rule', label: 'Run Rule Now', run: fire(root, () => root.updateLists.runRule(r.id)) },
      ]
    }
    case 'search-folder':
    case 'template':
      return []
    default:
      return null
  }
}

/** All Tasks of a catalog tree node, or null when the node is not this feature's. */
export function catalogNodeCommands(root: RootStore, node: NodeId | null): Command[] | null {
  if (isStaticNode(node, 'updates:catalog') || isStaticNode(node, 'updates:catalog:history'))
    return [
      { id: 'sync', label: 'Synchronize Now', run: () => open(root, { kind: 'sync', sourceName: null }) },
      {
        id: 'catalog-import',
        label: 'Import Windows Catalog…',
        run: () => open(root, { kind: 'catalog-import' }),
      },
      { id: 'source-add', label: 'Add Source…', run: () => open(root, { kind: 'source-add' }) },
    ]
  if (isStaticNode(node, 'updates:rules') || isStaticNode(node, 'updates:lists'))
    return [
      {
        id: 'run-rules',
        label: 'Run All Rules Now',
        run: fire(root, () => root.updateLists.runRule(null)),
      },
    ]
  if (node?.kind === 'update-list') {
    const { id } = node
    return [
      { id: 'list-properties', label: 'Properties…', run: () => open(root, { kind: 'list-properties', id }) },
      { id: 'new-rule', label: 'New Automatic Rule…', run: () => open(root, { kind: 'rule', listId: id }) },
    ]
  }
  if (isStaticNode(node, 'updates:compliance')) {
    const c = root.approvals.collection
    return c ? complianceCommands(root, c).filter((t) => t.id !== 'view-recommendations') : []
  }
  return null
}

/** New menu entries of the Software Updates nodes. */
export function catalogNewEntries(root: RootStore): NewEntry[] {
  const node = root.ui.selection
  if (!isUnderSoftwareUpdates(node)) return []
  return [
    { id: 'catalog-source', label: 'Catalog Source…', run: () => open(root, { kind: 'source-add' }) },
    {
      id: 'update-list',
      label: 'Update List…',
      run: () => open(root, { kind: 'list-create', updateIds: [] }),
    },
    {
      id: 'update-rule',
      label: 'Automatic Rule…',
      run: () =>
        open(root, {
          kind: 'rule',
          ...(node?.kind === 'update-list' ? { listId: node.id } : {}),
        }),
    },
    { id: 'search-folder', label: 'Search Folder…', run: () => open(root, { kind: 'search-folder' }) },
    { id: 'template', label: 'Deployment Template…', run: () => open(root, { kind: 'template' }) },
  ]
}

/** Opens the Properties of a catalog row; false when the row is not this feature's. */
export function openCatalogProperties(root: RootStore, row: Row): boolean {
  switch (row.kind) {
    case 'update-list':
      open(root, { kind: 'list-properties', id: (row.data as UpdateListDto).id })
      return true
    case 'update-rule':
      open(root, { kind: 'rule', id: (row.data as UpdateRuleDto).id })
      return true
    case 'search-folder':
      open(root, { kind: 'search-folder', id: (row.data as SearchFolderDto).id })
      return true
    case 'template':
      open(root, { kind: 'template', id: (row.data as TemplateDto).id })
      return true
    case 'catalog-source':
      open(root, { kind: 'source-schedule', name: (row.data as CatalogSourceDto).name })
      return true
    case 'recommendation': {
      const r = row.data as RecommendationDto
      root.ui.notify(`${r.computer}: ${r.recommendation} — ${r.state}.`)
      return true
    }
    default:
      return false
  }
}

/** Properties of a catalog tree node (an update list or a search folder); false when not this feature's. */
export function openCatalogNodeProperties(root: RootStore, node: NodeId | null): boolean {
  if (node?.kind === 'update-list') {
    open(root, { kind: 'list-properties', id: node.id })
    return true
  }
  if (node?.kind === 'search-folder') {
    open(root, { kind: 'search-folder', id: node.id })
    return true
  }
  return false
}

/** Whether a tree node is a catalog object with Properties. */
export function catalogNodeHasProperties(node: NodeId | null): boolean {
  return node?.kind === 'update-list' || node?.kind === 'search-folder'
}

const deletable = new Set(['update-list', 'update-rule', 'search-folder', 'template', 'catalog-source'])

/** Whether the rows are catalog objects that can be deleted. */
export function canDeleteCatalog(rows: Row[]): boolean {
  return rows.length > 0 && rows.every((r) => deletable.has(r.kind))
}

/** Asks to delete catalog rows (lists, rules, folders, templates, sources); false when not this feature's. */
export function confirmDeleteCatalog(root: RootStore, rows: Row[]): boolean {
  if (!canDeleteCatalog(rows)) return false
  const noun = {
    'update-list': 'update list',
    'update-rule': 'automatic rule',
    'search-folder': 'search folder',
    template: 'deployment template',
    'catalog-source': 'catalog source',
  }[rows[0]!.kind as string]!
  const what =
    rows.length === 1 ? `${noun} "${(rows[0]!.data as { name: string }).name}"` : plural(rows.length, noun)
  root.ui.ask({
    title: 'Confirm Delete',
    message: `Delete ${what}? This cannot be undone.${rows[0]!.kind === 'catalog-source' ? ' Its updates stay in the repository.' : ''}`,
    confirmLabel: 'Delete',
    run: async () => {
      for (const r of rows) {
        const d = r.data as { id: string | number; name: string }
        if (r.kind === 'update-list') await root.updateLists.remove(d.id as string)
        if (r.kind === 'update-rule') await root.updateLists.removeRule(d.id as number)
        if (r.kind === 'search-folder') await root.searchFolders.remove(d.id as number)
        if (r.kind === 'template') await root.templates.remove(d.id as number)
        if (r.kind === 'catalog-source') await root.catalog.remove(d.name)
      }
      root.ui.results.reset()
      root.ui.notify(`Deleted ${what}.`)
    },
  })
  return true
}

/** The catalog row a deletable tree node stands for (an update list or a search folder), or null. */
export function catalogNodeRow(root: RootStore, nodeId: string): Row | null {
  const node = parseNodeId(nodeId)
  if (node?.kind === 'update-list') {
    const l = root.updateLists.byId.get(node.id)
    return l ? { key: nodeId, kind: 'update-list', data: l } : null
  }
  if (node?.kind === 'search-folder') {
    const f = root.searchFolders.byId.get(node.id)
    return f ? { key: nodeId, kind: 'search-folder', data: f } : null
  }
  return null
}
