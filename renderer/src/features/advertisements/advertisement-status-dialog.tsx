import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  mergeClasses,
  tokens,
  ToggleButton,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { formatTime, plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import { adBuckets, adRunStateText, clientsIn, type AdBucket } from './advertisement-status-store'
import { openResourceExplorer } from '../client-jobs/client-commands'

const useStyles = makeStyles({
  surface: { width: '900px', maxWidth: 'calc(100vw - 40px)', padding: '16px 20px' },
  content: { display: 'flex', flexDirection: 'column', gap: '8px', minHeight: '420px' },
  line: { display: 'flex', alignItems: 'center', gap: '6px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  section: { fontWeight: tokens.fontWeightSemibold, marginTop: '4px' },
  box: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    overflow: 'auto',
  },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200 },
  th: {
    position: 'sticky',
    top: 0,
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    padding: '3px 8px',
    background: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    whiteSpace: 'nowrap',
  },
  td: {
    padding: '2px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    maxWidth: '420px',
  },
  row: { cursor: 'default', userSelect: 'none' },
  selected: { background: tokens.colorBrandBackground2 },
  failed: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  succeeded: { color: tokens.colorPaletteGreenForeground1 },
  empty: { padding: '10px', color: tokens.colorNeutralForeground3 },
})

/** Advertisement Status of one advertisement: live counts, the clients behind a count and its status messages. */
export const AdvertisementStatusDialog = observer(function AdvertisementStatusDialog() {
  const root = useRoot()
  const styles = useStyles()
  const store = root.advertisementStatus
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const [anchor, setAnchor] = useState<number | null>(null)
  const drill = store.drill
  if (!drill) return null
  const ad = root.advertisements.byId.get(drill.id)
  const s = store.statuses.get(drill.id)
  const summary = s?.summary
  const clients = clientsIn(s?.clients ?? [], drill.bucket)
  const chosen = clients.filter((c) => selected.has(c.resourceId))
  // Messages of the clients shown (by name), so drilling into Failed shows the failures' messages.
  const names = new Set(clients.map((c) => c.name))
  const messages = (s?.messages ?? []).filter(
    (m) =>
      drill.bucket === 'targeted' ||
      drill.bucket === 'received' ||
      [...names].some((n) => m.text.includes(n)),
  )
  const choose = (b: AdBucket) => {
    store.setBucket(b)
    setSelected(new Set())
  }
  const click = (id: number, e: React.MouseEvent) => {
    const ids = clients.map((c) => c.resourceId)
    if (e.shiftKey && anchor !== null) {
      const [i, j] = [ids.indexOf(anchor), ids.indexOf(id)]
      setSelected(new Set(ids.slice(Math.min(i, j), Math.max(i, j) + 1)))
      return
    }
    const next = new Set(e.ctrlKey || e.metaKey ? selected : [])
    if (next.has(id) && (e.ctrlKey || e.metaKey)) next.delete(id)
    else next.add(id)
    setSelected(next)
    setAnchor(id)
  }
  const bucketLabel = adBuckets.find((b) => b.id === drill.bucket)!.label
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && store.close()}>
      <DialogSurface
        className={styles.surface}
        data-testid="ad-status-dialog"
        aria-label={`Advertisement Status: ${ad?.name ?? drill.id}`}
      >
        <DialogBody>
          <DialogTitle>
            Advertisement Status — {ad?.name ?? drill.id} ({drill.id})
          </DialogTitle>
          <DialogContent className={styles.content}>
            <div className={styles.line}>
              <span className={styles.muted} data-testid="ad-status-state">
                {ad ? `${ad.programName} (${ad.packageName}) on ${ad.collectionName} · ` : ''}
                {adRunStateText(s)}
                {s?.jobId ? ` (run ${s.jobId})` : ''}
                {s?.nextRunAt ? ` · next run ${formatTime(s.nextRunAt)}` : ''}
              </span>
            </div>
            <div className={styles.line} role="group" aria-label="Show clients">
              {adBuckets.map((b) => (
                <ToggleButton
                  key={b.id}
                  size="small"
                  checked={drill.bucket === b.id}
                  onClick={() => choose(b.id)}
                  data-testid={`ad-bucket-${b.id}`}
                >
                  {b.label} ({summary?.[b.id] ?? 0})
                </ToggleButton>
              ))}
              <span style={{ marginLeft: 'auto', display: 'flex', gap: '6px' }}>
                <Button
                  size="small"
                  disabled={chosen.length === 0 || chosen.length > 5}
                  data-testid="ad-status-explorer"
                  onClick={() => chosen.forEach((c) => openResourceExplorer(root, c.resourceId))}
                >
                  {chosen.length > 1
                    ? `Open Resource Explorer (${chosen.length} windows)`
                    : 'Open Resource Explorer'}
                </Button>
                <Button
                  size="small"
                  appearance="primary"
                  data-testid="ad-status-run"
                  disabled={s?.jobState === 'active' || s?.jobState === 'queued'}
                  onClick={() => void store.runNow(drill.id).catch(root.ui.reportError)}
                >
                  Run Advertisement Now
                </Button>
              </span>
            </div>
            <div className={styles.section}>
              Clients — {bucketLabel} ({plural(clients.length, 'client')}
              {chosen.length ? `, ${chosen.length} selected` : ''})
            </div>
            <div className={styles.box} style={{ height: '170px' }}>
              {clients.length === 0 ? (
                <div className={styles.empty}>
                  {s?.jobId
                    ? `No client is ${bucketLabel.toLowerCase()} — choose another count above.`
                    : 'This advertisement has not run yet — Run Advertisement Now starts it.'}
                </div>
              ) : (
                <table className={styles.table} data-testid="ad-status-clients" aria-multiselectable="true">
                  <thead>
                    <tr>
                      <th className={styles.th}>Client</th>
                      <th className={styles.th}>State</th>
                      <th className={styles.th}>Time</th>
                      <th className={styles.th}>Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {clients.map((c) => (
                      <tr
                        key={c.resourceId}
                        className={mergeClasses(styles.row, selected.has(c.resourceId) && styles.selected)}
                        aria-selected={selected.has(c.resourceId)}
                        data-testid="ad-status-client"
                        onMouseDown={(e) => {
                          if (e.shiftKey) e.preventDefault()
                          click(c.resourceId, e)
                        }}
                        onDoubleClick={() => openResourceExplorer(root, c.resourceId)}
                      >
                        <td className={styles.td}>{c.name}</td>
                        <td
                          className={mergeClasses(
                            styles.td,
                            c.state === 'Failed' && styles.failed,
                            c.state === 'Succeeded' && styles.succeeded,
                          )}
                        >
                          {c.state}
                        </td>
                        <td className={styles.td}>{formatTime(c.updatedAt)}</td>
                        <td className={styles.td} title={c.message}>
                          {c.message}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div className={styles.section}>Status Messages ({messages.length})</div>
            <div className={styles.box} style={{ height: '170px' }}>
              {messages.length === 0 ? (
                <div className={styles.empty}>No status message yet.</div>
              ) : (
                <table className={styles.table} data-testid="ad-status-messages">
                  <thead>
                    <tr>
                      <th className={styles.th}>Severity</th>
                      <th className={styles.th}>Date / Time</th>
                      <th className={styles.th}>Message ID</th>
                      <th className={styles.th}>Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {messages.slice(0, 500).map((m, i) => (
                      <tr key={i} data-testid="ad-status-message">
                        <td className={mergeClasses(styles.td, m.severity === 'error' && styles.failed)}>
                          {m.severity === 'info'
                            ? 'Informational'
                            : m.severity === 'error'
                              ? 'Error'
                              : m.severity}
                        </td>
                        <td className={styles.td}>{formatTime(m.time)}</td>
                        <td className={styles.td}>{m.messageId ?? ''}</td>
                        <td className={styles.td} title={m.text}>
                          {m.text}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </DialogContent>
          <DialogActions>
            <Button data-testid="dialog-close" onClick={store.close}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
