import {
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  tokens,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import { useRoot } from '../store-context'
import { refreshAll } from './commands'
import { ConfirmDialog } from './confirm-dialog'
import { DetailsPane } from './details-pane'
import { ResourceExplorer } from '../features/resources/explorer/resource-explorer'
import { DialogHost } from './dialog-host'
import { MenuBar } from './menu-bar'
import { NodeTree } from './node-tree'
import { ResultsPane } from './results-pane'
import { StatusBar } from './status-bar'
import { Toolbar } from './toolbar'

const useStyles = makeStyles({
  shell: {
    height: '100%',
    display: 'grid',
    gridTemplateRows: 'auto auto minmax(0, 1fr) auto',
    background: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
  },
  explorerShell: {
    height: '100%',
    display: 'grid',
    gridTemplateRows: 'auto minmax(0, 1fr) auto',
    background: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
  },
  main: {
    display: 'grid',
    gridTemplateColumns: '290px minmax(0, 1fr)',
    gap: '4px',
    padding: '0 4px',
    minHeight: 0,
  },
  right: { display: 'flex', flexDirection: 'column', gap: '4px', minHeight: 0, minWidth: 0 },
  center: {
    height: '100%',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: '24px',
  },
})

/** The console window: menu and toolbar on top, tree left, results (and details) right, status bar below. */
export const ConsoleShell = observer(function ConsoleShell() {
  const root = useRoot()
  const styles = useStyles()
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F5') {
        e.preventDefault()
        refreshAll(root)
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f' && root.ui.dialogs.length === 0) {
        e.preventDefault()
        document
          .querySelector<HTMLInputElement>(
            'input[data-testid="filter-box"], [data-testid="filter-box"] input',
          )
          ?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [root])
  if (root.loadError)
    return (
      <div className={styles.center}>
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Cannot open the site</MessageBarTitle>
            {root.loadError}
          </MessageBarBody>
        </MessageBar>
      </div>
    )
  if (!root.started)
    return (
      <div className={styles.center}>
        <Spinner label="Connecting to the site…" />
      </div>
    )
  if (root.explorer)
    return (
      <div className={styles.explorerShell} data-testid="console">
        <MenuBar />
        <ResourceExplorer explorer={root.explorer} onClose={() => root.openExplorer(null)} />
        <StatusBar />
        <DialogHost />
        <ConfirmDialog />
      </div>
    )
  return (
    <div className={styles.shell} data-testid="console">
      <MenuBar />
      <Toolbar />
      <div className={styles.main}>
        <NodeTree />
        <div className={styles.right}>
          <ResultsPane />
          {root.ui.detailsOpen && <DetailsPane />}
        </div>
      </div>
      <StatusBar />
      <DialogHost />
      <ConfirmDialog />
    </div>
  )
})
