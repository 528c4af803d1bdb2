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
} from '../stores/commands'
import { ColumnsMenu } from './columns-menu'

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
