import { Button, makeStyles, mergeClasses, Spinner, tokens } from '@fluentui/react-components'
import {
  CheckmarkCircleFilled,
  ChevronDownRegular,
  ChevronRightRegular,
  CircleRegular,
  DismissCircleFilled,
  ShieldErrorRegular,
  ShieldKeyholeRegular,
  SubtractCircleRegular,
  WarningFilled,
} from '@fluentui/react-icons'
import type { JobHostDto, JobState } from '../../../../shared/dto/job'
import { capitalize, formatDuration } from '../../lib/format'

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: '20px 170px 100px minmax(0, 1fr) 70px',
    alignItems: 'center',
    columnGap: '6px',
    padding: '0 8px',
    minHeight: '26px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  name: {
    fontWeight: tokens.fontWeightSemibold,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  state: { display: 'flex', alignItems: 'center', gap: '4px', whiteSpace: 'nowrap' },
  message: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    display: 'flex',
    alignItems: 'center',
    gap: '6px',
  },
  messageText: { overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0, flexShrink: 1 },
  trust: { flexShrink: 0, minWidth: 'auto' },
  duration: { textAlign: 'right', color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  expander: { minWidth: '20px', padding: 0, height: '20px' },
  detail: {
    gridColumn: '2 / -1',
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    padding: '4px 0 8px',
  },
  pre: {
    margin: 0,
    padding: '6px 8px',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    background: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusSmall,
    maxHeight: '160px',
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  },
  stderr: { color: tokens.colorPaletteRedForeground1 },
  warn: {
    display: 'flex',
    gap: '6px',
    alignItems: 'flex-start',
    color: tokens.colorPaletteMarigoldForeground2,
  },
  label: { color: tokens.colorNeutralForeground3 },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
})

/** The state icon of a host in a job. */
export function HostStateIcon({ state }: { state: JobState }) {
  const styles = useStyles()
  if (state === 'running') return <Spinner size="extra-tiny" aria-label="running" />
  if (state === 'succeeded') return <CheckmarkCircleFilled className={styles.ok} aria-hidden />
  if (state === 'failed') return <DismissCircleFilled className={styles.bad} aria-hidden />
  if (state === 'skipped') return <SubtractCircleRegular className={styles.muted} aria-hidden />
  if (state === 'cancelled') return <SubtractCircleRegular className={styles.bad} aria-hidden />
  return <CircleRegular className={styles.muted} aria-hidden />
}

/** One host of a job: name, state, message, duration; expandable to exit code, output and key advice. */
export function JobHostRow(props: {
  host: JobHostDto
  expanded: boolean
  expandable: boolean
  onToggle: () => void
  onTrustKey: () => void
  onRemoveKey: () => void
}) {
  const styles = useStyles()
  const { host } = props
  const changed = host.errorKind === 'host-key-changed'
  return (
    <div
      className={styles.row}
      data-testid="job-host"
      data-host={host.name}
      data-state={host.state}
      role="row"
    >
      {props.expandable ? (
        <Button
          className={styles.expander}
          appearance="transparent"
          size="small"
          icon={props.expanded ? <ChevronDownRegular /> : <ChevronRightRegular />}
          aria-label={props.expanded ? `Hide output of ${host.name}` : `Show output of ${host.name}`}
          aria-expanded={props.expanded}
          onClick={props.onToggle}
        />
      ) : (
        <span />
      )}
      <span className={styles.name} title={`${host.name} (${host.address})`}>
        {host.name}
      </span>
      <span className={styles.state}>
        <HostStateIcon state={host.state} />
        {capitalize(host.state)}
      </span>
      <span className={styles.message} title={host.message}>
        {changed && <WarningFilled className={styles.warn} aria-hidden />}
        <span className={styles.messageText} data-testid="job-host-message">
          {host.message ||
            (host.state === 'queued' ? 'Waiting…' : host.state === 'running' ? 'Working…' : '')}
        </span>
        {host.errorKind === 'host-key-unknown' && host.fingerprint && (
          <Button
            size="small"
            appearance="secondary"
            className={styles.trust}
            icon={<ShieldKeyholeRegular />}
            onClick={props.onTrustKey}
            data-testid="trust-key"
          >
            Trust key…
          </Button>
        )}
      </span>
      <span className={styles.duration}>{formatDuration(host.durationMs)}</span>
      {props.expanded && (
        <div className={styles.detail} data-testid="job-host-detail">
          {changed && (
            <div className={styles.warn} data-testid="host-key-changed">
              <ShieldErrorRegular fontSize={18} aria-hidden />
              <span>
                {host.name} presented a different host key ({host.fingerprint}) than the one Patchbay trusts,
                so the connection was refused: it may be a reinstalled machine, or someone impersonating it.
                If the change is legitimate, remove the old key and scan again to trust the new one.{' '}
                <Button size="small" appearance="transparent" onClick={props.onRemoveKey}>
                  Open Access tab…
                </Button>
              </span>
            </div>
          )}
          {host.exitCode !== null && (
            <span>
              <span className={styles.label}>Exit code </span>
              <strong data-testid="job-host-exit">{host.exitCode}</strong>
            </span>
          )}
          {host.stdout && (
            <pre className={styles.pre} data-testid="job-host-stdout">
              {host.stdout}
            </pre>
          )}
          {host.stderr && (
            <pre className={mergeClasses(styles.pre, styles.stderr)} data-testid="job-host-stderr">
              {host.stderr}
            </pre>
          )}
          {!changed && host.exitCode === null && !host.stdout && !host.stderr && (
            <span className={styles.label}>{host.message || 'No output.'}</span>
          )}
        </div>
      )}
    </div>
  )
}
