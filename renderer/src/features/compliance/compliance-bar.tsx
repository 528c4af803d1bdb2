import { Badge, Button, makeStyles, Select, Tab, TabList, tokens, Tooltip } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import { recommendationStates, type RecommendationState } from '../../../../shared/dto/approvals'
import { formatTime, plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import type { RecommendationMode } from './approvals-store'
import { catalogCommandsFor } from '../catalog/catalog-commands'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: '4px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  line: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  label: { color: tokens.colorNeutralForeground3 },
  totals: { marginLeft: 'auto', color: tokens.colorNeutralForeground3 },
})

/**
 * The Compliance node's bar: the collection, Check / Run Scan and Check, View by Computer /
 * View by Recommendation / Approved Updates, a state filter, and bulk Approve / Ignore of the selection
 * (keys A and I in the list).
 */
export const ComplianceBar = observer(function ComplianceBar() {
  const root = useRoot()
  const styles = useStyles()
  const store = root.approvals
  const c = store.collection
  const rows = root.ui.results.selectedRows.filter((r) =>
    store.mode === 'approvals'
      ? r.kind === 'approval'
      : r.kind === 'recommendation' || r.kind === 'recommendation-group',
  )
  const run = (id: string) => (catalogCommandsFor(root, rows) ?? []).find((t) => t.id === id)?.run()

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return
      if (!(document.activeElement as HTMLElement | null)?.closest('[data-testid="results-list"]')) return
      const selected = root.ui.results.selectedRows.filter(
        (r) => r.kind === 'recommendation' || r.kind === 'recommendation-group',
      )
      if (selected.length === 0) return
      const key = e.key.toLowerCase()
      const id = key === 'a' ? 'rec-approve' : key === 'i' ? 'rec-ignore' : null
      if (!id) return
      e.preventDefault()
      ;(catalogCommandsFor(root, selected) ?? []).find((t) => t.id === id)?.run()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [root])

  const counts = store.counts
  return (
    <div className={styles.bar} data-testid="compliance-bar">
      <div className={styles.line}>
        <span className={styles.label}>Collection</span>
        <Select
          size="small"
          value={c?.id ?? ''}
          onChange={(_, d) => store.setCollection(d.value)}
          aria-label="Collection"
          data-testid="compliance-collection"
          style={{ minWidth: 220 }}
        >
          {root.collections.items.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name} ({x.id})
            </option>
          ))}
        </Select>
        <Button
          size="small"
          disabled={!c || store.checking}
          onClick={() => c && void store.check(c.id).catch(root.ui.reportError)}
          data-testid="compliance-check"
        >
          {store.checking ? 'Checking…' : 'Check'}
        </Button>
        <Button
          size="small"
          disabled={!c}
          onClick={() => c && void store.runScanAndCheck(c.id).catch(root.ui.reportError)}
          data-testid="compliance-scan-and-check"
        >
          Run Scan and Check
        </Button>
        <Button
          size="small"
          appearance="subtle"
          disabled={!c}
          onClick={() => c && root.catalogDialogs.open({ kind: 'compliance-settings', collectionId: c.id })}
        >
          Compliance Settings…
        </Button>
        {store.autoApprove && (
          <Badge appearance="tint" color="informative" data-testid="auto-approve-badge">
            Automatic approval
          </Badge>
        )}
        <span className={styles.totals} data-testid="compliance-totals">
          {store.summary
            ? `${store.summary.compliantClients} of ${plural(store.summary.clients, 'client')} compliant · `
            : ''}
          {plural(store.approvals.filter((a) => a.action === 'approved').length, 'approved update')} · last
          check {formatTime(store.lastCheckAt) || 'never'}
        </span>
      </div>
      <div className={styles.line}>
        <TabList
          size="small"
          selectedValue={store.mode}
          onTabSelect={(_, d) => {
            store.setMode(d.value as RecommendationMode)
            root.ui.results.reset()
          }}
          aria-label="Recommendation view"
        >
          <Tab value="computer" data-testid="view-by-computer">
            View by Computer
          </Tab>
          <Tab value="recommendation" data-testid="view-by-recommendation">
            View by Recommendation
          </Tab>
          <Tab value="approvals" data-testid="view-approvals">
            Approved Updates
          </Tab>
        </TabList>
        {store.mode !== 'approvals' && (
          <>
            <span className={styles.label}>Status</span>
            <Select
              size="small"
              value={store.stateFilter}
              onChange={(_, d) => store.setStateFilter(d.value as RecommendationState | 'all')}
              aria-label="Status"
              data-testid="recommendation-state"
            >
              <option value="all">All ({store.recommendations.length})</option>
              {recommendationStates.map((s) => (
                <option key={s} value={s}>
                  {s} ({counts[s]})
                </option>
              ))}
            </Select>
            <Tooltip content="Approve the selected recommendations (A)" relationship="description">
              <Button
                size="small"
                appearance="primary"
                disabled={rows.length === 0}
                onClick={() => run('rec-approve')}
                data-testid="rec-approve"
              >
                Approve
              </Button>
            </Tooltip>
            <Tooltip content="Ignore the selected recommendations (I)" relationship="description">
              <Button
                size="small"
                disabled={rows.length === 0}
                onClick={() => run('rec-ignore')}
                data-testid="rec-ignore"
              >
                Ignore
              </Button>
            </Tooltip>
            <Button
              size="small"
              appearance="subtle"
              disabled={rows.length === 0}
              onClick={() => run('rec-close')}
            >
              Close
            </Button>
          </>
        )}
        <Tooltip
          content="One deployment of exactly the selected Approved recommendations (or Approved Updates), now"
          relationship="description"
        >
          <Button
            size="small"
            disabled={rows.length === 0}
            onClick={() => run('remediate-run')}
            data-testid="remediate-run"
          >
            Run Now
          </Button>
        </Tooltip>
        <Button
          size="small"
          disabled={rows.length === 0}
          onClick={() => run('remediate-schedule')}
          data-testid="remediate-schedule"
        >
          Schedule…
        </Button>
      </div>
    </div>
  )
})
