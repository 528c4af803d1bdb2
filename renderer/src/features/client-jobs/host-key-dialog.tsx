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
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components'
import { ShieldKeyholeRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { plural } from '../../lib/format'
import { useRoot } from '../../store-context'

const useStyles = makeStyles({
  surface: { width: '640px', maxWidth: 'calc(100vw - 40px)', padding: '16px 20px' },
  content: { display: 'flex', flexDirection: 'column', gap: '12px' },
  intro: { display: 'flex', gap: '12px', alignItems: 'flex-start' },
  icon: { fontSize: '36px', color: tokens.colorBrandForeground1, flexShrink: 0 },
  keys: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    maxHeight: '240px',
    overflow: 'auto',
  },
  key: {
    display: 'grid',
    gridTemplateColumns: '90px minmax(0, 1fr)',
    rowGap: '2px',
    columnGap: '10px',
    padding: '8px 10px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    background: tokens.colorNeutralBackground2,
  },
  label: { color: tokens.colorNeutralForeground3 },
  fingerprint: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    wordBreak: 'break-all',
    fontWeight: tokens.fontWeightSemibold,
  },
  code: {
    display: 'block',
    marginTop: '4px',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  p: { margin: 0 },
})

/**
 * Host-key consent: shows each client's name, address and the SHA256 fingerprint it presented, explains
 * what trusting means, trusts exactly those keys, then offers to run the job again on those hosts.
 */
export const HostKeyDialog = observer(function HostKeyDialog(props: {
  jobId: number
  resourceIds: number[]
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const job = root.jobs.get(props.jobId)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [trusted, setTrusted] = useState<number[] | null>(null)
  const hosts = (job?.hostList ?? []).filter(
    (h) => props.resourceIds.includes(h.resourceId) && h.fingerprint !== null,
  )
  const n = hosts.length

  const trust = async () => {
    setBusy(true)
    setError(null)
    const done: number[] = []
    try {
      for (const h of hosts) {
        await root.access.trustHostKey(h.resourceId, h.fingerprint!)
        done.push(h.resourceId)
      }
      setTrusted(done)
    } catch (err) {
      setError((err as Error).message)
      if (done.length) setTrusted(done)
    } finally {
      setBusy(false)
    }
  }

  const rerun = async () => {
    if (!trusted) return
    setBusy(true)
    try {
      const v = await root.jobs.rerun(props.jobId, trusted)
      for (const d of root.ui.dialogs)
        if (d.kind === 'job' && d.jobId === props.jobId) root.ui.closeDialog(d.key)
      props.onClose()
      root.ui.openDialog({ kind: 'job', jobId: v.summary.id })
    } catch (err) {
      setError((err as Error).message)
      setBusy(false)
    }
  }

  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface className={styles.surface} data-testid="host-key-dialog" aria-label="Trust host key">
        <DialogBody>
          <DialogTitle>{n === 1 ? 'Trust this host key?' : `Trust ${n} host keys?`}</DialogTitle>
          <DialogContent className={styles.content}>
            <div className={styles.intro}>
              <ShieldKeyholeRegular className={styles.icon} aria-hidden />
              <p className={styles.p}>
                Patchbay has not connected to {n === 1 ? 'this client' : 'these clients'} before, so it cannot
                tell whether the key {n === 1 ? 'it' : 'each'} presented really belongs to{' '}
                {n === 1 ? 'it' : 'them'}. Compare each fingerprint with the one the machine itself shows (on
                the client:{' '}
                <span className={styles.code}>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</span>
                ).
              </p>
            </div>
            <div className={styles.keys}>
              {hosts.map((h) => {
                const r = root.resources.byId.get(h.resourceId)
                return (
                  <div key={h.resourceId} className={styles.key} data-testid="host-key-entry">
                    <span className={styles.label}>Client</span>
                    <strong>{h.name}</strong>
                    <span className={styles.label}>Address</span>
                    <span>
                      {h.address}
                      {r ? `, port ${r.port}` : ''}
                    </span>
                    <span className={styles.label}>Fingerprint</span>
                    <span className={styles.fingerprint} data-testid="host-key-fingerprint">
                      {h.fingerprint}
                    </span>
                  </div>
                )
              })}
            </div>
            <p className={styles.p}>
              Trusting records {n === 1 ? 'this key' : 'these keys'} for the site. From then on Patchbay
              connects only when the client presents the same key; a different key is refused until an
              administrator removes the old one from the client’s Properties › Access.
            </p>
            {error && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {trusted && (
              <MessageBar intent="success" data-testid="host-key-trusted">
                <MessageBarBody>
                  <MessageBarTitle>Trusted {plural(trusted.length, 'host key')}.</MessageBarTitle>
                  Run the job again on {trusted.length === 1 ? 'this host' : 'these hosts'}?
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {trusted ? (
              <>
                <Button
                  appearance="primary"
                  onClick={() => void rerun()}
                  disabled={busy}
                  data-testid="host-key-rerun"
                >
                  Run Again
                </Button>
                <Button onClick={props.onClose}>Close</Button>
              </>
            ) : (
              <>
                <Button
                  appearance="primary"
                  onClick={() => void trust()}
                  disabled={busy || n === 0}
                  data-testid="host-key-trust"
                >
                  {n === 1 ? 'Trust' : `Trust ${n} Keys`}
                </Button>
                <Button onClick={props.onClose}>Cancel</Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
