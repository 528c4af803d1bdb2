import { makeAutoObservable, observable } from 'mobx'
import { columnSets, compareRows, cellValue, type ColumnDef, type Row } from './views'
import type { NodeIcon } from './tree-model'
import type { RootStore } from './root-store'
import { featureView, nodeRows, shellView } from './node-views'

/** What the results pane shows for the selected node. */
export interface ResultsView {
  /** Column set key (widths and hidden columns are saved per set). */
  setKey: string
  title: string
  rows: Row[]
  loading: boolean
  /** Shown instead of the list when the node's feature comes later. */
  placeholder?: { title: string; detail: string; icon: NodeIcon }
  /** Shown inside the list when it has no rows. */
  emptyText: string
  /** A filter bar shown above the list (the Update Repository's classification and state). */
  filterBar?: 'updates'
  /** A deployment or report bar shown above the list (features/deployments/feature-bar.tsx). */
  bar?: 'deployment-clients' | 'report' | 'run-logs'
  /** Columns known only at run time (a server report's); else the column set of setKey. */
  columns?: ColumnDef[]
}

/** Sorting of one column set. */
export interface SortState {
  columnId: string
  desc: boolean
}

/** The results pane: rows of the selected node, filter, sort, columns and multi-selection. */
export class ResultsModel {
  filterText = ''
  sorts = observable.map<string, SortState>()
  selected = observable.set<string>()
  anchorKey: string | null = null
  focusKey: string | null = null

  constructor(readonly root: RootStore) {
    makeAutoObservable(this, { root: false }, { autoBind: true })
  }

  /** The view of the selected node (pure: what it shows is loaded by the RootStore's node reaction). */
  get view(): ResultsView {
    const { root } = this
    const node = root.ui.selection
    return (
      (node && (shellView(root, node) ?? featureView(root, node))) ?? nodeRows(root, root.ui.selectedNodeId)
    )
  }

  /** Every column of the current view. */
  get allColumns(): ColumnDef[] {
    return this.view.columns ?? columnSets[this.view.setKey] ?? []
  }

  /** Shown columns with their saved widths. */
  get columns(): ColumnDef[] {
    const { prefs } = this.root
    const setKey = this.view.setKey
    const hidden = new Set(prefs.hiddenColumns(setKey))
    return this.allColumns
      .filter((c) => c.fixed || !hidden.has(c.id))
      .map((c) => ({ ...c, width: prefs.columnWidth(setKey, c.id) ?? c.width }))
  }

  /** Sorting of the current view. */
  get sort(): SortState | undefined {
    return this.sorts.get(this.view.setKey)
  }

  /** Filtered and sorted rows. */
  get rows(): Row[] {
    const { rows } = this.view
    const needle = this.filterText.trim().toLowerCase()
    const columns = this.columns
    let out = needle
      ? rows.filter((r) => columns.some((c) => String(cellValue(c, r.data)).toLowerCase().includes(needle)))
      : rows
    const sort = this.sort
    const column = sort && this.allColumns.find((c) => c.id === sort.columnId)
    if (column) {
      out = [...out].sort((a, b) => compareRows(column, a, b))
      if (sort.desc) out.reverse()
    }
    return out
  }

  /** Index of each row key in the shown order. */
  get indexByKey(): Map<string, number> {
    return new Map(this.rows.map((r, i) => [r.key, i]))
  }

  /** Selected rows in the shown order. */
  get selectedRows(): Row[] {
    if (this.selected.size === 0) return []
    return this.rows.filter((r) => this.selected.has(r.key))
  }

  /** The row with keyboard focus (or the first selected). */
  get focusRow(): Row | undefined {
    const i = this.focusKey ? this.indexByKey.get(this.focusKey) : undefined
    return i === undefined ? this.selectedRows[0] : this.rows[i]
  }

  /** Sorts by a column; clicking the sorted column again reverses it. */
  toggleSort(columnId: string): void {
    const current = this.sort
    this.sorts.set(this.view.setKey, {
      columnId,
      desc: current?.columnId === columnId ? !current.desc : false,
    })
  }

  /** Sets the filter text. */
  setFilter(text: string): void {
    this.filterText = text
  }

  /** Clears selection and focus (on node change). */
  reset(): void {
    this.selected.clear()
    this.anchorKey = null
    this.focusKey = null
  }

  /** Selects a row as a click does: plain replaces, ctrl toggles, shift extends from the anchor. */
  click(key: string, mods: { ctrl?: boolean; shift?: boolean } = {}): void {
    if (mods.shift && this.anchorKey) {
      this.selectRange(this.anchorKey, key, mods.ctrl)
    } else if (mods.ctrl) {
      if (this.selected.has(key)) this.selected.delete(key)
      else this.selected.add(key)
      this.anchorKey = key
    } else {
      this.selected.replace([key])
      this.anchorKey = key
    }
    this.focusKey = key
  }

  /** Makes sure a right-clicked row is selected (keeps a multi-selection that holds it). */
  ensureSelected(key: string): void {
    if (!this.selected.has(key)) this.click(key)
    this.focusKey = key
  }

  private selectRange(fromKey: string, toKey: string, keep = false): void {
    const a = this.indexByKey.get(fromKey) ?? 0
    const b = this.indexByKey.get(toKey) ?? 0
    const [lo, hi] = a < b ? [a, b] : [b, a]
    const keys = this.rows.slice(lo, hi + 1).map((r) => r.key)
    if (keep) for (const k of keys) this.selected.add(k)
    else this.selected.replace(keys)
  }

  /** Moves focus by keyboard (arrow, page, Home/End); shift extends the selection. Returns the new index. */
  move(to: number | 'home' | 'end', mods: { shift?: boolean; delta?: boolean } = {}): number {
    const count = this.rows.length
    if (count === 0) return -1
    const current = this.focusKey ? (this.indexByKey.get(this.focusKey) ?? -1) : -1
    let index = to === 'home' ? 0 : to === 'end' ? count - 1 : mods.delta ? current + to : to
    index = Math.max(0, Math.min(count - 1, index))
    const key = this.rows[index]!.key
    if (mods.shift) {
      this.selectRange(this.anchorKey ?? key, key)
      if (!this.anchorKey) this.anchorKey = key
    } else {
      this.selected.replace([key])
      this.anchorKey = key
    }
    this.focusKey = key
    return index
  }

  /** Selects every shown row. */
  selectAll(): void {
    this.selected.replace(this.rows.map((r) => r.key))
  }
}
