import { makeStyles, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import type { CollectionDto, CollectionRuleDto } from '../../../shared/dto/collection'
import type { AdvertisementDto } from '../../../shared/dto/advertisement'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { UpdateDto } from '../../../shared/dto/update'
import { authLabels, everyText, formatBytes, formatTime } from '../lib/format'
import { useRoot } from '../store-context'
import type { RootStore } from './root-store'
import { cellText, columnSets, type Row } from './views'
import { catalogRowSets } from '../features/catalog/catalog-views'
import { deploymentRowSets } from '../features/deployments/deployment-views'

const useStyles = makeStyles({
  pane: {
    height: '190px',
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    minHeight: 0,
  },
  header: {
    padding: '3px 8px',
    background: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: {
    overflow: 'auto',
    padding: '6px 10px',
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(150px, max-content) minmax(200px, 1fr))',
    columnGap: '12px',
    rowGap: '3px',
    alignContent: 'start',
  },
  label: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  value: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  empty: { padding: '10px', color: tokens.colorNeutralForeground3 },
})

/** Describes a membership rule in one line. */
export function describeRule(rule: CollectionRuleDto, resourceName: (id: number) => string): string {
  const effect = rule.effect === 'exclude' ? 'Exclude' : 'Include'
  if (rule.kind === 'direct') return `${effect} resource ${resourceName(rule.resourceId)}`
  return `${effect} query "${rule.name}": ${rule.conditions.map((c) => `${c.attribute} ${c.operator} "${c.value}"`).join(' and ')}`
}

function propertiesOf(root: RootStore, row: Row | null): [string, string][] {
  if (!row) {
    const id = root.ui.selectedNodeId
    const selection = root.ui.selection
    const c = selection?.kind === 'collection' ? root.collections.byId.get(selection.id) : undefined
    if (c) return propertiesOf(root, { key: id, kind: 'collection', data: c })
    const p = selection?.kind === 'package' ? root.packages.byId.get(selection.id) : undefined
    if (p) return propertiesOf(root, { key: id, kind: 'package', data: p })
    const node = root.ui.selectedNode
    return [
      ['Node', node.label],
      ['Description', node.description],
    ]
  }
  const setKey = {
    node: 'nodes',
    collection: 'collections',
    resource: 'resources',
    package: 'packages',
    program: 'programs',
    advertisement: 'advertisements',
    message: 'messages',
    'ad-status': 'ad-status',
    'pkg-status': 'pkg-status',
    update: 'updates',
    job: 'jobs',
    'deployment-package': 'deployment-packages',
    'deployment-file': 'deployment-files',
    'dp-status': 'dp-status',
    ...catalogRowSets,
    ...deploymentRowSets,
    'report-row': root.ui.results.view.setKey,
  }[row.kind]
  const cols = row.kind === 'report-row' ? root.ui.results.allColumns : (columnSets[setKey] ?? [])
  const pairs: [string, string][] = cols.map((c) => [c.label, cellText(c, row.data)])
  const resourceName = (id: number) => root.resources.byId.get(id)?.name ?? `#${id}`
  if (row.kind === 'collection') {
    const c = row.data as CollectionDto
    pairs.push([
      'Limiting collection',
      c.limitingCollectionId
        ? (root.collections.byId.get(c.limitingCollectionId)?.name ?? c.limitingCollectionId)
        : '—',
    ])
    pairs.push(['Parent', c.parentId ? (root.collections.byId.get(c.parentId)?.name ?? c.parentId) : '—'])
    pairs.push(['Built in', c.builtIn ? 'Yes' : 'No'])
    c.rules.forEach((r, i) => pairs.push([`Rule ${i + 1}`, describeRule(r, resourceName)]))
  }
  if (row.kind === 'advertisement') {
    const a = row.data as AdvertisementDto
    pairs.push(['Comment', a.comment], ['Include sub-collections', a.includeSubCollections ? 'Yes' : 'No'])
    a.assignments.forEach((s, i) =>
      pairs.push([
        `Assignment ${i + 1}`,
        `${formatTime(s.startAt)}${s.recurEvery && s.recurUnit ? `, ${everyText(s.recurEvery, s.recurUnit)}` : ''}`,
      ]),
    )
  }
  if (row.kind === 'update') {
    const u = row.data as UpdateDto
    pairs.push(
      ['Products', u.products.join(', ')],
      ['Package', u.package],
      ['Suite', u.suite],
      ['SHA-256', u.sha256],
      ['Size', u.size ? `${formatBytes(u.size)} (${u.size.toLocaleString()} bytes)` : ''],
      ['Source', u.source ? `${u.source} (reported by clients)` : 'Reported by clients'],
      ['Superseded by', u.supersededBy],
      ['Update ID', u.id],
    )
  }
  if (row.kind === 'resource') {
    const r = row.data as ResourceDto
    pairs.push(
      ['Authentication', authLabels[r.authMethod] ?? r.authMethod],
      ['Identity file', r.identityFile],
      ['Stored secret', r.hasSecret ? 'Yes' : 'No'],
      ['Host key', r.hostKeyFingerprint ?? 'Not trusted yet'],
    )
  }
  if (row.kind === 'package') pairs.push(['Comment', (row.data as { comment: string }).comment || '—'])
  return pairs
}

/** The details pane: the selected object's properties, read-only. */
export const DetailsPane = observer(function DetailsPane() {
  const root = useRoot()
  const styles = useStyles()
  const { results } = root.ui
  const row =
    results.focusRow && results.selected.has(results.focusRow.key)
      ? results.focusRow
      : (results.selectedRows[0] ?? null)
  const pairs = propertiesOf(root, row)
  const title = row
    ? ((row.data as { name?: string; label?: string; item?: { name: string } }).name ??
      (row.data as { title?: string }).title ??
      (row.data as { label?: string }).label ??
      (row.data as { item?: { name: string } }).item?.name ??
      'Details')
    : root.ui.selectedNode.label
  return (
    <section className={styles.pane} aria-label="Details" data-testid="details-pane">
      <div className={styles.header}>
        Details — {title}
        {results.selected.size > 1 ? ` (1 of ${results.selected.size} selected)` : ''}
      </div>
      {pairs.length === 0 ? (
        <div className={styles.empty}>Select an item to see its properties.</div>
      ) : (
        <dl className={styles.body} style={{ margin: 0 }}>
          {pairs.map(([k, v], i) => (
            <div key={`${k}-${i}`} style={{ display: 'contents' }}>
              <dt className={styles.label}>{k}</dt>
              <dd className={styles.value} style={{ margin: 0 }} title={v}>
                {v || '—'}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
})
