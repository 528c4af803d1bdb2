import { Button, makeStyles, tokens, ToggleButton } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useRoot } from '../../store-context'
import { deploymentRowCommands } from './deployment-commands'
import { buckets, countBuckets, deploymentStateText, type Bucket } from './deployment-store'
import { ReportBar } from '../reports/report-bar'
import { RunLogsBar } from './run-logs-bar'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: '6px',
    padding: '4px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    flexWrap: 'wrap',
  },
  label: { color: tokens.colorNeutralForeground3, marginRight: '2px' },
  actions: { marginLeft: 'auto', display: 'flex', gap: '6px', alignItems: 'center' },
  state: { color: tokens.colorNeutralForeground3 },
})

/** The bar a deployment or report view shows above its list. */
export function FeatureBar(props: { bar: 'deployment-clients' | 'report' | 'run-logs' }) {
  if (props.bar === 'run-logs') return <RunLogsBar />
  return props.bar === 'report' ? <ReportBar /> : <DeploymentClientsBar />
}

/** A deployment's clients: status filter with live counts, and the actions on the selected clients. */
const DeploymentClientsBar = observer(function DeploymentClientsBar() {
  const root = useRoot()
  const styles = useStyles()
  const store = root.deployments
  const node = root.ui.selection
  const id = node?.kind === 'deployment' ? node.id : ''
  const status = store.statuses.get(id)
  const d = store.items.find((x) => x.id === id)
  const counts = countBuckets(status?.clients ?? [])
  const filter = store.filters.get(id) ?? 'all'
  const selected = root.ui.results.selectedRows.filter((r) => r.kind === 'deployment-client')
  const commands = deploymentRowCommands(root, selected)
  const choose = (b: Bucket | 'all') => {
    store.setFilter(id, b)
    root.ui.results.reset()
    void store.loadTimes(id)
  }
  return (
    <div className={styles.bar} data-testid="deployment-clients-bar">
      <span className={styles.label}>Show</span>
      <ToggleButton
        size="small"
        checked={filter === 'all'}
        onClick={() => choose('all')}
        data-testid="bucket-all"
      >
        All ({counts.total})
      </ToggleButton>
      {buckets.map((b) => (
        <ToggleButton
          key={b.id}
          size="small"
          checked={filter === b.id}
          onClick={() => choose(b.id)}
          data-testid={`bucket-${b.id}`}
        >
          {b.label} ({counts[b.id]})
        </ToggleButton>
      ))}
      <span className={styles.actions}>
        {d && (
          <span className={styles.state} data-testid="deployment-state">
            {deploymentStateText(d)}
            {status?.job?.error ? ` — ${status.job.error}` : ''}
          </span>
        )}
        {commands.map((t) => (
          <Button key={t.id} size="small" onClick={t.run} data-testid={`client-action-${t.id}`}>
            {t.label}
          </Button>
        ))}
        {selected.length === 0 && <span className={styles.state}>Select clients to act on them</span>}
      </span>
    </div>
  )
})
