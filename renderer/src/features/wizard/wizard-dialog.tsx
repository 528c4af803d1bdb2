import {
  Button,
  Dialog,
  DialogSurface,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components'
import { CheckmarkRegular, ChevronRightRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useEffect, useRef, useState } from 'react'
import { useRoot } from '../../store-context'
import { wizardPages } from './wizard-steps'
import type { WizardStore } from './wizard-store'
import { WizardPageBody } from './wizard-pages'

const useStyles = makeStyles({
  surface: {
    width: '1080px',
    maxWidth: 'calc(100vw - 32px)',
    height: '640px',
    maxHeight: 'calc(100vh - 32px)',
    padding: 0,
    display: 'grid',
    gridTemplateColumns: '210px minmax(0, 1fr)',
    gridTemplateRows: 'minmax(0, 1fr) auto',
    overflow: 'hidden',
  },
  steps: {
    gridRow: '1 / 3',
    background: tokens.colorBrandBackground2,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: '18px 10px',
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    overflowY: 'auto',
  },
  brand: { fontWeight: tokens.fontWeightSemibold, padding: '0 8px 12px', lineHeight: '1.3' },
  step: {
    display: 'flex',
    gap: '6px',
    alignItems: 'center',
    padding: '3px 8px',
    borderRadius: '4px',
    color: tokens.colorNeutralForeground3,
  },
  stepDone: { color: tokens.colorNeutralForeground2 },
  stepNow: {
    background: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  icon: { width: '14px', flexShrink: 0 },
  main: { display: 'flex', flexDirection: 'column', minHeight: 0, padding: '18px 22px 8px' },
  head: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: '10px',
    marginBottom: '12px',
  },
  title: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, display: 'block' },
  explain: { color: tokens.colorNeutralForeground2 },
  body: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: '10px',
  },
  bar: {
    gridColumn: '2',
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '10px 22px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground2,
  },
  hint: {
    flexGrow: 1,
    color: tokens.colorNeutralForeground3,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
})

/** The Distribute Software Updates wizard: step list, page title and explanation, the page, Back/Next/Cancel. */
export const WizardDialog = observer(function WizardDialog() {
  const root = useRoot()
  const w = root.wizard.current
  if (!w) return null
  return <WizardFrame w={w} />
})

const WizardFrame = observer(function WizardFrame({ w }: { w: WizardStore }) {
  const styles = useStyles()
  const root = useRoot()
  const [confirming, setConfirming] = useState(false)
  const meta = wizardPages[w.page]
  const cancel = () => {
    if (w.page === 'done') return w.close()
    // Once something was fetched, Cancel asks first: it removes what was downloaded.
    if (w.hasWork && !confirming) return setConfirming(true)
    setConfirming(false)
    void w.cancel().catch(root.ui.reportError)
  }
  const surface = useRef<HTMLDivElement>(null)
  const onKey = useRef<(e: KeyboardEvent) => void>(() => undefined)
  onKey.current = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement
    // Keys inside a dialog opened over the wizard (update Properties) are that dialog's.
    const inOther = target.closest?.('[role=dialog],[role=alertdialog]')
    if (inOther && surface.current && !surface.current.contains(target)) return
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      if (confirming) setConfirming(false)
      else cancel()
    } else if (
      e.key === 'Enter' &&
      !e.shiftKey &&
      target.tagName !== 'TEXTAREA' &&
      target.tagName !== 'BUTTON'
    ) {
      e.preventDefault()
      void w.next()
    } else if (e.altKey && (e.key === 'n' || e.key === 'N')) {
      e.preventDefault()
      void w.next()
    } else if (e.altKey && (e.key === 'b' || e.key === 'B')) {
      e.preventDefault()
      w.back()
    }
  }
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e)
    document.addEventListener('keydown', listener, true)
    return () => document.removeEventListener('keydown', listener, true)
  }, [])
  const visible = w.pages
  return (
    <Dialog open modalType="alert">
      <DialogSurface className={styles.surface} aria-label="Distribute Software Updates Wizard" ref={surface}>
        <nav className={styles.steps} aria-label="Wizard steps">
          <Text className={styles.brand}>Distribute Software Updates Wizard</Text>
          {visible.map((p, i) => (
            <div
              key={p}
              className={`${styles.step} ${i < w.pageIndex ? styles.stepDone : ''} ${i === w.pageIndex ? styles.stepNow : ''}`}
              aria-current={i === w.pageIndex ? 'step' : undefined}
            >
              <span className={styles.icon}>
                {i < w.pageIndex ? <CheckmarkRegular /> : i === w.pageIndex ? <ChevronRightRegular /> : null}
              </span>
              {wizardPages[p].title}
            </div>
          ))}
        </nav>
        <section className={styles.main}>
          <header className={styles.head}>
            <Text as="h2" className={styles.title} data-testid="wizard-title">
              {meta.title}
            </Text>
            <Text className={styles.explain}>{meta.explain}</Text>
          </header>
          <div className={styles.body}>
            {confirming && (
              <MessageBar intent="warning">
                <MessageBarBody>
                  Cancel the wizard? The files it downloaded
                  {w.createdFolder ? ' and the folder it created' : ''} will be removed. Choose Cancel again
                  to confirm, or Esc to stay.
                </MessageBarBody>
              </MessageBar>
            )}
            {w.error && (
              <MessageBar intent="error">
                <MessageBarBody data-testid="wizard-error">{w.error}</MessageBarBody>
              </MessageBar>
            )}
            <WizardPageBody w={w} />
          </div>
        </section>
        <footer className={styles.bar}>
          <Text className={styles.hint} data-testid="wizard-blocker">
            {w.busy ? '' : (w.page !== 'done' && w.page !== 'progress' && w.blocker) || ''}
          </Text>
          {w.busy && <Spinner size="tiny" />}
          <Button onClick={() => w.back()} disabled={!w.canBack} title="Alt+B" aria-label="Back">
            <u>B</u>ack
          </Button>
          <Button
            appearance="primary"
            onClick={() => void w.next()}
            disabled={w.busy || !!w.blocker}
            aria-label={w.nextLabel}
            title={w.nextLabel === 'Next' ? 'Alt+N or Enter' : 'Enter'}
          >
            {w.nextLabel === 'Next' ? (
              <>
                <u>N</u>ext
              </>
            ) : (
              w.nextLabel
            )}
          </Button>
          <Button onClick={cancel} disabled={w.page === 'done'}>
            {confirming ? 'Cancel wizard' : 'Cancel'}
          </Button>
        </footer>
      </DialogSurface>
    </Dialog>
  )
})
