import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import {
  ArrowSortDownRegular,
  ArrowSortUpRegular,
  BeakerRegular,
  ErrorCircleRegular,
  InfoRegular,
  WarningRegular,
} from '@fluentui/react-icons'
import { useVirtualizer } from '@tanstack/react-virtual'
import { observer } from 'mobx-react-lite'
import { useEffect, useRef, useState } from 'react'
import { useRoot } from '../store-context'
import type { ResourceDto } from '../../../shared/dto/resource'
import { openResourceExplorer } from '../features/client-jobs/client-commands'
import { canDelete, confirmDelete, openProperties, refreshAll, commandsFor } from './commands'
import { cellText, type ColumnDef, type Row } from './views'
import { ContextMenu, type MenuEntry } from './context-menu'
import { CustomCell } from '../features/deployments/deployment-cells'

/** Height of one list row in pixels. */
export const ROW_HEIGHT = 22
const HEADER_HEIGHT = 24

const useStyles = makeStyles({
  scroller: {
    flexGrow: 1,
    minHeight: 0,
    overflow: 'auto',
    position: 'relative',
    outline: 'none',
    fontSize: tokens.fontSizeBase200,
  },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    display: 'flex',
    height: `${HEADER_HEIGHT}px`,
    background: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  th: {
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    padding: '0 6px',
    boxSizing: 'border-box',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    cursor: 'default',
    userSelect: 'none',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    flexShrink: 0,
    ':hover': { background: tokens.colorSubtleBackgroundHover },
  },
  thLabel: { overflow: 'hidden', textOverflow: 'ellipsis', flexGrow: 1 },
  end: { justifyContent: 'flex-end', textAlign: 'right' },
  resizer: {
    position: 'absolute',
    right: '-3px',
    top: 0,
    bottom: 0,
    width: '7px',
    cursor: 'col-resize',
    zIndex: 2,
  },
  body: { position: 'relative' },
  row: {
    position: 'absolute',
    left: 0,
    display: 'flex',
    height: `${ROW_HEIGHT}px`,
    alignItems: 'center',
    cursor: 'default',
    userSelect: 'none',
    ':hover': { background: tokens.colorSubtleBackgroundHover },
  },
  selected: {
    background: tokens.colorNeutralBackground1Selected,
    ':hover': { background: tokens.colorNeutralBackground1Selected },
  },
  selectedActive: {
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { background: tokens.colorBrandBackgroundHover },
    // Coloured cell text (drill-down counts, links, dimmed zeros) stays readable on the selection.
    // (element selectors outrank the single class of a Fluent Link rendered as <a> or <button>)
    '& *': { color: 'inherit' },
    '& a': { color: 'inherit' },
    '& button': { color: 'inherit' },
  },
  focusRow: { outline: `1px dotted ${tokens.colorNeutralForeground2}`, outlineOffset: '-1px' },
  td: {
    padding: '0 6px',
    boxSizing: 'border-box',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    flexShrink: 0,
  },
  empty: { padding: '16px', color: tokens.colorNeutralForeground3 },
})

