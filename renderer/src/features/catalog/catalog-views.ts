import type { CatalogSourceDto, CatalogSyncDto } from '../../../../shared/dto/catalog'
import type { ApprovalDto, RecommendationDto, RecommendationGroupDto } from '../../../../shared/dto/approvals'
import type { TemplateDto } from '../../../../shared/dto/deployment-template'
import type { SearchFolderDto } from '../../../../shared/dto/search-folder'
import type { UpdateListDto, UpdateRuleDto } from '../../../../shared/dto/update-list'
import { capitalize, formatBytes, formatTime } from '../../lib/format'
import { scheduleText } from './catalog-store'
import { formatNodeId, isStaticNode, type NodeId } from '../../shell/node-id'
import type { ResultsView } from '../../shell/results-model'
import type { RootStore } from '../../shell/root-store'
import { criteriaText } from '../update-lists/criteria-text'
import { hoursText, maintenanceWindowLabels, userNotificationLabels } from '../deployments/template-store'
import type { ColumnDef } from '../../shell/views'

/** Tree ID of the Sync History node. */
export const HISTORY_NODE = formatNodeId({ kind: 'static', name: 'updates:catalog:history' })

const col = <T>(
  id: string,
  label: string,
  width: number,
  value: (d: T) => string | number,
  extra: { text?: (d: T) => string; align?: 'start' | 'end'; fixed?: boolean } = {},
): ColumnDef => ({ id, label, width, value: value as ColumnDef['value'], ...(extra as object) })

const restartText = (t: TemplateDto['settings']): string =>
  [t.suppressRestartServers ? 'servers' : '', t.suppressRestartWorkstations ? 'workstations' : '']
    .filter(Boolean)
    .join(', ') || 'None'

