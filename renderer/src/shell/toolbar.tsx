import {
  Button,
  Input,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  SplitButton,
  Toolbar as FluentToolbar,
  ToolbarDivider,
  Tooltip,
  tokens,
} from '@fluentui/react-components'
import {
  AddRegular,
  ArrowSyncRegular,
  DesktopPulseRegular,
  WindowConsoleRegular,
  ArrowClockwiseRegular,
  DeleteRegular,
  DismissRegular,
  DocumentBulletListRegular,
  PanelBottomExpandRegular,
  SearchRegular,
  WeatherMoonRegular,
  WeatherSunnyRegular,
} from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useRoot } from '../store-context'
import {
  canDeleteCurrent,
  canOpenProperties,
  deleteCurrent,
  newEntries,
  propertiesOfCurrent,
  refreshAll,
} from './commands'
import { ColumnsMenu } from './columns-menu'
import {
  clientTargetsOfCurrent,
  openResourceExplorer,
  selectedClientId,
  startJob,
} from '../features/client-jobs/client-commands'

const useStyles = makeStyles({
  bar: {
    padding: '2px 10px 2px 6px',
    gap: '2px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground2,
    marginBottom: '4px',
  },
  spacer: { flexGrow: 1 },
  filter: { width: '260px' },
})

/** The toolbar: New ▾, Properties, Delete, Refresh, details and columns, filter box, theme toggle. */
export const Toolbar = observer(function Toolbar() {
  const root = useRoot()
  const styles = useStyles()
  const { ui } = root
  const entries = newEntries(root)
  const clients = clientTargetsOfCurrent(root)
  const explorerId = selectedClientId(root)
  return (
    <FluentToolbar className={styles.bar} size="small" aria-label="Console toolbar">
      <Menu positioning="below-start">
        <MenuTrigger disableButtonEnhancement>
          {(triggerProps) => (
            <SplitButton
              size="small"
              appearance="subtle"
              icon={<AddRegular />}
              menuButton={{ ...triggerProps, 'aria-label': 'New menu' } as never}
              primaryActionButton={{ onClick: () => entries[0]!.run(), 'data-testid': 'new-button' } as never}
            >
              New
            </SplitButton>
          )}
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {entries.map((e) => (
              <MenuItem key={e.id} onClick={e.run} data-testid={`new-${e.id}`}>
                {e.label}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <Button
        appearance="subtle"
        size="small"
        icon={<DocumentBulletListRegular />}
        disabled={!canOpenProperties(root)}
        onClick={() => propertiesOfCurrent(root)}
      >
        Properties
      </Button>
      <Button
        appearance="subtle"
        size="small"
        icon={<DeleteRegular />}
        disabled={!canDeleteCurrent(root)}
        onClick={() => deleteCurrent(root)}
      >
        Delete
      </Button>
      <Button
        appearance="subtle"
        size="small"
        icon={<ArrowClockwiseRegular />}
        onClick={() => refreshAll(root)}
        title="Refresh (F5)"
      >
        Refresh
      </Button>
      <ToolbarDivider />
      <Button
        appearance="subtle"
        size="small"
        icon={<ArrowSyncRegular />}
        disabled={!clients}
        onClick={() => clients && startJob(root, { kind: 'scan', force: false }, clients.targets)}
        title={
          clients ? `Scan ${clients.label} for software updates` : 'Select clients or a collection to scan'
        }
        data-testid="toolbar-scan"
      >
        Scan Now
      </Button>
      <Button
        appearance="subtle"
        size="small"
        icon={<WindowConsoleRegular />}
        disabled={!clients}
        onClick={() => clients && ui.openDialog({ kind: 'run-command', ...clients })}
        data-testid="toolbar-run-command"
      >
        Run Command…
      </Button>
      <Button
        appearance="subtle"
        size="small"
        icon={<DesktopPulseRegular />}
        disabled={explorerId === null}
        onClick={() => explorerId !== null && openResourceExplorer(root, explorerId)}
        title="Start Resource Explorer for the selected client"
        data-testid="toolbar-resource-explorer"
      >
        Resource Explorer
      </Button>
      <ToolbarDivider />
      <Button
        appearance={ui.detailsOpen ? 'secondary' : 'subtle'}
        size="small"
        icon={<PanelBottomExpandRegular />}
        aria-pressed={ui.detailsOpen}
        onClick={ui.toggleDetails}
        data-testid="details-toggle"
      >
        Details
      </Button>
      <ColumnsMenu />
      <div className={styles.spacer} />
      <Input
        className={styles.filter}
        size="small"
        placeholder="Filter (Ctrl+F)"
        aria-label="Filter"
        data-testid="filter-box"
        value={ui.results.filterText}
        onChange={(_, d) => ui.results.setFilter(d.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') ui.results.setFilter('')
        }}
        contentBefore={<SearchRegular />}
        contentAfter={
          ui.results.filterText ? (
            <Button
              appearance="transparent"
              size="small"
              icon={<DismissRegular />}
              aria-label="Clear filter"
              onClick={() => ui.results.setFilter('')}
            />
          ) : undefined
        }
      />
      <Tooltip
        content={ui.theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        relationship="label"
      >
        <Button
          appearance="subtle"
          size="small"
          icon={ui.theme === 'dark' ? <WeatherSunnyRegular /> : <WeatherMoonRegular />}
          onClick={ui.toggleTheme}
          data-testid="theme-toggle"
        />
      </Tooltip>
    </FluentToolbar>
  )
})
