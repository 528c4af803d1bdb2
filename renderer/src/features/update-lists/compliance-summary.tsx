import { Button, makeStyles, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import type { UpdateListPropertiesDto } from '../../../../shared/dto/update-list'
import { plural } from '../../lib/format'
import { useRoot } from '../../store-context'

type Summary = UpdateListPropertiesDto['summary']

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: '4px', minWidth: '260px' },
  bar: {
    display: 'flex',
    height: '10px',
    borderRadius: '2px',
    overflow: 'hidden',
    background: tokens.colorNeutralBackground4,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  legend: { display: 'flex', gap: '12px', flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
  swatch: { display: 'inline-block', width: '9px', height: '9px', marginRight: '4px', borderRadius: '1px' },
  line: {
    display: 'flex',
    alignItems: 'center',
    gap: '14px',
    padding: '4px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    flexWrap: 'wrap',
  },
  muted: { color: tokens.colorNeutralForeground3 },
})

const parts = (s: Summary) =>
  [
    ['Compliant', s.compliantClients, tokens.colorPaletteGreenBackground3],
    ['Non-compliant', s.nonCompliantClients, tokens.colorPaletteRedBackground3],
    ['Unknown', s.unknownClients, tokens.colorNeutralForeground4],
  ] as const

/** Clients compliant / non-compliant / unknown for a list, as counts and a small stacked bar. */
export function ComplianceSummary({ summary }: { summary: Summary }) {
  const styles = useStyles()
  const total = summary.compliantClients + summary.nonCompliantClients + summary.unknownClients
  return (
    <div className={styles.wrap} data-testid="list-compliance">
      <div
        className={styles.bar}
        role="img"
        aria-label={`${summary.compliantClients} of ${total} clients compliant`}
      >
        {total > 0 &&
          parts(summary).map(([label, n, color]) =>
            n > 0 ? <div key={label} style={{ width: `${(100 * n) / total}%`, background: color }} /> : null,
          )}
      </div>
      <div className={styles.legend}>
        {parts(summary).map(([label, n, color]) => (
          <span key={label} data-testid={`list-${label.toLowerCase()}`}>
            <span className={styles.swatch} style={{ background: color }} />
            {label}: {n.toLocaleString()}
          </span>
        ))}
      </div>
    </div>
  )
}

/** The bar above an update list's updates: compliance summary and Properties. */
export const ListSummaryBar = observer(function ListSummaryBar({ listId }: { listId: string }) {
  const root = useRoot()
  const styles = useStyles()
  const props = root.updateLists.properties.get(listId)
  return (
    <div className={styles.line} data-testid="list-bar">
      {props ? <ComplianceSummary summary={props.summary} /> : <span className={styles.muted}>Loading…</span>}
      {props && (
        <span className={styles.muted}>
          {plural(props.updates.length, 'update')} · required {props.summary.required.toLocaleString()} ·
          installed {props.summary.installed.toLocaleString()} · not required{' '}
          {props.summary.notRequired.toLocaleString()} · unknown {props.summary.unknown.toLocaleString()}{' '}
          (client × update)
        </span>
      )}
      <Button
        size="small"
        style={{ marginLeft: 'auto' }}
        onClick={() => root.catalogDialogs.open({ kind: 'list-properties', id: listId })}
      >
        Properties…
      </Button>
    </div>
  )
})
