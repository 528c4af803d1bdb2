import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef, type ReactNode } from 'react'

const ROW = 24

const useStyles = makeStyles({
  scroller: {
    flexGrow: 1,
    minHeight: 0,
    overflow: 'auto',
    position: 'relative',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  head: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    display: 'flex',
    height: `${ROW}px`,
    alignItems: 'center',
    background: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  cell: {
    flexShrink: 0,
    padding: '0 8px',
    boxSizing: 'border-box',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  grow: { flexGrow: 1, flexShrink: 1 },
  end: { textAlign: 'right' },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'flex',
    alignItems: 'center',
    height: `${ROW}px`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'default',
    ':hover': { background: tokens.colorSubtleBackgroundHover },
  },
  selected: {
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { background: tokens.colorBrandBackgroundHover },
  },
  empty: { padding: '14px', color: tokens.colorNeutralForeground3 },
})

/** A column of an explorer table. */
export interface ExplorerColumn<T> {
  id: string
  label: string
  width: number
  render: (row: T) => ReactNode
  align?: 'end'
  /** Takes the remaining width. */
  grow?: boolean
}

/** A read-only, virtualized table for Resource Explorer's views (thousands of packages stay fast). */
export function ExplorerTable<T>(props: {
  columns: ExplorerColumn<T>[]
  rows: T[]
  rowKey: (row: T) => string
  label: string
  testId?: string
  emptyText: string
  selectedKey?: string | null
  onSelect?: (row: T) => void
}) {
  const styles = useStyles()
  const ref = useRef<HTMLDivElement>(null)
  const { rows, columns } = props
  // Rows are plain props (no MobX), so the compiler skipping memoization here changes nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => ref.current,
    estimateSize: () => ROW,
    overscan: 20,
  })
  const minWidth = columns.reduce((s, c) => s + c.width, 0)
  const cell = (c: ExplorerColumn<T>) =>
    mergeClasses(styles.cell, c.grow && styles.grow, c.align === 'end' && styles.end)
  return (
    <div
      ref={ref}
      className={styles.scroller}
      role="grid"
      aria-label={props.label}
      data-testid={props.testId}
    >
      <div className={styles.head} role="row" style={{ minWidth }}>
        {columns.map((c) => (
          <div key={c.id} role="columnheader" className={cell(c)} style={{ width: c.width }}>
            {c.label}
          </div>
        ))}
      </div>
      {rows.length === 0 ? (
        <div className={styles.empty} data-testid="explorer-table-empty">
          {props.emptyText}
        </div>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            const key = props.rowKey(row)
            return (
              <div
                key={`${item.index}:${key}`}
                role="row"
                aria-selected={props.selectedKey === key}
                data-testid="explorer-row"
                data-key={key}
                className={mergeClasses(styles.row, props.selectedKey === key && styles.selected)}
                style={{ transform: `translateY(${item.start}px)`, minWidth }}
                onClick={() => props.onSelect?.(row)}
              >
                {columns.map((c) => (
                  <div key={c.id} role="gridcell" className={cell(c)} style={{ width: c.width }}>
                    {c.render(row)}
                  </div>
                ))}
              </div>
            )
          })}
        </div>
      )}
    </div>
  )
}
