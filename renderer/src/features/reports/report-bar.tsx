import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from '@fluentui/react-components'
import { ArrowDownloadRegular, ArrowSyncRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useRoot } from '../../store-context'
import { ChartView } from './charts'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  head: { display: 'flex', alignItems: 'center', gap: '8px' },
  desc: { color: tokens.colorNeutralForeground3, flexGrow: 1 },
  charts: { display: 'flex', gap: '24px', flexWrap: 'wrap', alignItems: 'flex-start' },
})

/** Saves text as a file: a download in browser mode (and Electron's renderer). */
export function downloadText(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** A report's description, charts, Refresh and Export CSV (the table is the results list below). */
export const ReportBar = observer(function ReportBar() {
  const root = useRoot()
  const styles = useStyles()
  const store = root.reports
  const def = store.current
  if (!def) return null
  const data = store.data.get(def.name)
  const busy = store.loading.has(def.name)
  return (
    <div className={styles.bar} data-testid="report-bar">
      <div className={styles.head}>
        <span className={styles.desc}>{def.description}</span>
        {busy && <Spinner size="extra-tiny" />}
        <Button
          size="small"
          icon={<ArrowSyncRegular />}
          onClick={() => void store.load(def.name)}
          disabled={busy}
          data-testid="report-refresh"
        >
          Refresh
        </Button>
        <Button
          size="small"
          icon={<ArrowDownloadRegular />}
          disabled={!data}
          data-testid="report-export"
          onClick={() => {
            const csv = store.csv(def.name)
            if (!data || csv === null) return
            downloadText(`${def.name}.csv`, csv)
            root.ui.notify(`Exported ${def.title} (${data.rows.length} rows) as ${def.name}.csv.`)
          }}
        >
          Export CSV
        </Button>
      </div>
      {store.errors.has(def.name) && (
        <MessageBar intent="error">
          <MessageBarBody>{store.errors.get(def.name)}</MessageBarBody>
        </MessageBar>
      )}
      {data && (
        <div className={styles.charts}>
          <ChartView chart={data.chart} />
        </div>
      )}
    </div>
  )
})
