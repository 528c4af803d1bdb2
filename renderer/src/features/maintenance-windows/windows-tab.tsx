import { Button, makeStyles, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { formatTime } from '../../lib/format'
import { useRoot } from '../../store-context'
import { nextWindows, nextWindowText } from './window-store'

const useStyles = makeStyles({
  next: {
    padding: '6px 8px',
    background: tokens.colorNeutralBackground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200 },
  th: {
    textAlign: 'left',
    padding: '3px 6px',
    background: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  td: { padding: '3px 6px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, verticalAlign: 'top' },
  selected: { background: tokens.colorNeutralBackground1Selected },
  blackout: { color: tokens.colorPaletteRedForeground1 },
  buttons: { display: 'flex', gap: '8px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  empty: { padding: '12px 6px', color: tokens.colorNeutralForeground3 },
})

/** Collection Properties › Maintenance Windows: the collection's windows and blackouts, and its next window. */
export const WindowsTab = observer(function WindowsTab({ collectionId }: { collectionId: string }) {
  const root = useRoot()
  const styles = useStyles()
  const store = root.windows
  const [selected, setSelected] = useState<number | null>(null)
  useEffect(() => {
    void store.loadCollection(collectionId).catch(root.ui.reportError)
  }, [store, collectionId, root])
  const items = store.byCollection.get(collectionId)
  const next = nextWindows.get(`collection:${collectionId}`)
  const current = items?.find((w) => w.id === selected)
  return (
    <>
      <div className={styles.next} data-testid="collection-next-window">
        <strong>Next maintenance window: </strong>
        {nextWindowText(next)}
        {next?.description ? <div className={styles.hint}>{next.description}</div> : null}
      </div>
      <table className={styles.table} data-testid="window-list">
        <thead>
          <tr>
            <th className={styles.th}>Name</th>
            <th className={styles.th}>Schedule</th>
            <th className={styles.th}>Next Start</th>
            <th className={styles.th}>Enabled</th>
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((w) => (
            <tr
              key={w.id}
              className={w.id === selected ? styles.selected : undefined}
              onClick={() => setSelected(w.id)}
              onDoubleClick={() => store.edit(collectionId, w)}
              data-testid="window-row"
            >
              <td className={styles.td}>{w.name}</td>
              <td className={`${styles.td} ${w.kind === 'blackout' ? styles.blackout : ''}`}>
                {w.description}
              </td>
              <td className={styles.td}>{formatTime(w.nextStart) || '—'}</td>
              <td className={styles.td}>{w.enabled ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items?.length === 0 && (
        <div className={styles.empty}>
          No maintenance window — clients of this collection may install and restart at any time.
        </div>
      )}
      <div className={styles.buttons}>
        <Button size="small" onClick={() => store.edit(collectionId)} data-testid="window-new">
          New…
        </Button>
        <Button size="small" disabled={!current} onClick={() => current && store.edit(collectionId, current)}>
          Properties…
        </Button>
        <Button
          size="small"
          disabled={!current}
          onClick={() =>
            current &&
            void store
              .remove(current)
              .then(() => root.ui.notify(`Deleted maintenance window ${current.name}.`), root.ui.reportError)
          }
          data-testid="window-delete"
        >
          Delete
        </Button>
      </div>
      <span className={styles.hint}>
        Windows are saved as soon as you press OK in their dialog. A client’s windows are those of all its
        collections; a blackout of any of them closes every window it overlaps.
      </span>
    </>
  )
})
