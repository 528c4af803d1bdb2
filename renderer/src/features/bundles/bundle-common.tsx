import {
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useState } from 'react'
import type { TaskDto } from '../../../../shared/dto/task'
import { useRoot } from '../../store-context'

/** Styles shared by the bundle dialogs. */
export const useBundleStyles = makeStyles({
  surface: { maxWidth: '720px', width: '720px' },
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  row: { display: 'flex', gap: '8px', alignItems: 'flex-end' },
  grow: { flexGrow: 1 },
  intro: { color: tokens.colorNeutralForeground2 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
  table: {
    maxHeight: '220px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  head: {
    position: 'sticky',
    top: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, 2fr) minmax(0, 3fr)',
    columnGap: '8px',
    padding: '3px 8px',
    background: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  line: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, 2fr) minmax(0, 3fr)',
    columnGap: '8px',
    padding: '3px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    wordBreak: 'break-word',
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: '12px',
    rowGap: '2px',
  },
  label: { color: tokens.colorNeutralForeground3 },
})

/** Starts a task through a channel call and follows it in the task store; answers its ID. */
export function useTaskStarter() {
  const root = useRoot()
  const [taskId, setTaskId] = useState<string | null>(null)
  const start = async (call: () => Promise<TaskDto>) => {
    const task = await call()
    root.tasks.track(task)
    setTaskId(task.taskId)
    return task
  }
  return { taskId, start, reset: () => setTaskId(null) }
}

/** An error shown inside a dialog (multi-line messages keep their lines). */
export function DialogError({ message }: { message: string | null }) {
  if (!message) return null
  const [first, ...rest] = message.split('\n')
  return (
    <MessageBar intent="error" layout="multiline" data-testid="dialog-error">
      <MessageBarBody>
        <MessageBarTitle>{first}</MessageBarTitle>
        {rest.map((l, i) => (
          <Text block key={i} size={200}>
            {l}
          </Text>
        ))}
      </MessageBarBody>
    </MessageBar>
  )
}

/** A two-column problem table: file, problem. */
export function ProblemTable({
  rows,
  testId,
}: {
  rows: Array<{ path: string; problem: string }>
  testId: string
}) {
  const s = useBundleStyles()
  return (
    <div className={s.table} role="table" aria-label="Problems" data-testid={testId}>
      <div className={s.head} role="row">
        <span>File</span>
        <span>Problem</span>
      </div>
      {rows.map((r, i) => (
        <div key={i} className={s.line} role="row" data-testid="problem-row">
          <span className={s.mono}>{r.path || '—'}</span>
          <span>{r.problem}</span>
        </div>
      ))}
    </div>
  )
}
