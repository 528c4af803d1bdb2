import { makeStyles, Select, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { formatTime } from '../../lib/format'
import { useRoot } from '../../store-context'
import { isStaticNode } from '../../shell/node-id'
import {
  updateCatalogFilters,
  updateStateFilters,
  type UpdateCatalogFilter,
  type UpdateStateFilter,
} from './update-store'
import { ComplianceBar } from '../compliance/compliance-bar'
import { CatalogBar } from './catalog-bar'
import { FolderBar } from '../update-lists/folder-bar'
import { ListSummaryBar } from '../update-lists/compliance-summary'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '4px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    flexWrap: 'wrap',
  },
  label: { color: tokens.colorNeutralForeground3 },
  select: { minWidth: '170px' },
  totals: { marginLeft: 'auto', color: tokens.colorNeutralForeground3 },
})

/** The bar above a Software Updates list: filters, compliance actions, sync actions or a summary, by node. */
export const UpdateFilterBar = observer(function UpdateFilterBar() {
  const node = useRoot().ui.selection
  if (isStaticNode(node, 'updates:compliance')) return <ComplianceBar />
  if (isStaticNode(node, 'updates:catalog') || isStaticNode(node, 'updates:catalog:history'))
    return <CatalogBar />
  if (node?.kind === 'update-list') return <ListSummaryBar listId={node.id} />
  if (node?.kind === 'search-folder') return <FolderBar folderId={node.id} />
  return <RepositoryFilterBar />
})

/** The Update Repository's filters: classification, client state and catalog status; totals of required updates. */
const RepositoryFilterBar = observer(function RepositoryFilterBar() {
  const { updates, resources } = useRoot()
  const styles = useStyles()
  const required = updates.items.filter((u) => u.required > 0).length
  const reported = updates.items.filter((u) => u.reportedByClients).length
  const superseded = updates.items.filter((u) => u.supersededBy).length
  const lastScan = resources.items.reduce<string | null>(
    (a, r) => (r.lastScanAt && (!a || r.lastScanAt > a) ? r.lastScanAt : a),
    null,
  )
  return (
    <div className={styles.bar} data-testid="update-filters">
      <span className={styles.label}>Classification</span>
      <Select
        size="small"
        className={styles.select}
        value={updates.classification}
        onChange={(_, d) => updates.setClassification(d.value)}
        aria-label="Classification"
        data-testid="filter-classification"
      >
        <option value="all">All classifications</option>
        {updates.classifications.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </Select>
      <span className={styles.label}>State</span>
      <Select
        size="small"
        className={styles.select}
        value={updates.state}
        onChange={(_, d) => updates.setState(d.value as UpdateStateFilter)}
        aria-label="State"
        data-testid="filter-state"
      >
        {updateStateFilters.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
      <span className={styles.label}>Catalog</span>
      <Select
        size="small"
        className={styles.select}
        value={updates.catalog}
        onChange={(_, d) => updates.setCatalog(d.value as UpdateCatalogFilter)}
        aria-label="Catalog status"
        data-testid="filter-catalog"
      >
        {updateCatalogFilters.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
      <span className={styles.totals}>
        {required.toLocaleString()} of {updates.items.length.toLocaleString()} updates required by at least
        one client · {reported.toLocaleString()} reported by clients only · {superseded.toLocaleString()}{' '}
        superseded{lastScan ? ` · last scan ${formatTime(lastScan)}` : ''}
      </span>
    </div>
  )
})
