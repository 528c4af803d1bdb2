import { Link, makeStyles, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useRoot } from '../../store-context'
import type { Bucket, DeploymentRow } from './deployment-store'
import { adStatusCell } from '../advertisements/status-cells'

const useStyles = makeStyles({
  progress: { display: 'flex', alignItems: 'center', gap: '6px', width: '100%' },
  track: {
    flexGrow: 1,
    height: '10px',
    display: 'flex',
    overflow: 'hidden',
    borderRadius: '2px',
    background: tokens.colorNeutralBackground4,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  installed: { background: tokens.colorPaletteGreenBackground3 },
  failed: { background: tokens.colorPaletteRedBackground3 },
  running: { background: tokens.colorBrandBackground },
  pct: { width: '34px', textAlign: 'right', flexShrink: 0 },
  count: { fontSize: 'inherit' },
  failedCount: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  zero: { color: tokens.colorNeutralForeground3 },
})

/** A deployment's progress: installed (green), failed (red) and in progress (blue) of all clients. */
const ProgressCell = observer(function ProgressCell({ row }: { row: DeploymentRow }) {
  const styles = useStyles()
  const { counts, percent } = row
  const part = (n: number) => `${counts.total ? (n * 100) / counts.total : 0}%`
  return (
    <span
      className={styles.progress}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-label={`${row.deployment.name} progress`}
      data-testid="deployment-progress"
      title={`${counts.installed} installed, ${counts.failed} failed, ${counts['in-progress']} in progress of ${counts.total}`}
    >
      <span className={styles.track}>
        <span className={styles.installed} style={{ width: part(counts.installed) }} />
        <span className={styles.failed} style={{ width: part(counts.failed) }} />
        <span className={styles.running} style={{ width: part(counts['in-progress']) }} />
      </span>
      <span className={styles.pct}>{percent}%</span>
    </span>
  )
})

/** A count that drills down to the clients behind it ("Failed: 7" → those seven clients). */
const CountCell = observer(function CountCell({ row, bucket }: { row: DeploymentRow; bucket: Bucket }) {
  const root = useRoot()
  const styles = useStyles()
  const n = row.counts[bucket]
  if (n === 0) return <span className={styles.zero}>0</span>
  return (
    <Link
      className={bucket === 'failed' ? styles.failedCount : styles.count}
      data-testid={`count-${bucket}`}
      aria-label={`${n} ${bucket.replace('-', ' ')} — show these clients`}
      onMouseDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onClick={(e) => {
        e.stopPropagation()
        root.deployments.drill(row.id, bucket)
      }}
    >
      {n.toLocaleString()}
    </Link>
  )
})

/** The custom cells of the results list, by the column's `cell` marker. */
export function CustomCell(props: { cell: string; data: unknown }) {
  if (props.cell === 'deployment-progress') return <ProgressCell row={props.data as DeploymentRow} />
  if (props.cell.startsWith('ad-count:')) return adStatusCell(props.cell, props.data)
  if (props.cell.startsWith('deployment-count:'))
    return (
      <CountCell
        row={props.data as DeploymentRow}
        bucket={props.cell.slice('deployment-count:'.length) as Bucket}
      />
    )
  return null
}
