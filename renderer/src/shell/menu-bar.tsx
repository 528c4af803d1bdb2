import {
  Button,
  makeStyles,
  Menu,
  MenuDivider,
  MenuItem,
  MenuItemCheckbox,
  MenuList,
  MenuPopover,
  MenuTrigger,
  tokens,
} from '@fluentui/react-components'
import { DatabaseRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { useRoot } from '../store-context'
import {
  canDeleteCurrent,
  canOpenProperties,
  deleteCurrent,
  newEntries,
  propertiesOfCurrent,
  refreshAll,
  commandsOfCurrent,
} from './commands'
import { findNode } from './tree-model'
import { AboutDialog } from './about-dialog'
import { SiteSettingsDialog } from './site-settings-dialog'

const useStyles = makeStyles({
  title: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '4px 10px',
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  },
  appName: { fontWeight: tokens.fontWeightSemibold },
  path: { opacity: 0.85, overflow: 'hidden', textOverflow: 'ellipsis' },
  menus: { display: 'flex', gap: '0', padding: '1px 4px', background: tokens.colorNeutralBackground2 },
  menuButton: { minWidth: 'auto', fontWeight: tokens.fontWeightRegular, padding: '2px 8px' },
})

/** The window title (console › path) and the File / Action / View / Help menus. */
export const MenuBar = observer(function MenuBar() {
  const root = useRoot()
  const styles = useStyles()
  const { ui } = root
  const [about, setAbout] = useState(false)
  const [settings, setSettings] = useState(false)
  const found = findNode(ui.tree, ui.selectedNodeId)
  const path = found
    ? [...found.ancestors.map((a) => findNode(ui.tree, a)?.node.label ?? a), found.node.label].join(' \\ ')
    : ''
  const commands = commandsOfCurrent(root)
  const top = (label: string, children: React.ReactNode) => (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" size="small" className={styles.menuButton}>
          {label}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>{children}</MenuList>
      </MenuPopover>
    </Menu>
  )
  return (
    <header>
      <div className={styles.title}>
        <DatabaseRegular fontSize={16} />
        <span className={styles.appName}>Patchbay Administrator Console</span>
        <span className={styles.path} data-testid="title-path">
          — [{path}]
        </span>
      </div>
      <nav className={styles.menus} aria-label="Menu bar">
        {top(
          'File',
          <>
            <MenuItem onClick={() => refreshAll(root)}>Refresh all (F5)</MenuItem>
            <MenuItem onClick={() => window.location.reload()}>Reload console</MenuItem>
            <MenuDivider />
            <MenuItem onClick={() => setSettings(true)}>Site Settings…</MenuItem>
            <MenuDivider />
            <MenuItem onClick={() => root.clientImport.show()}>Import Clients…</MenuItem>
            <MenuItem onClick={() => root.lab.show()}>Lab Fleet (simulated)…</MenuItem>
            <MenuItem onClick={() => root.webhooks.show()}>Webhooks…</MenuItem>
          </>,
        )}
        {top(
          'Action',
          <>
            <Menu>
              <MenuTrigger disableButtonEnhancement>
                <MenuItem>New</MenuItem>
              </MenuTrigger>
              <MenuPopover>
                <MenuList>
                  {newEntries(root).map((e) => (
                    <MenuItem key={e.id} onClick={e.run}>
                      {e.label}
                    </MenuItem>
                  ))}
                </MenuList>
              </MenuPopover>
            </Menu>
            <Menu>
              <MenuTrigger disableButtonEnhancement>
                <MenuItem disabled={commands.length === 0}>All Tasks</MenuItem>
              </MenuTrigger>
              <MenuPopover>
                <MenuList>
                  {commands.map((t) => (
                    <MenuItem key={t.id} onClick={t.run}>
                      {t.label}
                    </MenuItem>
                  ))}
                </MenuList>
              </MenuPopover>
            </Menu>
            <MenuDivider />
            <MenuItem disabled={!canDeleteCurrent(root)} onClick={() => deleteCurrent(root)}>
              Delete
            </MenuItem>
            <MenuItem onClick={() => refreshAll(root)}>Refresh</MenuItem>
            <MenuDivider />
            <MenuItem disabled={!canOpenProperties(root)} onClick={() => propertiesOfCurrent(root)}>
              Properties
            </MenuItem>
          </>,
        )}
        <Menu
          checkedValues={{
            view: [...(ui.detailsOpen ? ['details'] : []), ...(ui.theme === 'dark' ? ['dark'] : [])],
          }}
          onCheckedValueChange={(_, d) => {
            if (d.checkedItems.includes('details') !== ui.detailsOpen) ui.toggleDetails()
            if (d.checkedItems.includes('dark') !== (ui.theme === 'dark')) ui.toggleTheme()
          }}
        >
          <MenuTrigger disableButtonEnhancement>
            <Button appearance="subtle" size="small" className={styles.menuButton}>
              View
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItemCheckbox name="view" value="details">
                Details pane
              </MenuItemCheckbox>
              <MenuItemCheckbox name="view" value="dark">
                Dark theme
              </MenuItemCheckbox>
            </MenuList>
          </MenuPopover>
        </Menu>
        {top('Help', <MenuItem onClick={() => setAbout(true)}>About Patchbay</MenuItem>)}
      </nav>
      {about && <AboutDialog onClose={() => setAbout(false)} />}
      {settings && <SiteSettingsDialog onClose={() => setSettings(false)} />}
    </header>
  )
})
