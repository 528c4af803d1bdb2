import { Button, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import type { TaskItemDto } from '../../../../shared/dto/task'
import { formatBytes, plural } from '../../lib/format'
import { useRoot } from '../../store-context'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px', minWidth: 0 },
  line: { display: 'flex', alignItems: 'center', gap: '12px' },
  title: { fontWeight: tokens.fontWeightSemibold },
  spacer: { flexGrow: 1 },
  list: {
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  head: {
    position: 'sticky',
    top: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) 90px 150px 150px',
    columnGap: '8px',
    padding: '3px 8px',
    background: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) 90px 150px 150px',
    columnGap: '8px',
    alignItems: 'center',
    padding: '3px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  error: {
    gridColumn: '1 / -1',
    color: tokens.colorPaletteRedForeground1,
    fontSize: tokens.fontSizeBase200,
    wordBreak: 'break-word',
  },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
})

const stateLabels: Record<TaskItemDto['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Already present',
}

const bytesText = (done: number, total: number) =>
  total > 0 ? `${formatBytes(done)} of ${formatBytes(total)}` : done > 0 ? formatBytes(done) : ''

/**
 * A task's progress: overall bar with "n of N files, bytes of total", one row per item with its own
 * byte bar and error, and Cancel while it runs. Reused by the wizard, package content and distribution.
 */
export const TaskProgress = observer(function TaskProgress({
  taskId,
  listHeight = 220,
  cancellable = true,
  itemNoun = 'file',
}: {
  taskId: string
  listHeight?: number
  cancellable?: boolean
  itemNoun?: string
}) {
  const root = useRoot()
  const styles = useStyles()
  const store = root.tasks
  const task = store.get(taskId)
  const [cancelling, setCancelling] = useState(false)
  if (!task) return null
  const d = task.dto
  const cancel = async () => {
    setCancelling(true)
    try {
      await store.cancel(taskId)
    } catch (err) {
      root.ui.reportError(err)
    } finally {
      setCancelling(false)
    }
  }
  const stateText =
    d.state === 'running'
      ? 'Running'
      : d.state === 'succeeded'
        ? 'Completed'
        : d.state === 'cancelled'
          ? 'Cancelled'
          : 'Failed'
  return (
    <div className={styles.root} data-testid="task-progress" data-state={d.state}>
      <div className={styles.line}>
        <Text className={styles.title}>{d.title}</Text>
        <span className={styles.spacer} />
        <Text
          className={d.state === 'failed' ? styles.bad : d.state === 'succeeded' ? styles.ok : undefined}
          data-testid="task-state"
        >
          {stateText}
        </Text>
      </div>
      <ProgressBar
        value={task.fraction}
        thickness="large"
        color={d.state === 'failed' || d.failed > 0 ? 'error' : d.state === 'succeeded' ? 'success' : 'brand'}
        aria-label="Overall progress"
      />
      <div className={styles.line}>
        <Text data-testid="task-counts">
          {d.done} of {plural(d.total, itemNoun)}
          {d.failed ? `, ${d.failed} failed` : ''}
        </Text>
        <span className={styles.spacer} />
        <Text className={styles.muted}>{bytesText(d.bytesDone, d.bytesTotal)}</Text>
        {cancellable && !task.finished && (
          <Button size="small" onClick={() => void cancel()} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
      </div>
      {d.error && d.state !== 'cancelled' && <Text className={styles.bad}>{d.error}</Text>}
      <div className={styles.list} style={{ maxHeight: listHeight }} role="table" aria-label="Items">
        <div className={styles.head} role="row">
          <span>Name</span>
          <span>State</span>
          <span>Progress</span>
          <span>Bytes</span>
        </div>
        {task.itemList.map((i) => (
          <div key={i.name} className={styles.row} role="row" data-testid="task-item" data-state={i.state}>
            <span className={styles.name} title={i.name}>
              {i.name}
            </span>
            <span
              className={
                i.state === 'failed'
                  ? styles.bad
                  : i.state === 'done' || i.state === 'skipped'
                    ? styles.ok
                    : undefined
              }
            >
              {stateLabels[i.state]}
            </span>
            <ProgressBar
              value={
                i.state === 'done' || i.state === 'skipped'
                  ? 1
                  : i.bytesTotal > 0
                    ? Math.min(1, i.bytesDone / i.bytesTotal)
                    : i.state === 'running'
                      ? undefined
                      : 0
              }
              color={i.state === 'failed' ? 'error' : 'brand'}
            />
            <span className={styles.muted}>{bytesText(i.bytesDone, i.bytesTotal)}</span>
            {i.error && <span className={styles.error}>{i.error}</span>}
          </div>
        ))}
      </div>
    </div>
  )
})
