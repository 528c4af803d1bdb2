import { Link, makeStyles, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useRoot } from '../../store-context'
import type { AdBucket, AdStatusRow } from './advertisement-status-store'

const useStyles = makeStyles({
  count: { fontSize: 'inherit' },
  failed: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  succeeded: { color: tokens.colorPaletteGreenForeground1 },
  zero: { color: tokens.colorNeutralForeground3 },
})

/** An Advertisement Status count that opens the clients behind it ("Failed: 2" → those two clients). */
export const AdCountCell = observer(function AdCountCell(props: { row: AdStatusRow; bucket: AdBucket }) {
  const root = useRoot()
  const styles = useStyles()
  const n = props.row.summary[props.bucket]
  if (n === 0) return <span className={styles.zero}>0</span>
  const tone =
    props.bucket === 'failed' ? styles.failed : props.bucket === 'succeeded' ? styles.succeeded : ''
  return (
    <Link
      className={`${styles.count} ${tone}`}
      data-testid={`ad-count-${props.bucket}`}
      aria-label={`${n} ${props.bucket} — show these clients`}
      onMouseDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onClick={(e) => {
        e.stopPropagation()
        root.advertisementStatus.open(props.row.id, props.bucket)
      }}
    >
      {n.toLocaleString()}
    </Link>
  )
})

/** The custom cell of an Advertisement Status column marker ('ad-count:failed'), or null. */
export function adStatusCell(cell: string, data: unknown) {
  if (!cell.startsWith('ad-count:')) return null
  return <AdCountCell row={data as AdStatusRow} bucket={cell.slice('ad-count:'.length) as AdBucket} />
}