/** Column sets of the catalog, compliance, update list, search folder and template views. */
export const catalogColumnSets: Record<string, ColumnDef[]> = {
  'catalog-sources': [
    col<CatalogSourceDto>('name', 'Name', 170, (s) => s.name, { fixed: true }),
    col<CatalogSourceDto>('kind', 'Kind', 70, (s) => s.kind, {
      text: (s) => ({ apt: 'APT', wsus: 'WSUS', csv: 'CSV' })[s.kind],
    }),
    col<CatalogSourceDto>('location', 'Location', 340, (s) =>
      s.kind === 'apt' ? `${s.baseUrl} ${s.suite} ${s.components.join(' ')}` : s.baseUrl,
    ),
    col<CatalogSourceDto>('signature', 'Signature', 150, (s) => (s.allowUnsigned ? 'UNSIGNED' : s.keyring), {
      text: (s) =>
        s.kind === 'csv'
          ? ''
          : s.allowUnsigned
            ? 'UNSIGNED'
            : s.kind === 'wsus'
              ? s.signer
              : (s.keyring.split('/').pop() ?? ''),
    }),
    col<CatalogSourceDto>('updates', 'Updates', 75, (s) => s.updateCount, { align: 'end' }),
    col<CatalogSourceDto>('lastSync', 'Last Sync', 130, (s) => s.lastSyncAt ?? '', {
      text: (s) => formatTime(s.lastSyncAt) || 'Never',
    }),
    col<CatalogSourceDto>('released', 'Release Date', 100, (s) => s.releaseDate ?? '', {
      text: (s) => (s.releaseDate ? s.releaseDate.slice(0, 10) : ''),
    }),
    col<CatalogSourceDto>('schedule', 'Schedule', 130, (s) => s.syncIntervalMinutes, {
      text: (s) => scheduleText(s.syncIntervalMinutes),
    }),
    col<CatalogSourceDto>('next', 'Next Sync', 130, (s) => s.nextSyncAt ?? '', {
      text: (s) => formatTime(s.nextSyncAt) || '—',
    }),
  ],
  'catalog-history': [
    col<CatalogSyncDto>('source', 'Source', 160, (s) => s.sourceName, { fixed: true }),
    col<CatalogSyncDto>('started', 'Started', 135, (s) => s.startedAt, {
      text: (s) => formatTime(s.startedAt),
    }),
    col<CatalogSyncDto>('finished', 'Finished', 135, (s) => s.finishedAt ?? '', {
      text: (s) => formatTime(s.finishedAt) || 'running',
    }),
    col<CatalogSyncDto>('state', 'State', 85, (s) => s.state, { text: (s) => capitalize(s.state) }),
    col<CatalogSyncDto>('new', 'New', 60, (s) => s.newCount, { align: 'end' }),
    col<CatalogSyncDto>('changed', 'Changed', 70, (s) => s.changedCount, { align: 'end' }),
    col<CatalogSyncDto>('expired', 'Expired', 65, (s) => s.expiredCount, { align: 'end' }),
    col<CatalogSyncDto>('fetched', 'Fetched', 80, (s) => s.fetchedBytes, {
      text: (s) => formatBytes(s.fetchedBytes) || '—',
      align: 'end',
    }),
    col<CatalogSyncDto>('error', 'Errors', 320, (s) => s.error),
  ],
  'recs-by-computer': [
    col<RecommendationDto>('computer', 'Computer', 150, (r) => r.computer, { fixed: true }),
    col<RecommendationDto>('recommendation', 'Recommendation', 420, (r) => r.recommendation),
    col<RecommendationDto>('classification', 'Classification', 120, (r) => r.classification),
    col<RecommendationDto>('time', 'Recommendation Time', 135, (r) => r.createdAt, {
      text: (r) => formatTime(r.createdAt),
    }),
    col<RecommendationDto>('state', 'Status', 95, (r) => r.state),
    col<RecommendationDto>('updated', 'Last Changed', 135, (r) => r.updatedAt, {
      text: (r) => formatTime(r.updatedAt),
    }),
  ],
  'recs-by-update': [
    col<RecommendationGroupDto>('recommendation', 'Recommendation', 400, (g) => g.recommendation, {
      fixed: true,
    }),
    col<RecommendationGroupDto>('classification', 'Classification', 120, (g) => g.classification),
    col<RecommendationGroupDto>('computers', 'Computers', 80, (g) => g.computers, { align: 'end' }),
    col<RecommendationGroupDto>('opened', 'Opened', 65, (g) => g.opened, { align: 'end' }),
    col<RecommendationGroupDto>('approved', 'Approved', 72, (g) => g.approved, { align: 'end' }),
    col<RecommendationGroupDto>('implemented', 'Implemented', 88, (g) => g.implemented, { align: 'end' }),
    col<RecommendationGroupDto>('ignored', 'Ignored', 65, (g) => g.ignored, { align: 'end' }),
    col<RecommendationGroupDto>('closed', 'Closed', 60, (g) => g.closed, { align: 'end' }),
  ],
  approvals: [
    col<ApprovalDto>('title', 'Software Update', 340, (a) => a.title, { fixed: true }),
    col<ApprovalDto>('classification', 'Classification', 130, (a) => a.classification),
    col<ApprovalDto>('action', 'Approval', 90, (a) => a.action, { text: (a) => capitalize(a.action) }),
    col<ApprovalDto>('decided', 'Decided', 135, (a) => a.decidedAt, { text: (a) => formatTime(a.decidedAt) }),
    col<ApprovalDto>('superseded', 'Superseded By', 200, (a) => a.supersededBy),
  ],
  'update-lists': [
    col<UpdateListDto>('name', 'Name', 220, (l) => l.name, { fixed: true }),
    col<UpdateListDto>('id', 'Update List ID', 110, (l) => l.id),
    col<UpdateListDto>('updates', 'Updates', 75, (l) => l.updateCount, { align: 'end' }),
    col<UpdateListDto>('rules', 'Automatic Rules', 110, (l) => l.ruleCount, { align: 'end' }),
    col<UpdateListDto>('comment', 'Comment', 280, (l) => l.comment),
    col<UpdateListDto>('updated', 'Last Changed', 135, (l) => l.updatedAt, {
      text: (l) => formatTime(l.updatedAt),
    }),
  ],
  'update-rules': [
    col<UpdateRuleDto>('name', 'Name', 200, (r) => r.name, { fixed: true }),
    col<UpdateRuleDto>('list', 'Update List', 170, (r) => r.listName),
    col<UpdateRuleDto>('criteria', 'Criteria', 380, (r) => criteriaText(r.criteria)),
    col<UpdateRuleDto>('enabled', 'Enabled', 70, (r) => (r.enabled ? 'Yes' : 'No')),
    col<UpdateRuleDto>('lastRun', 'Last Run', 135, (r) => r.lastRunAt ?? '', {
      text: (r) => formatTime(r.lastRunAt) || 'Never',
    }),
    col<UpdateRuleDto>('added', 'Last Added', 80, (r) => r.lastAdded, { align: 'end' }),
  ],
  'search-folders': [
    col<SearchFolderDto>('name', 'Name', 220, (f) => f.name, { fixed: true }),
    col<SearchFolderDto>('count', 'Updates', 75, (f) => f.count, { align: 'end' }),
    col<SearchFolderDto>('criteria', 'Criteria', 480, (f) => criteriaText(f.criteria)),
    col<SearchFolderDto>('created', 'Created', 135, (f) => f.createdAt, {
      text: (f) => formatTime(f.createdAt),
    }),
  ],
  templates: [
    col<TemplateDto>('name', 'Name', 200, (t) => t.name, { fixed: true }),
    col<TemplateDto>('collection', 'Collection', 110, (t) => t.settings.collectionId ?? '', {
      text: (t) => t.settings.collectionId ?? 'Chosen per deployment',
    }),
    col<TemplateDto>('duration', 'Duration', 80, (t) => t.settings.durationHours, {
      text: (t) => hoursText(t.settings.durationHours, 'No expiry'),
    }),
    col<TemplateDto>('deadline', 'Deadline', 90, (t) => t.settings.deadlineOffsetHours ?? -1, {
      text: (t) => hoursText(t.settings.deadlineOffsetHours, 'None'),
    }),
    col<TemplateDto>(
      'window',
      'Maintenance Windows',
      200,
      (t) => maintenanceWindowLabels[t.settings.maintenanceWindow],
    ),
    col<TemplateDto>('restart', 'Suppress Restart', 140, (t) => restartText(t.settings)),
    col<TemplateDto>(
      'notify',
      'User Notification',
      170,
      (t) => userNotificationLabels[t.settings.userNotification],
    ),
  ],
}

