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
  Tab,
  TabList,
  tokens,
} from '@fluentui/react-components'
import type { ReactNode } from 'react'
import type { FormState } from './use-form'

const useStyles = makeStyles({
  surface: { padding: '16px 20px', maxWidth: 'calc(100vw - 40px)' },
  content: { display: 'flex', flexDirection: 'column', gap: '10px', minHeight: '360px' },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: '10px',
    padding: '12px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    background: tokens.colorNeutralBackground1,
    overflow: 'auto',
    maxHeight: 'calc(100vh - 260px)',
  },
})

/** A tab of a property sheet. */
export interface SheetTab {
  id: string
  label: string
}

/** An SMS-style property sheet: title, tabs (none for a one-page sheet), error bar, OK / Cancel / Apply. */
export function PropertySheet(props: {
  title: string
  testId: string
  tabs?: SheetTab[]
  tab?: string
  onTab?: (id: string) => void
  form: FormState
  width?: number
  onOk: () => void
  onCancel: () => void
  onApply?: () => void
  okLabel?: string
  children: ReactNode
}) {
  const styles = useStyles()
  const { form } = props
  const clientErrors = Object.values(form.fieldErrors)
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && props.onCancel()}>
      <DialogSurface
        className={styles.surface}
        style={{ width: props.width ?? 640 }}
        data-testid={props.testId}
        aria-label={props.title}
      >
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent className={styles.content}>
            {props.tabs && props.tabs.length > 1 && (
              <TabList
                size="small"
                selectedValue={props.tab}
                onTabSelect={(_, d) => props.onTab?.(String(d.value))}
              >
                {props.tabs.map((t) => (
                  <Tab key={t.id} value={t.id}>
                    {t.label}
                  </Tab>
                ))}
              </TabList>
            )}
            {form.serviceError && (
              <MessageBar intent="error" data-testid="dialog-error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>The site rejected the change</MessageBarTitle>
                  {form.serviceError.message}
                </MessageBarBody>
              </MessageBar>
            )}
            {!form.serviceError && clientErrors.length > 0 && (
              <MessageBar intent="error" data-testid="dialog-error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>
                    Please correct{' '}
                    {clientErrors.length === 1 ? 'this' : `these ${clientErrors.length} problems`}
                  </MessageBarTitle>
                  {clientErrors.slice(0, 3).join(' · ')}
                </MessageBarBody>
              </MessageBar>
            )}
            <div className={styles.panel} role="tabpanel">
              {props.children}
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onOk} disabled={form.busy} data-testid="dialog-ok">
              {props.okLabel ?? 'OK'}
            </Button>
            <Button onClick={props.onCancel} disabled={form.busy}>
              Cancel
            </Button>
            {props.onApply && (
              <Button onClick={props.onApply} disabled={form.busy} data-testid="dialog-apply">
                Apply
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}

/** Styles shared by the dialogs' forms. */
export const useFormStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '10px 16px' },
  row3: { display: 'grid', gridTemplateColumns: '2fr 1fr 1fr', gap: '10px 16px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  section: { fontWeight: tokens.fontWeightSemibold, marginTop: '4px' },
  inline: { display: 'flex', gap: '8px', alignItems: 'end', flexWrap: 'wrap' },
})
