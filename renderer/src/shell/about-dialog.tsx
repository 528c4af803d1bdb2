import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useRoot } from '../store-context'

/** Help › About: the console and the site it is connected to. */
export const AboutDialog = observer(function AboutDialog({ onClose }: { onClose: () => void }) {
  const { site, transport } = useRoot()
  const info = site.info
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>About Patchbay</DialogTitle>
          <DialogContent>
            <p>Patchbay Administrator Console — agentless patch management for Windows and Linux fleets.</p>
            {info && (
              <p>
                Site {info.code} – {info.name}, {info.dbKind} schema v{info.schemaVersion}, at {info.location}
                . Front door: {transport.frontDoor}.
              </p>
            )}
            {info?.localFolders && (
              <p data-testid="local-folders">
                File and folder fields may name only these folders on this machine:{' '}
                {info.localFolders
                  .map((f) => (f.access === 'read' ? `${f.path} (read only)` : f.path))
                  .join(', ')}
                . Start the console with --allow-folder DIR to add one.
              </p>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              OK
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