/** Row kinds of the catalog views with their column set (the details pane uses it). */
export const catalogRowSets = {
  'catalog-source': 'catalog-sources',
  'catalog-sync': 'catalog-history',
  recommendation: 'recs-by-computer',
  'recommendation-group': 'recs-by-update',
  approval: 'approvals',
  'update-list': 'update-lists',
  'update-rule': 'update-rules',
  'search-folder': 'search-folders',
  template: 'templates',
} as const

const updateRows = (items: { id: string }[]) =>
  items.map((data) => ({ key: `update:${data.id}`, kind: 'update' as const, data }))

/** The results view of a catalog, compliance, update list, search folder or template node, or null. */
export function catalogView(root: RootStore, node: NodeId): ResultsView | null {
  if (isStaticNode(node, 'updates:catalog') || isStaticNode(node, 'updates:catalog:history')) {
    const store = root.catalog
    if (isStaticNode(node, 'updates:catalog:history'))
      return {
        setKey: 'catalog-history',
        title: 'Sync History',
        rows: store.history.map((data) => ({ key: `catalog-sync:${data.id}`, kind: 'catalog-sync', data })),
        loading: !store.loaded,
        emptyText:
          'No synchronization has run yet — All Tasks › Synchronize Now on Catalog Sources starts one.',
        filterBar: 'updates',
      }
    return {
      setKey: 'catalog-sources',
      title: 'Catalog Sources',
      rows: store.sources.map((data) => ({ key: `catalog-source:${data.id}`, kind: 'catalog-source', data })),
      loading: !store.loaded,
      emptyText:
        'No catalog source yet — New › Catalog Source… adds an APT repository; All Tasks › Import Windows Catalog… imports wsusscn2.cab.',
      filterBar: 'updates',
    }
  }
  if (isStaticNode(node, 'updates:compliance')) {
    const store = root.approvals
    const c = store.collection
    const base = { loading: !store.loaded && !!c, filterBar: 'updates' as const }
    const name = c ? `${c.name} (${c.id})` : 'no collection'
    if (store.mode === 'recommendation')
      return {
        ...base,
        setKey: 'recs-by-update',
        title: `Compliance › ${name} › View by Recommendation`,
        rows: store.shownGroups.map((data) => ({
          key: `recommendation-group:${data.updateId}`,
          kind: 'recommendation-group',
          data,
        })),
        emptyText: 'No recommendation — approve updates, then run Check or Run Scan and Check.',
      }
    if (store.mode === 'approvals')
      return {
        ...base,
        setKey: 'approvals',
        title: `Compliance › ${name} › Approved Updates`,
        rows: store.approvals.map((data) => ({ key: `approval:${data.updateId}`, kind: 'approval', data })),
        emptyText:
          'No update is approved or declined for this collection — approve some in the Update Repository.',
      }
    return {
      ...base,
      setKey: 'recs-by-computer',
      title: `Compliance › ${name} › View by Computer`,
      rows: store.shownRecommendations.map((data) => ({
        key: `recommendation:${data.id}`,
        kind: 'recommendation',
        data,
      })),
      emptyText: 'No recommendation — approve updates, then run Check or Run Scan and Check.',
    }
  }
  if (
    isStaticNode(node, 'updates:lists') ||
    isStaticNode(node, 'updates:rules') ||
    node.kind === 'update-list'
  ) {
    const store = root.updateLists
    if (isStaticNode(node, 'updates:lists'))
      return {
        setKey: 'update-lists',
        title: 'Update Lists',
        rows: store.lists.map((data) => ({ key: `update-list:${data.id}`, kind: 'update-list', data })),
        loading: !store.loaded,
        emptyText:
          'No update list yet — select updates in the Update Repository and choose All Tasks › Create Update List…',
      }
    if (node.kind !== 'update-list')
      return {
        setKey: 'update-rules',
        title: 'Automatic Rules',
        rows: store.rules.map((data) => ({ key: `update-rule:${data.id}`, kind: 'update-rule', data })),
        loading: !store.loaded,
        emptyText:
          'No automatic rule yet — New › Automatic Rule… adds matching updates to a list on every sync.',
      }
    const listId = node.id
    const list = store.byId.get(listId)
    const props = store.properties.get(listId)
    return {
      setKey: 'updates',
      title: list ? `${list.name} (${list.id})` : listId,
      rows: updateRows(props?.updates ?? []),
      loading: !props,
      emptyText:
        'This list has no update yet — add some from the Update Repository (All Tasks › Add to Update List…).',
      filterBar: 'updates',
    }
  }
  if (isStaticNode(node, 'updates:search') || node.kind === 'search-folder') {
    const store = root.searchFolders
    if (node.kind !== 'search-folder')
      return {
        setKey: 'search-folders',
        title: 'Search Folders',
        rows: store.folders.map((data) => ({ key: `search-folder:${data.id}`, kind: 'search-folder', data })),
        loading: !store.loaded,
        emptyText: 'No search folder yet — New › Search Folder… saves a search over the Update Repository.',
      }
    const folderId = node.id
    const folder = store.byId.get(folderId)
    const results = store.results.get(folderId)
    return {
      setKey: 'updates',
      title: folder ? `Search Folders › ${folder.name}` : formatNodeId(node),
      rows: updateRows(results ?? []),
      loading: !results,
      emptyText: 'No update matches this search right now.',
      filterBar: 'updates',
    }
  }
  if (isStaticNode(node, 'updates:templates')) {
    const store = root.templates
    return {
      setKey: 'templates',
      title: 'Deployment Templates',
      rows: store.items.map((data) => ({ key: `template:${data.id}`, kind: 'template', data })),
      loading: !store.loaded,
      emptyText:
        'No deployment template yet — New › Deployment Template… saves deployment settings for reuse.',
    }
  }
  return null
}
