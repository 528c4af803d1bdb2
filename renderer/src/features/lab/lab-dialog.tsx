import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import type { LabStatusDto } from '../../../../shared/dto/lab'
import { formatTime } from '../../lib/format'
import { useAsyncAction } from '../../shell/dialogs/use-async-action'
import { useRoot } from '../../store-context'
import { useToolStyles } from './console-tool-styles'

function counts(map: Record<string, number>): string {
  const parts = Object.entries(map).map(([k, n]) => `${n} ${k}`)
  return parts.length ? parts.join(', ') : 'none'
}

/** What a running fleet is, in label/value rows. */
function Facts({ status }: { status: LabStatusDto }) {
  const s = useToolStyles()
  const rows: [string, string][] = [
    ['Hosts', `${status.hosts} (seed ${status.seed})`],
    ['Listening', status.ports ? `${status.address} ports ${status.ports[0]}–${status.ports[1]}` : ''],
    ['Collection', `${status.collection ?? ''} (${status.collectionId ?? ''})`],
    ['Platforms', counts(status.platforms)],
    ['Faults', counts(status.faults)],
    ['Started', formatTime(status.startedAt)],
  ]
  return (
    <div className={s.facts} data-testid="lab-facts">
      {rows.map(([label, value]) => (
        <span key={label} style={{ display: 'contents' }}>
          <span className={s.label}>{label}</span>
          <span>{value}</span>
        </span>
      ))}
    </div>
  )
}

/** Lab Fleet (simulated): start or stop the simulated hosts this console serves on 127.0.0.1. */
export const LabDialog = observer(function LabDialog() {
  const root = useRoot()
  if (!root.lab.open) return null
  return <LabForm />
})

const LabForm = observer(function LabForm() {
  const root = useRoot()
  const lab = root.lab
  const s = useToolStyles()
  const { busy, error, run } = useAsyncAction()
  const [hosts, setHosts] = useState('10')
  const [seed, setSeed] = useState('1')
  const [windowsShare, setWindowsShare] = useState('0.3')
  const [faults, setFaults] = useState('')
  const [collection, setCollection] = useState('Lab fleet')
  const status = lab.status
  const running = status?.running === true
  const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text))
  const start = () =>
    run(async () => {
      const r = await lab.start({
        hosts: num(hosts),
        seed: num(seed),
        windowsShare: num(windowsShare),
        faults,
        collection,
      })
      root.ui.notify(`Lab fleet started: ${r.hosts} simulated hosts in ${r.collection}.`)
    })
  const stop = () =>
    run(async () => {
      await lab.stop()
      root.ui.notify('Lab fleet stopped; its simulated clients stay in the site.')
    })
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && lab.close()}>
      <DialogSurface className={s.surface} data-testid="lab-dialog" aria-label="Lab Fleet (simulated)">
        <DialogBody>
          <DialogTitle>
            Lab Fleet{' '}
            <Badge appearance="tint" color="warning">
              simulated
            </Badge>
          </DialogTitle>
          <DialogContent>
            <div className={s.form}>
              <Text className={s.intro}>
                Simulated SSH hosts served by this console on 127.0.0.1 for demos and training — not real
                machines. They join the collection as SIMULATED clients; scan them with consent to their host
                keys. Stopping the fleet (or closing the console) keeps the clients.
              </Text>
              {status === null ? (
                <Text>Loading…</Text>
              ) : running ? (
                <>
                  <Text weight="semibold" data-testid="lab-state">
                    Running
                  </Text>
                  <Facts status={status} />
                </>
              ) : (
                <>
                  <Text weight="semibold" data-testid="lab-state">
                    Not running
                  </Text>
                  <div className={s.row}>
                    <Field label="Hosts" className={s.narrow} hint="1–500">
                      <Input value={hosts} onChange={(_, d) => setHosts(d.value)} inputMode="numeric" />
                    </Field>
                    <Field label="Seed" className={s.narrow}>
                      <Input value={seed} onChange={(_, d) => setSeed(d.value)} inputMode="numeric" />
                    </Field>
                    <Field label="Windows share" className={s.narrow} hint="0–1">
                      <Input value={windowsShare} onChange={(_, d) => setWindowsShare(d.value)} />
                    </Field>
                  </div>
                  <Field label="Faults" hint="e.g. unreachable=0.05,slow=0.05 (fractions or percentages)">
                    <Input value={faults} onChange={(_, d) => setFaults(d.value)} placeholder="(none)" />
                  </Field>
                  <Field label="Collection">
                    <Input value={collection} onChange={(_, d) => setCollection(d.value)} />
                  </Field>
                </>
              )}
              {error && (
                <MessageBar intent="error" layout="multiline" data-testid="lab-error">
                  <MessageBarBody>{error}</MessageBarBody>
                </MessageBar>
              )}
            </div>
          </DialogContent>
          <DialogActions>
            {running ? (
              <Button appearance="primary" disabled={busy} onClick={() => void stop()}>
                Stop Fleet
              </Button>
            ) : (
              <Button appearance="primary" disabled={busy || status === null} onClick={() => void start()}>
                Start Fleet
              </Button>
            )}
            <Button onClick={lab.close}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
