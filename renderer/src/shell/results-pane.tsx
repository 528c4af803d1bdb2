import { makeStyles, Spinner, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { plural } from '../lib/format'
import { useRoot } from '../store-context'
import { EmptyState } from './empty-state'
import { NodeIcon } from './node-icon'
import { ResultsList } from './results-list'
import { UpdateFilterBar } from '../features/catalog/update-filter-bar'
import { FeatureBar } from '../features/deployments/feature-bar'

const useStyles = makeStyles({
  pane: {
    flexGrow: 1,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '4px 8px',
    background: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase300,
  },
  icon: { color: tokens.colorBrandForeground1 },
  count: {
    marginLeft: 'auto',
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
  },
})

/** The results pane: the selected node's title and either its list or its empty state. */
export const ResultsPane = observer(function ResultsPane() {
  const root = useRoot()
  const styles = useStyles()
  const { results } = root.ui
  const view = results.view
  const total = view.rows.length
  const shown = results.rows.length
  return (
    <section className={styles.pane} aria-label="Results" data-testid="results-pane">
      <div className={styles.header}>
        <NodeIcon name={root.ui.selectedNode.icon} className={styles.icon} fontSize={18} />
        <span data-testid="results-title">{view.title}</span>
        {!view.placeholder && (
          <span className={styles.count}>
            {results.filterText
              ? `${shown.toLocaleString()} of ${plural(total, 'item')} (filtered)`
              : plural(total, 'item')}
          </span>
        )}
      </div>
      {view.filterBar === 'updates' && <UpdateFilterBar />}
      {view.bar && <FeatureBar bar={view.bar} />}
      {view.placeholder ? (
        <EmptyState {...view.placeholder} />
      ) : view.loading && total === 0 ? (
        <Spinner size="small" label="Loading…" style={{ padding: 24 }} />
      ) : (
        <ResultsList />
      )}
    </section>
  )
})
