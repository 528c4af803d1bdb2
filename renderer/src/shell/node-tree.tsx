import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import { ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useEffect, useRef, useState } from 'react'
import { useRoot } from '../store-context'
import { confirmDeleteNode, newEntries, openNodeProperties, refreshAll, commandsForNode } from './commands'
import { parseNodeId } from './node-id'
import type { RootStore } from './root-store'
import type { VisibleNode } from './tree-model'
import { ContextMenu, type MenuEntry } from './context-menu'
import { NodeIcon } from './node-icon'

const useStyles = makeStyles({
  pane: {
    overflow: 'auto',
    background: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: '2px 0',
    outline: 'none',
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    height: '22px',
    paddingRight: '8px',
    cursor: 'default',
    whiteSpace: 'nowrap',
    userSelect: 'none',
    color: tokens.colorNeutralForeground1,
    ':hover': { background: tokens.colorSubtleBackgroundHover },
  },
  selected: {
    background: tokens.colorNeutralBackground1Selected,
    ':hover': { background: tokens.colorNeutralBackground1Selected },
  },
  selectedFocused: {
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { background: tokens.colorBrandBackgroundHover },
  },
  chevron: {
    width: '16px',
    display: 'inline-flex',
    justifyContent: 'center',
    flexShrink: 0,
    fontSize: '12px',
  },
  icon: { flexShrink: 0, color: tokens.colorBrandForeground1 },
  iconOnBrand: { color: tokens.colorNeutralForegroundOnBrand },
  count: { color: tokens.colorNeutralForeground3, marginLeft: '4px' },
})

/** The console tree (Site Database › Collections, Packages, …) with full keyboard support. */
export const NodeTree = observer(function NodeTree() {
  const root = useRoot()
  const { ui } = root
  const styles = useStyles()
  const ref = useRef<HTMLDivElement>(null)
  const [focused, setFocused] = useState(false)
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null)
  const rows = ui.visibleTree
  const index = rows.findIndex((r) => r.node.id === ui.selectedNodeId)

  useEffect(() => {
    ref.current
      ?.querySelector(`[data-node-id="${CSS.escape(ui.selectedNodeId)}"]`)
      ?.scrollIntoView({ block: 'nearest' })
  }, [ui.selectedNodeId])

  const onKeyDown = (e: React.KeyboardEvent) => {
    const current = rows[index]
    if (!current) return
    const isOpen = ui.expanded.has(current.node.id)
    const hasChildren = current.node.children.length > 0
    const go = (i: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, i))]
      if (r) ui.selectNode(r.node.id)
    }
    switch (e.key) {
      case 'ArrowDown':
        go(index + 1)
        break
      case 'ArrowUp':
        go(index - 1)
        break
      case 'Home':
        go(0)
        break
      case 'End':
        go(rows.length - 1)
        break
      case 'ArrowRight':
        if (hasChildren && !isOpen) ui.setExpanded(current.node.id, true)
        else if (hasChildren) go(index + 1)
        break
      case 'ArrowLeft':
        if (hasChildren && isOpen) ui.setExpanded(current.node.id, false)
        else if (current.parentId) ui.selectNode(current.parentId)
        break
      case 'Enter':
      case ' ':
        if (hasChildren) ui.setExpanded(current.node.id, !isOpen)
        break
      case '*':
        for (const c of current.node.children) ui.setExpanded(c.id, true)
        ui.setExpanded(current.node.id, true)
        break
      case 'Delete':
        confirmDeleteNode(root, current.node)
        break
      case 'ContextMenu': {
        const el = ref.current?.querySelector(`[data-node-id="${CSS.escape(current.node.id)}"]`)
        const rect = el?.getBoundingClientRect()
        if (rect) setMenu({ x: rect.left + 24, y: rect.bottom })
        break
      }
      default:
        return
    }
    e.preventDefault()
  }

  const node = ui.selectedNode
  const kind = parseNodeId(node.id)?.kind
  const objectNode = kind === 'collection' || kind === 'package'
  const entries: MenuEntry[] = [
    ...(objectNode
      ? [{ id: 'properties', label: 'Properties', run: () => openNodeProperties(root, node), bold: true }]
      : []),
    { id: 'new', label: 'New', submenu: newEntries(root) },
    { id: 'tasks', label: 'All Tasks', submenu: commandsForNode(root, node) },
    { id: 'd1', divider: true },
    { id: 'refresh', label: 'Refresh', run: () => refreshAll(root) },
    ...(objectNode ? [{ id: 'delete', label: 'Delete', run: () => confirmDeleteNode(root, node) }] : []),
  ]

  return (
    <div
      ref={ref}
      className={styles.pane}
      role="tree"
      aria-label="Console tree"
      tabIndex={0}
      aria-activedescendant={index >= 0 ? `tree-${index}` : undefined}
      onKeyDown={onKeyDown}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      data-testid="node-tree"
    >
      {rows.map((r, i) => (
        <TreeRow
          key={r.node.id}
          row={r}
          index={i}
          selected={r.node.id === ui.selectedNodeId}
          focused={focused}
          open={ui.expanded.has(r.node.id)}
          onToggle={() => ui.setExpanded(r.node.id, !ui.expanded.has(r.node.id))}
          onSelect={() => ui.selectNode(r.node.id)}
          onContext={(x, y) => {
            ui.selectNode(r.node.id)
            setMenu({ x, y })
          }}
          memberCount={memberCountOf(root, r.node.id)}
        />
      ))}
      <ContextMenu anchor={menu} onClose={() => setMenu(null)} entries={entries} label="Node actions" />
    </div>
  )
})

/** The member count a collection's tree row shows (undefined for other nodes). */
function memberCountOf(root: RootStore, nodeId: string): number | undefined {
  const node = parseNodeId(nodeId)
  return node?.kind === 'collection' ? root.collections.byId.get(node.id)?.memberCount : undefined
}

const TreeRow = observer(function TreeRow(props: {
  row: VisibleNode
  index: number
  selected: boolean
  focused: boolean
  open: boolean
  memberCount?: number
  onToggle: () => void
  onSelect: () => void
  onContext: (x: number, y: number) => void
}) {
  const styles = useStyles()
  const { row, selected, focused, open } = props
  const hasChildren = row.node.children.length > 0
  const onBrand = selected && focused
  return (
    <div
      id={`tree-${props.index}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={hasChildren ? open : undefined}
      data-node-id={row.node.id}
      className={mergeClasses(styles.item, selected && (focused ? styles.selectedFocused : styles.selected))}
      style={{ paddingLeft: 4 + row.depth * 16 }}
      onMouseDown={(e) => {
        if (e.button === 0) props.onSelect()
      }}
      onDoubleClick={() => hasChildren && props.onToggle()}
      onContextMenu={(e) => {
        e.preventDefault()
        props.onContext(e.clientX, e.clientY)
      }}
    >
      <span
        className={styles.chevron}
        onMouseDown={(e) => {
          e.stopPropagation()
          if (hasChildren) props.onToggle()
        }}
        aria-hidden
      >
        {hasChildren ? open ? <ChevronDownRegular /> : <ChevronRightRegular /> : null}
      </span>
      <NodeIcon
        name={row.node.icon}
        className={mergeClasses(styles.icon, onBrand && styles.iconOnBrand)}
        fontSize={16}
      />
      <span>{row.node.label}</span>
      {props.memberCount !== undefined && (
        <span className={onBrand ? undefined : styles.count}>({props.memberCount})</span>
      )}
    </div>
  )
})
