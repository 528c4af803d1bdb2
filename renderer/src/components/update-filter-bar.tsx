import { makeStyles, Select, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { formatTime } from '../lib/format'
import { useRoot } from '../store-context'
import { updateStateFilters, type UpdateStateFilter } from '../stores/update-store'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '4px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  label: { color: tokens.colorNeutralForeground3 },
  select: { minWidth: '190px' },
  totals: { marginLeft: 'auto', color: tokens.colorNeutralForeground3 },
})

/** The Update Repository's filters: classification and client state; totals of required updates. */
export const UpdateFilterBar = observer(function UpdateFilterBar() {
  const { updates, resources } = useRoot()
  const styles = useStyles()
  const required = updates.items.filter((u) => u.required > 0).length
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
      <span className={styles.totals}>
        {required.toLocaleString()} of {updates.items.length.toLocaleString()} updates required by at least
        one client{lastScan ? ` · last scan ${formatTime(lastScan)}` : ''}
      </span>
    </div>
  )
})