/** The virtualized, sortable, resizable, multi-select results list. */
export const ResultsList = observer(function ResultsList() {
  const root = useRoot()
  const styles = useStyles()
  const { results } = root.ui
  const view = results.view
  const rows = results.rows
  const savedColumns = results.columns
  const scrollRef = useRef<HTMLDivElement>(null)
  const [dragWidths, setDragWidths] = useState<Record<string, number>>({})
  const [focused, setFocused] = useState(false)
  const [menu, setMenu] = useState<{ x: number; y: number; header?: boolean } | null>(null)
  const columns = savedColumns.map((c) => (dragWidths[c.id] ? { ...c, width: dragWidths[c.id]! } : c))
  const totalWidth = columns.reduce((s, c) => s + c.width, 0)

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    scrollMargin: HEADER_HEIGHT,
  })

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 })
  }, [view.setKey, root.ui.selectedNodeId])

  const focusIndex = results.focusKey ? (results.indexByKey.get(results.focusKey) ?? -1) : -1

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 200) / ROW_HEIGHT) - 2)
    let index: number | null = null
    switch (e.key) {
      case 'ArrowDown':
        index = results.move(focusIndex < 0 ? 0 : 1, { delta: focusIndex >= 0, shift: e.shiftKey })
        break
      case 'ArrowUp':
        index = results.move(focusIndex < 0 ? 0 : -1, { delta: focusIndex >= 0, shift: e.shiftKey })
        break
      case 'PageDown':
        index = results.move(page, { delta: true, shift: e.shiftKey })
        break
      case 'PageUp':
        index = results.move(-page, { delta: true, shift: e.shiftKey })
        break
      case 'Home':
        index = results.move('home', { shift: e.shiftKey })
        break
      case 'End':
        index = results.move('end', { shift: e.shiftKey })
        break
      case 'Enter':
        openProperties(root, results.focusRow)
        break
      case 'Delete':
        confirmDelete(root, results.selectedRows)
        break
      case 'Escape':
        if (results.filterText) results.setFilter('')
        else results.reset()
        break
      case 'a':
        if (!(e.ctrlKey || e.metaKey)) return
        results.selectAll()
        break
      case 'ContextMenu':
      case 'F10':
        if (e.key === 'F10' && !e.shiftKey) return
        openMenuAtFocus()
        break
      default:
        return
    }
    e.preventDefault()
    if (index !== null && index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' })
  }

  const openMenuAtFocus = () => {
    const el = scrollRef.current?.querySelector('[data-focus-row="true"]') ?? scrollRef.current
    const rect = el?.getBoundingClientRect()
    if (rect) setMenu({ x: rect.left + 40, y: rect.top + ROW_HEIGHT })
  }

  const startResize = (e: React.PointerEvent, column: ColumnDef) => {
    e.preventDefault()
    e.stopPropagation()
    const startX = e.clientX
    const startWidth = column.width
    let width = startWidth
    const move = (ev: PointerEvent) => {
      width = Math.max(40, Math.min(2000, startWidth + ev.clientX - startX))
      setDragWidths((w) => ({ ...w, [column.id]: width }))
    }
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
      if (width !== startWidth) root.prefs.setColumnWidth(view.setKey, column.id, width)
      setDragWidths({})
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }

  const selectedRows = results.selectedRows
  const menuEntries: MenuEntry[] = menu?.header
    ? results.allColumns.map((c) => {
        const hidden = root.prefs.hiddenColumns(view.setKey).includes(c.id)
        return {
          id: c.id,
          label: `${hidden ? '   ' : '✓ '}${c.label}`,
          disabled: c.fixed,
          run: () => root.prefs.setColumnHidden(view.setKey, c.id, !hidden),
        }
      })
    : [
        {
          id: 'properties',
          label: selectedRows[0]?.kind === 'node' ? 'Open' : 'Properties',
          bold: true,
          disabled: !selectedRows.length || selectedRows[0]?.kind === 'message',
          run: () => openProperties(root, results.focusRow),
        },
        { id: 'tasks', label: 'All Tasks', submenu: commandsFor(root, selectedRows) },
        { id: 'd1', divider: true },
        {
          id: 'delete',
          label: 'Delete',
          disabled: !canDelete(selectedRows),
          run: () => confirmDelete(root, selectedRows),
        },
        { id: 'refresh', label: 'Refresh', run: () => refreshAll(root) },
      ]

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      role="grid"
      aria-label={view.title}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-multiselectable
      tabIndex={0}
      aria-activedescendant={focusIndex >= 0 ? `row-${focusIndex}` : undefined}
      onKeyDown={onKeyDown}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onContextMenu={(e) => {
        e.preventDefault()
        if (!(e.target as HTMLElement).closest('[role="row"]')) results.reset()
        setMenu({ x: e.clientX, y: e.clientY })
      }}
      data-testid="results-list"
    >
      <div
        className={styles.header}
        role="row"
        aria-rowindex={1}
        style={{ width: Math.max(totalWidth, 0), minWidth: '100%' }}
        onContextMenu={(e) => {
          e.preventDefault()
          e.stopPropagation()
          setMenu({ x: e.clientX, y: e.clientY, header: true })
        }}
      >
        {columns.map((c) => {
          const sorted = results.sort?.columnId === c.id ? results.sort : undefined
          return (
            <div
              key={c.id}
              role="columnheader"
              aria-sort={sorted ? (sorted.desc ? 'descending' : 'ascending') : 'none'}
              className={mergeClasses(styles.th, c.align === 'end' && styles.end)}
              style={{ width: c.width }}
              onClick={() => results.toggleSort(c.id)}
              data-column-id={c.id}
              title={`Sort by ${c.label}`}
            >
              <span className={styles.thLabel}>{c.label}</span>
              {sorted &&
                (sorted.desc ? <ArrowSortDownRegular fontSize={12} /> : <ArrowSortUpRegular fontSize={12} />)}
              <div
                className={styles.resizer}
                role="separator"
                aria-orientation="vertical"
                aria-label={`Resize ${c.label}`}
                onPointerDown={(e) => startResize(e, c)}
                onClick={(e) => e.stopPropagation()}
                data-testid={`resize-${c.id}`}
              />
            </div>
          )
        })}
      </div>
      {rows.length === 0 ? (
        <div className={styles.empty} data-testid="list-empty">
          {results.filterText ? 'No item matches the filter. Press Escape to clear it.' : view.emptyText}
        </div>
      ) : (
        <div className={styles.body} style={{ height: virtualizer.getTotalSize(), width: totalWidth }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            return (
              <ResultRow
                key={row.key}
                row={row}
                index={item.index}
                top={item.start - virtualizer.options.scrollMargin}
                columns={columns}
                width={totalWidth}
                active={focused}
                onContext={(x, y) => {
                  results.ensureSelected(row.key)
                  setMenu({ x, y })
                }}
              />
            )
          })}
        </div>
      )}
      <ContextMenu
        anchor={menu}
        onClose={() => setMenu(null)}
        entries={menuEntries}
        label={menu?.header ? 'Columns' : 'Item actions'}
      />
    </div>
  )
})

