import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { useRoot } from '../store-context'

/** The confirmation the UI store asks for (deletes); a failure is shown and the dialog stays. */
export const ConfirmDialog = observer(function ConfirmDialog() {
  const { ui } = useRoot()
  const request = ui.confirm
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!request) return null
  const close = () => {
    setError(null)
    ui.closeConfirm()
  }
  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      await request.run()
      close()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && close()}>
      <DialogSurface style={{ maxWidth: 460 }} data-testid="confirm-dialog">
        <DialogBody>
          <DialogTitle>{request.title}</DialogTitle>
          <DialogContent>
            <p>{request.message}</p>
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => void confirm()} disabled={busy}>
              {request.confirmLabel}
            </Button>
            <Button onClick={close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
