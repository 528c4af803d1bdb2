import { makeAutoObservable, observable } from 'mobx'
import type { StatusRow } from './views'
import { columnSets, compareRows, cellValue, type ColumnDef, type Row } from './views'
import { findNode, type NodeIcon } from './tree-model'
import type { RootStore } from './root-store'
import { deploymentPackagesView } from '../features/wizard/deployment-package-store'
import { distributionStatusView } from '../features/distribution/distribution-store'
import { catalogView } from '../features/catalog/catalog-views'
import { deploymentView } from '../features/deployments/deployment-store'
import { reportView } from '../features/reports/report-store'
import { advertisementStatusView } from '../features/advertisements/advertisement-status-store'

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

  /** The view of the selected node. */
  get view(): ResultsView {
    const { collections, resources, packages, advertisements, status, ui, updates, jobs } = this.root
    const id = ui.selectedNodeId
    const rowsOf = (kind: Row['kind'], items: { id: string | number }[], prefix = kind) =>
      items.map((data) => ({ key: `${prefix}:${data.id}`, kind, data }))
    const nodeRows = (title: string): ResultsView => {
      const node = findNode(ui.tree, id)?.node
      return {
        setKey: 'nodes',
        title,
        rows: (node?.children ?? []).map((n) => ({ key: `node:${n.id}`, kind: 'node', data: n })),
        loading: false,
        emptyText: 'Nothing here yet.',
      }
    }
    if (id === 'site') return nodeRows(ui.tree.label)
    if (id === 'collections')
      return {
        setKey: 'collections',
        title: 'Collections',
        rows: rowsOf('collection', collections.topLevel),
        loading: !collections.loaded,
        emptyText: 'No collections.',
      }
    if (id.startsWith('collection:')) {
      const cid = id.slice('collection:'.length)
      const c = collections.byId.get(cid)
      const members = collections.members.get(cid)
      return {
        setKey: 'resources',
        title: c ? `${c.name} (${c.id})` : cid,
        rows: rowsOf('resource', members ?? []),
        loading: members === undefined,
        emptyText: c?.rules.length
          ? 'No resource matches this collection’s rules.'
          : 'This collection has no membership rules yet — open its Properties to add some.',
      }
    }
    if (id === 'clients')
      return {
        setKey: 'resources',
        title: 'Clients',
        rows: rowsOf('resource', resources.items),
        loading: !resources.loaded,
        emptyText: 'No clients yet — New › Resource adds one.',
      }
    if (id === 'site-systems')
      return {
        setKey: 'resources',
        title: 'Site Systems',
        rows: rowsOf('resource', resources.siteSystems),
        loading: !resources.loaded,
        emptyText: 'No resource holds a site system role yet — give one a role in its Properties.',
      }
    if (id === 'packages')
      return {
        setKey: 'packages',
        title: 'Packages',
        rows: rowsOf('package', packages.sorted),
        loading: !packages.loaded,
        emptyText: 'No packages yet — New › Package creates one.',
      }
    if (id.startsWith('package:')) {
      const p = packages.byId.get(id.slice('package:'.length))
      return {
        setKey: 'programs',
        title: p ? `${p.name} › Programs` : 'Programs',
        rows: (p?.programs ?? []).map((data) => ({
          key: `program:${data.packageId}:${data.name}`,
          kind: 'program',
          data,
        })),
        loading: !packages.loaded,
        emptyText: 'This package has no programs yet — All Tasks › New Program… adds one.',
      }
    }
    if (id === 'advertisements')
      return {
        setKey: 'advertisements',
        title: 'Advertisements',
        rows: rowsOf('advertisement', advertisements.items),
        loading: !advertisements.loaded,
        emptyText: 'No advertisements yet.',
      }
    if (id === 'status:messages')
      return {
        setKey: 'messages',
        title: 'Status Messages',
        rows: rowsOf('message', status.messages),
        loading: !status.loaded,
        emptyText: 'The site has not reported any status message yet.',
      }
    const dpStatus = distributionStatusView(this.root, id)
    if (dpStatus) return dpStatus
    const adStatus = advertisementStatusView(this.root, id)
    if (adStatus) return adStatus
    if (id === 'status:packages') {
      const none = { info: 0, warning: 0, error: 0, last: null }
      const rows = packages.sorted.map((item): Row => {
        const data: StatusRow<unknown> = { item, counts: status.countsByObject.get(item.id) ?? none }
        return { key: `pkg-status:${item.id}`, kind: 'pkg-status', data }
      })
      return {
        setKey: 'pkg-status',
        title: 'Package Status',
        rows,
        loading: !status.loaded,
        emptyText: 'No packages to report on yet.',
      }
    }
    if (id === 'updates:repository') {
      if (updates.loaded && updates.items.length === 0)
        return {
          setKey: 'updates',
          title: 'Update Repository',
          rows: [],
          loading: false,
          placeholder: {
            icon: 'repository',
            title: 'No software update yet — scan clients to fill the repository',
            detail:
              'Select clients or a collection and choose All Tasks › Scan Now. Every update a client reports appears here with its Required, Installed, Not Required and Unknown counts.',
          },
          emptyText: '',
        }
      return {
        setKey: 'updates',
        title: 'Update Repository',
        rows: updates.filtered.map((data) => ({ key: `update:${data.id}`, kind: 'update', data })),
        loading: !updates.loaded,
        emptyText: 'No update matches the classification and state filters.',
        filterBar: 'updates',
      }
    }
    if (id === 'status:jobs')
      return {
        setKey: 'jobs',
        title: 'Jobs',
        rows: jobs.recent.map((data) => ({ key: `job:${data.id}`, kind: 'job', data })),
        loading: !jobs.recentLoaded,
        emptyText: 'No job has run yet — All Tasks › Scan Now on clients starts one.',
      }
    const deployment = deploymentPackagesView(this.root, id)
    if (deployment) return deployment
    const catalog = catalogView(this.root, id)
    if (catalog) return catalog
    const deployments = deploymentView(this.root, id)
    if (deployments) return deployments
    const report = reportView(this.root, id)
    if (report) return report
    return nodeRows(findNode(ui.tree, id)?.node.label ?? id)
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
