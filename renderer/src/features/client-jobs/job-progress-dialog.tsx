import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  tokens,
} from '@fluentui/react-components'
import { ShieldKeyholeRegular } from '@fluentui/react-icons'
import { useVirtualizer } from '@tanstack/react-virtual'
import { observer } from 'mobx-react-lite'
import { useRef, useState } from 'react'
import type { JobState } from '../../../../shared/dto/job'
import { formatDuration, plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import { jobKindLabels } from '../../shell/views'
import { JobHostRow } from './job-host-row'

const useStyles = makeStyles({
  surface: { width: '880px', maxWidth: 'calc(100vw - 40px)', padding: '16px 20px' },
  content: { display: 'flex', flexDirection: 'column', gap: '10px' },
  line: { display: 'flex', alignItems: 'center', gap: '12px', flexWrap: 'wrap' },
  count: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  tally: { display: 'flex', gap: '14px', color: tokens.colorNeutralForeground2 },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  spacer: { flexGrow: 1 },
  list: {
    height: '340px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    position: 'relative',
  },
  head: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    display: 'grid',
    gridTemplateColumns: '20px 170px 100px minmax(0, 1fr) 70px',
    columnGap: '6px',
    padding: '3px 8px',
    background: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  right: { textAlign: 'right' },
})

const filters: [string, string][] = [
  ['all', 'All hosts'],
  ['failed', 'Failed'],
  ['succeeded', 'Succeeded'],
  ['skipped', 'Skipped'],
  ['pending', 'Queued or running'],
]

/** Job Progress: "n of N", a progress bar, live per-host rows, Cancel, and a summary when the job is done. */
export const JobProgressDialog = observer(function JobProgressDialog({
  jobId,
  onClose,
}: {
  jobId: number
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const job = root.jobs.get(jobId)
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set())
  const [filter, setFilter] = useState('all')
  const [cancelling, setCancelling] = useState(false)
  const scrollRef = useRef<HTMLDivElement>(null)
  const hosts = (job?.hostList ?? []).filter((h) =>
    filter === 'all'
      ? true
      : filter === 'pending'
        ? h.state === 'queued' || h.state === 'running'
        : filter === 'failed'
          ? h.state === 'failed' || h.state === 'cancelled'
          : h.state === (filter as JobState),
  )
  const virtualizer = useVirtualizer({
    count: hosts.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 27,
    overscan: 12,
    getItemKey: (i) => hosts[i]!.resourceId,
  })
  if (!job) return null
  const s = job.summary
  const isExec = s.kind === 'exec'
  // A command on a few hosts shows its output at once; on many, each host expands on demand.
  const autoExpand = isExec && s.total <= 3
  const unknownKeys = job.unknownKeyHosts
  const elapsed = s.finishedAt ? Date.parse(s.finishedAt) - Date.parse(s.createdAt) : null
  const toggle = (id: number) =>
    setExpanded((prev) => {
      const next = new Set(prev)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const cancel = async () => {
    setCancelling(true)
    try {
      await root.jobs.cancel(jobId)
    } catch (err) {
      root.ui.reportError(err)
    } finally {
      setCancelling(false)
    }
  }
  const trust = (ids: number[]) => root.ui.openDialog({ kind: 'host-key', jobId, resourceIds: ids })

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface
        className={styles.surface}
        data-testid="job-dialog"
        aria-label={`Job Progress: ${s.title}`}
      >
        <DialogBody>
          <DialogTitle>{s.title}</DialogTitle>
          <DialogContent className={styles.content}>
            <div className={styles.line}>
              <span className={styles.count} data-testid="job-count">
                {s.done.toLocaleString()} of {plural(s.total, 'host')} done
              </span>
              <span className={styles.tally}>
                <span className={styles.ok}>{s.succeeded.toLocaleString()} succeeded</span>
                <span className={s.failed ? styles.bad : undefined}>{s.failed.toLocaleString()} failed</span>
                <span>{s.skipped.toLocaleString()} skipped</span>
              </span>
              <span className={styles.spacer} />
              <span>
                {jobKindLabels[s.kind]} job {s.id}
              </span>
            </div>
            <ProgressBar
              value={job.fraction}
              thickness="large"
              color={job.finished ? (s.failed ? 'error' : 'success') : 'brand'}
              aria-label="Job progress"
              data-testid="job-progress"
            />
            {job.finished && (
              <MessageBar
                intent={
                  s.state === 'succeeded'
                    ? 'success'
                    : s.state === 'cancelled'
                      ? 'warning'
                      : s.succeeded
                        ? 'warning'
                        : 'error'
                }
                data-testid="job-summary"
              >
                <MessageBarBody>
                  <MessageBarTitle>
                    {s.state === 'cancelled' ? 'Cancelled' : 'Done'}
                    {elapsed !== null ? ` in ${formatDuration(elapsed)}` : ''}
                  </MessageBarTitle>
                  {s.succeeded} of {s.total} succeeded, {s.failed} failed, {s.skipped} skipped.
                </MessageBarBody>
              </MessageBar>
            )}
            {unknownKeys.length > 0 && (
              <MessageBar intent="info" layout="multiline" data-testid="unknown-keys">
                <MessageBarBody>
                  <MessageBarTitle>
                    {unknownKeys.length === 1
                      ? `${unknownKeys[0]!.name} presented a host key Patchbay does not trust yet`
                      : `${unknownKeys.length} hosts presented host keys Patchbay does not trust yet`}
                  </MessageBarTitle>
                  Nothing was run on {unknownKeys.length === 1 ? 'it' : 'them'}. Check the fingerprint, trust
                  it, then run the job again.
                </MessageBarBody>
                <MessageBarActions>
                  <Button
                    icon={<ShieldKeyholeRegular />}
                    onClick={() => trust(unknownKeys.map((h) => h.resourceId))}
                    data-testid="trust-all-keys"
                  >
                    {unknownKeys.length === 1 ? 'Trust key…' : `Trust ${unknownKeys.length} keys…`}
                  </Button>
                </MessageBarActions>
              </MessageBar>
            )}
            <div className={styles.line}>
              <Select
                size="small"
                value={filter}
                onChange={(_, d) => setFilter(d.value)}
                aria-label="Show hosts"
              >
                {filters.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </Select>
              <span>{plural(hosts.length, 'host')} shown</span>
            </div>
            <div
              ref={scrollRef}
              className={styles.list}
              role="grid"
              aria-label="Hosts"
              data-testid="job-hosts"
            >
              <div className={styles.head} role="row">
                <span />
                <span>Name</span>
                <span>State</span>
                <span>Message</span>
                <span className={styles.right}>Duration</span>
              </div>
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const host = hosts[item.index]!
                  const changed = host.errorKind === 'host-key-changed'
                  return (
                    <div
                      key={item.key}
                      data-index={item.index}
                      ref={virtualizer.measureElement}
                      style={{
                        position: 'absolute',
                        top: 0,
                        left: 0,
                        right: 0,
                        transform: `translateY(${item.start}px)`,
                      }}
                    >
                      <JobHostRow
                        host={host}
                        expanded={expanded.has(host.resourceId) !== autoExpand}
                        expandable={isExec || changed || host.state === 'failed'}
                        onToggle={() => toggle(host.resourceId)}
                        onTrustKey={() => trust([host.resourceId])}
                        onRemoveKey={() =>
                          root.ui.openDialog({ kind: 'resource', id: host.resourceId, tab: 'access' })
                        }
                      />
                    </div>
                  )
                })}
              </div>
            </div>
          </DialogContent>
          <DialogActions>
            {!job.finished && (
              <Button onClick={() => void cancel()} disabled={cancelling} data-testid="job-cancel">
                {cancelling ? 'Cancelling…' : 'Cancel Job'}
              </Button>
            )}
            <Button appearance="primary" onClick={onClose} data-testid="job-close">
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