function SeverityIcon({ severity }: { severity: string }) {
  const style = {
    verticalAlign: '-3px',
    marginRight: 4,
    color:
      severity === 'error'
        ? tokens.colorPaletteRedForeground1
        : severity === 'warning'
          ? tokens.colorPaletteMarigoldForeground1
          : tokens.colorBrandForeground1,
  }
  const Icon =
    severity === 'error' ? ErrorCircleRegular : severity === 'warning' ? WarningRegular : InfoRegular
  return <Icon fontSize={14} style={style} aria-hidden />
}

const ResultRow = observer(function ResultRow(props: {
  row: Row
  index: number
  top: number
  columns: ColumnDef[]
  width: number
  active: boolean
  onContext: (x: number, y: number) => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const { results } = root.ui
  const { row, columns } = props
  const selected = results.selected.has(row.key)
  const isFocus = results.focusKey === row.key
  return (
    <div
      id={`row-${props.index}`}
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={selected}
      data-testid="result-row"
      data-key={row.key}
      data-focus-row={isFocus ? 'true' : undefined}
      className={mergeClasses(
        styles.row,
        selected && (props.active ? styles.selectedActive : styles.selected),
        isFocus && props.active && styles.focusRow,
      )}
      style={{ transform: `translateY(${props.top}px)`, width: Math.max(props.width, 0), minWidth: '100%' }}
      onMouseDown={(e) => {
        if (e.button !== 0) return
        if (e.shiftKey) e.preventDefault()
        results.click(row.key, { ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey })
      }}
      onDoubleClick={() =>
        // A client opens in Resource Explorer; everything else, and Enter on a client, opens Properties.
        row.kind === 'resource'
          ? openResourceExplorer(root, (row.data as ResourceDto).id)
          : openProperties(root, row)
      }
      onContextMenu={(e) => {
        e.preventDefault()
        e.stopPropagation()
        props.onContext(e.clientX, e.clientY)
      }}
    >
      {columns.map((c) => (
        <div
          key={c.id}
          role="gridcell"
          className={mergeClasses(styles.td, c.align === 'end' && styles.end)}
          style={{ width: c.width }}
        >
          {row.kind === 'resource' && c.id === 'name' && (row.data as { simulated: boolean }).simulated && (
            <BeakerRegular
              fontSize={14}
              style={{ verticalAlign: '-3px', marginRight: 4 }}
              aria-label="Simulated"
            />
          )}
          {row.kind === 'update' &&
            c.id === 'required' &&
            (row.data as { required: number }).required > 0 && (
              <WarningRegular
                fontSize={13}
                style={{
                  verticalAlign: '-2px',
                  marginRight: 4,
                  color: tokens.colorPaletteMarigoldForeground1,
                }}
                aria-hidden
              />
            )}
          {row.kind === 'message' && c.id === 'severity' && (
            <SeverityIcon severity={(row.data as { severity: string }).severity} />
          )}
          {c.cell ? <CustomCell cell={c.cell} data={row.data} /> : cellText(c, row.data)}
        </div>
      ))}
    </div>
  )
})
