import { Menu, MenuDivider, MenuItem, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components'
import { useMemo } from 'react'

/** An entry of a context menu: a command, a submenu, or a divider. */
export type MenuEntry =
  | { id: string; label: string; run: () => void; disabled?: boolean; bold?: boolean }
  | { id: string; label: string; submenu: MenuEntry[] }
  | { id: string; divider: true }

/** A right-click menu opened at a screen point (controlled: anchor null = closed). */
export function ContextMenu({
  anchor,
  onClose,
  entries,
  label,
}: {
  anchor: { x: number; y: number } | null
  onClose: () => void
  entries: MenuEntry[]
  label: string
}) {
  const target = useMemo(
    () => (anchor ? { getBoundingClientRect: () => new DOMRect(anchor.x, anchor.y, 0, 0) } : null),
    [anchor],
  )
  if (!anchor || !target) return null
  return (
    <Menu
      open
      onOpenChange={(_, d) => !d.open && onClose()}
      positioning={{ target, position: 'below', align: 'start' }}
    >
      <MenuPopover>
        <MenuList aria-label={label} data-testid="context-menu">
          {renderEntries(entries, onClose)}
        </MenuList>
      </MenuPopover>
    </Menu>
  )
}

function renderEntries(entries: MenuEntry[], onClose: () => void): React.ReactNode {
  return entries.map((e) => {
    if ('divider' in e) return <MenuDivider key={e.id} />
    if ('submenu' in e)
      return (
        <Menu key={e.id}>
          <MenuTrigger disableButtonEnhancement>
            <MenuItem disabled={e.submenu.length === 0}>{e.label}</MenuItem>
          </MenuTrigger>
          <MenuPopover>
            <MenuList aria-label={e.label}>{renderEntries(e.submenu, onClose)}</MenuList>
          </MenuPopover>
        </Menu>
      )
    return (
      <MenuItem
        key={e.id}
        disabled={e.disabled}
        style={e.bold ? { fontWeight: 600 } : undefined}
        onClick={() => {
          onClose()
          e.run()
        }}
      >
        {e.label}
      </MenuItem>
    )
  })
}
