import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Textarea,
  tokens,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { execInput } from '../../../../shared/dto/job'
import { useRoot } from '../../store-context'
import type { JobTargets } from './job-store'

const useStyles = makeStyles({
  surface: { width: '620px', maxWidth: 'calc(100vw - 40px)', padding: '16px 20px' },
  content: { display: 'flex', flexDirection: 'column', gap: '12px' },
  command: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase300 },
  timeout: { width: '140px' },
  hint: { color: tokens.colorNeutralForeground3 },
})

/** Run Command…: a (multi-line) shell command and a timeout, run on the selected clients as a job. */
export const RunCommandDialog = observer(function RunCommandDialog(props: {
  targets: JobTargets
  label: string
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const [command, setCommand] = useState('')
  const [timeout, setTimeoutText] = useState('600')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [serviceError, setServiceError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async () => {
    const seconds = Number(timeout)
    const parsed = execInput.safeParse({
      targets: {
        resourceIds: props.targets.resourceIds ?? [],
        collectionId: props.targets.collectionId ?? null,
      },
      command,
      timeoutSeconds: seconds,
    })
    if (!parsed.success) {
      const next: Record<string, string> = {}
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message
      if (next.timeoutSeconds) next.timeoutSeconds = 'Timeout must be 1–86,400 seconds'
      setErrors(next)
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const v = await root.jobs.start(
        { kind: 'exec', command: parsed.data.command, timeoutSeconds: parsed.data.timeoutSeconds },
        props.targets,
      )
      props.onClose()
      root.ui.openDialog({ kind: 'job', jobId: v.summary.id })
    } catch (err) {
      setServiceError((err as Error).message)
      setBusy(false)
    }
  }

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface className={styles.surface} data-testid="run-command-dialog" aria-label="Run Command">
        <DialogBody>
          <DialogTitle>Run Command on {props.label}</DialogTitle>
          <DialogContent className={styles.content}>
            {serviceError && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>{serviceError}</MessageBarBody>
              </MessageBar>
            )}
            <Field
              label="Command"
              required
              validationMessage={errors.command}
              hint="Runs through the client's shell (sh on Linux, cmd.exe on Windows over OpenSSH). Ctrl+Enter runs it."
            >
              <Textarea
                className={styles.command}
                textarea={{ className: styles.command, spellCheck: false }}
                value={command}
                onChange={(_, d) => setCommand(d.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run()
                }}
                rows={6}
                resize="vertical"
                placeholder={'uptime\ndf -h /'}
                autoFocus
                data-testid="run-command-text"
              />
            </Field>
            <Field label="Timeout (seconds)" validationMessage={errors.timeoutSeconds}>
              <Input
                className={styles.timeout}
                value={timeout}
                onChange={(_, d) => setTimeoutText(d.value)}
                inputMode="numeric"
                data-testid="run-command-timeout"
              />
            </Field>
            <span className={styles.hint}>
              Each host’s exit code and output are kept with the job (System Status › Jobs).
            </span>
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={() => void run()}
              disabled={busy}
              data-testid="run-command-run"
            >
              Run
            </Button>
            <Button onClick={props.onClose} disabled={busy}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
