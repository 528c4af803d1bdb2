import { makeStyles, tokens } from '@fluentui/react-components'
import { PlugConnectedRegular, PlugDisconnectedRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { plural } from '../lib/format'
import { useRoot } from '../store-context'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'stretch',
    gap: '2px',
    padding: '3px 4px',
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  cell: {
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    padding: '1px 8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    whiteSpace: 'nowrap',
  },
  grow: { flexGrow: 1, overflow: 'hidden', textOverflow: 'ellipsis' },
  bad: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  good: { color: tokens.colorPaletteGreenForeground1 },
})

/** The status bar: notices, item count and selection, site, database, front door, connection. */
export const StatusBar = observer(function StatusBar() {
  const root = useRoot()
  const styles = useStyles()
  const { results } = root.ui
  const info = root.site.info
  const count = results.view.placeholder ? 0 : results.rows.length
  const selected = results.selected.size
  const state = root.connection
  return (
    <div className={styles.bar} role="status" data-testid="status-bar">
      <span className={`${styles.cell} ${styles.grow}`} data-testid="status-notice">
        {root.ui.notice ?? 'Ready'}
      </span>
      <span className={styles.cell} data-testid="status-count">
        {plural(count, 'item')}
        {selected > 0 ? `, ${selected.toLocaleString()} selected` : ''}
      </span>
      <span className={styles.cell} data-testid="status-site">
        Site: {info ? `${info.code} – ${info.name}` : '…'}
      </span>
      <span className={styles.cell}>Database: {info?.dbKind === 'postgres' ? 'PostgreSQL' : 'SQLite'}</span>
      <span className={styles.cell}>
        Front door:{' '}
        {root.transport.frontDoor === 'electron'
          ? 'Electron'
          : root.transport.frontDoor === 'browser'
            ? 'Browser'
            : 'In-process'}
      </span>
      <span
        className={`${styles.cell} ${state === 'connected' ? styles.good : styles.bad}`}
        data-testid="connection-state"
      >
        {state === 'connected' ? <PlugConnectedRegular /> : <PlugDisconnectedRegular />}
        {state === 'connected'
          ? 'Connected'
          : state === 'connecting'
            ? 'Connecting…'
            : 'Disconnected — reconnecting'}
      </span>
    </div>
  )
})
