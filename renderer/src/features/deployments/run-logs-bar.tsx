import { Button, Input, makeStyles, Select, Spinner, tokens } from '@fluentui/react-components'
import { ArrowDownRegular, ArrowSyncRegular, SearchRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { plural } from '../../lib/format'
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
  label: { color: tokens.colorNeutralForeground3 },
  search: { width: '300px' },
  select: { minWidth: '170px' },
  status: {
    marginLeft: 'auto',
    color: tokens.colorNeutralForeground3,
    display: 'flex',
    gap: '8px',
    alignItems: 'center',
  },
})

/** The results list's scrolling element (the Run Logs lines are the results list's rows). */
const scroller = (): HTMLElement | null =>
  document.querySelector<HTMLElement>('[data-testid="results-pane"] [role="grid"]')

const atBottom = (el: HTMLElement) => el.scrollTop + el.clientHeight >= el.scrollHeight - 30

/** Run Logs: search box, run and computer filters, and the live tail (follows new lines unless scrolled up). */
export const RunLogsBar = observer(function RunLogsBar() {
  const root = useRoot()
  const styles = useStyles()
  const store = root.runLogs
  const [follow, setFollow] = useState(true)
  const [text, setText] = useState(store.query.text)
  const count = store.lines.length
  const lastId = store.lines[count - 1]?.id ?? 0
  const empty = count === 0

  // Track whether the user is at the bottom: scrolling up pauses following, back to the bottom resumes it.
  useEffect(() => {
    const el = scroller()
    if (!el) return
    const onScroll = () => setFollow(atBottom(el))
    el.addEventListener('scroll', onScroll, { passive: true })
    return () => el.removeEventListener('scroll', onScroll)
  }, [store.loaded, empty])

  // New lines: keep the newest in view while following (after the list has rendered them).
  useEffect(() => {
    if (!follow) return
    const t = setTimeout(() => {
      const el = scroller()
      if (el) el.scrollTop = el.scrollHeight
    }, 30)
    return () => clearTimeout(t)
  }, [lastId, follow])

  const computers = root.resources.items
  return (
    <div className={styles.bar} data-testid="run-logs-bar">
      <Input
        size="small"
        className={styles.search}
        contentBefore={<SearchRegular />}
        placeholder="Search run name, KB/package, computer, title, text"
        value={text}
        onChange={(_, d) => {
          setText(d.value)
          store.setQuery({ text: d.value })
        }}
        aria-label="Search the run logs"
        data-testid="run-logs-search"
      />
      <span className={styles.label}>Run</span>
      <Select
        size="small"
        className={styles.select}
        value={store.query.runName}
        onChange={(_, d) => store.setQuery({ runName: d.value })}
        aria-label="Update run"
        data-testid="run-logs-run"
      >
        <option value="">All runs</option>
        {store.runNames.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </Select>
      <span className={styles.label}>Computer</span>
      <Select
        size="small"
        className={styles.select}
        value={store.query.resourceId === null ? '' : String(store.query.resourceId)}
        onChange={(_, d) => store.setQuery({ resourceId: d.value ? Number(d.value) : null })}
        aria-label="Computer"
        data-testid="run-logs-computer"
      >
        <option value="">All computers</option>
        {computers.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </Select>
      <Button
        size="small"
        icon={<ArrowSyncRegular />}
        onClick={() => void store.search()}
        disabled={store.loading}
        data-testid="run-logs-refresh"
      >
        Refresh
      </Button>
      <span className={styles.status}>
        {store.loading && <Spinner size="extra-tiny" />}
        <span data-testid="run-logs-count">{plural(count, 'line')}</span>
        <span data-testid="run-logs-follow">
          {follow ? `· following live${store.liveCount ? ` (${store.liveCount} new)` : ''}` : '· paused'}
        </span>
        {!follow && (
          <Button
            size="small"
            appearance="subtle"
            icon={<ArrowDownRegular />}
            onClick={() => setFollow(true)}
            data-testid="run-logs-tail"
          >
            Jump to newest
          </Button>
        )}
      </span>
    </div>
  )
})
