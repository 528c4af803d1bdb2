import { Button, makeStyles, Spinner, tokens } from '@fluentui/react-components'
import { ArrowSyncRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { formatTime, plural } from '../../lib/format'
import { useRoot } from '../../store-context'

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
  totals: { marginLeft: 'auto', color: tokens.colorNeutralForeground3 },
  warn: { color: tokens.colorPaletteMarigoldForeground1 },
  danger: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
})

/** Catalog Sources / Sync History bar: Synchronize Now, Add Source, Import, and the sync host. */
export const CatalogBar = observer(function CatalogBar() {
  const root = useRoot()
  const styles = useStyles()
  const store = root.catalog
  const dialogs = root.catalogDialogs
  const total = store.sources.reduce((s, x) => s + x.updateCount, 0)
  const last = store.sources.reduce<string | null>(
    (a, s) => (s.lastSyncAt && (!a || s.lastSyncAt > a) ? s.lastSyncAt : a),
    null,
  )
  const warnings = store.sources.flatMap((s) => s.warnings.map((w) => `${s.name}: ${w}`))
  return (
    <div className={styles.bar} data-testid="catalog-bar">
      <Button
        size="small"
        appearance="primary"
        icon={store.syncing !== null ? <Spinner size="extra-tiny" /> : <ArrowSyncRegular />}
        disabled={store.sources.length === 0}
        onClick={() => dialogs.open({ kind: 'sync', sourceName: null })}
        data-testid="catalog-sync"
      >
        {store.syncing !== null ? 'Synchronizing…' : 'Synchronize Now'}
      </Button>
      <Button size="small" onClick={() => dialogs.open({ kind: 'source-add' })} data-testid="catalog-add">
        Add Source…
      </Button>
      <Button
        size="small"
        onClick={() => dialogs.open({ kind: 'catalog-import' })}
        data-testid="catalog-import"
      >
        Import Windows Catalog…
      </Button>
      {warnings.length > 0 && (
        <span className={styles.danger} data-testid="catalog-trust-warning" title={warnings.join('\n')}>
          ⚠ {warnings[0]}
          {warnings.length > 1 ? ` (+${warnings.length - 1} more)` : ''}
        </span>
      )}
      <span className={styles.totals}>
        {store.syncHost ? (
          `Sync host: ${store.syncHost}`
        ) : (
          <span className={styles.warn}>
            No sync host — schedules wait until a resource has the "sync host" role
          </span>
        )}
        {` · ${plural(store.sources.length, 'source')}, ${plural(total, 'update')} · last sync ${formatTime(last) || 'never'}`}
      </span>
    </div>
  )
})
