import {
  Button,
  Checkbox,
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
import { useRoot } from '../../store-context'
import { useAsyncAction } from '../../shell/dialogs/use-async-action'

/** Choose the distribution points to copy a package to (the wizard's and the package's "select the distribution points"). */
const DistributeDialog = observer(function DistributeDialog(props: {
  packageId: string
  packageName: string
}) {
  const root = useRoot()
  const dp = root.distribution
  const [chosen, setChosen] = useState<number[]>([])
  const { busy, error, run } = useAsyncAction()
  const stateOn = (id: number) =>
    dp.status.find((s) => s.packageId === props.packageId && s.resourceId === id)?.state ?? ''
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && dp.close()}>
      <DialogSurface style={{ maxWidth: 520 }} data-testid="dp-distribute-dialog">
        <DialogBody>
          <DialogTitle>Distribute {props.packageName}</DialogTitle>
          <DialogContent>
            <Text block style={{ marginBottom: 8 }}>
              Select the distribution points that will be updated with this package. Files are sent over SFTP,
              resumed when interrupted and checked by SHA-256 on arrival.
            </Text>
            {dp.points.length === 0 && (
              <Text block italic>
                No resource has the distribution point role yet — give one the role in its Properties.
              </Text>
            )}
            {dp.points.map((p) => (
              <Checkbox
                key={p.id}
                checked={chosen.includes(p.id)}
                onChange={(_, d) =>
                  setChosen((c) => (d.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))
                }
                label={`${p.name} (${p.address}:${p.port}) — ${p.rootPath}${stateOn(p.id) ? ` · ${stateOn(p.id)}` : ''}`}
              />
            ))}
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={busy || chosen.length === 0}
              onClick={() =>
                void run(() => dp.run('distribute', props.packageId, chosen).then(() => dp.close()))
              }
            >
              Distribute
            </Button>
            <Button onClick={dp.close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})

/** A distribution point's settings: the remote folder it keeps packages in. */
const DpSettingsDialog = observer(function DpSettingsDialog(props: { resourceId: number }) {
  const root = useRoot()
  const dp = root.distribution
  const point = dp.points.find((p) => p.id === props.resourceId)
  const [path, setPath] = useState<string | null>(null)
  const { busy, error, run } = useAsyncAction()
  const value = path ?? point?.rootPath ?? ''
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && dp.close()}>
      <DialogSurface style={{ maxWidth: 520 }} data-testid="dp-settings-dialog">
        <DialogBody>
          <DialogTitle>Distribution Point Settings{point ? ` — ${point.name}` : ''}</DialogTitle>
          <DialogContent>
            <Field
              label="Package folder on the distribution point"
              hint="Each package goes into <folder>/<package ID>. ~/… and relative paths are under the login's home."
              validationMessage={error ?? undefined}
            >
              <Input value={value} onChange={(_, d) => setPath(d.value)} />
            </Field>
            {point && (
              <Text block style={{ marginTop: 8 }}>
                {point.packages} packages here: {point.installed} installed, {point.failed} failed.
              </Text>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={busy || value.trim() === ''}
              onClick={() => void run(() => dp.setRoot(props.resourceId, value).then(() => dp.close()))}
            >
              OK
            </Button>
            <Button onClick={dp.close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})

/** The open distribution dialog, if any. */
export const DistributionDialogs = observer(function DistributionDialogs() {
  const root = useRoot()
  const d = root.distribution.dialog
  if (!d) return null
  if (d.kind === 'distribute') return <DistributeDialog packageId={d.packageId} packageName={d.packageName} />
  return <DpSettingsDialog resourceId={d.resourceId} />
})
