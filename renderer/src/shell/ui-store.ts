import { makeAutoObservable, observable } from 'mobx'
import { PatchbayError } from '../../../shared/errors'
import { formatNodeId, parseNodeId, type NodeId } from './node-id'
import { ResultsModel } from './results-model'
import { buildTree, findNode, visibleNodes, type TreeNode, type VisibleNode } from './tree-model'
import type { ConsoleTransport } from '../transport/connection'
import type { JobTargets } from '../features/client-jobs/job-store'
import type { RootStore } from './root-store'

/** A dialog the console has open (dialogs stack: a program dialog may open over its package). */
export type DialogRequest =
  | { kind: 'collection'; id?: string; parentId?: string | null; tab?: string }
  | { kind: 'resource'; id?: number; tab?: string }
  | { kind: 'package'; id?: string; tab?: string }
  | { kind: 'program'; packageId: string; name?: string }
  | {
      kind: 'advertisement'
      id?: string
      prefill?: { packageId?: string; programName?: string; collectionId?: string }
    }
  | { kind: 'add-resources'; collectionId: string }
  | { kind: 'add-to-collection'; resourceIds: number[] }
  | { kind: 'job'; jobId: number }
  | { kind: 'host-key'; jobId: number; resourceIds: number[] }
  | { kind: 'run-command'; targets: JobTargets; label: string }

/** A question the user must confirm (deletes). */
export interface ConfirmRequest {
  title: string
  message: string
  confirmLabel: string
  run: () => Promise<void>
}

const SITE = formatNodeId({ kind: 'static', name: 'site' })

/** Console UI state: tree, selected node, results pane, dialogs, notices. */
export class UiStore {
  /** The selected node's string ID (saved as prefs.lastNode); `selection` is its typed form. */
  selectedNodeId = SITE
  expanded = observable.set<string>(
    (['site', 'collections', 'packages'] as const).map((name) => formatNodeId({ kind: 'static', name })),
  )
  dialogs: (DialogRequest & { key: number })[] = []
  confirm: ConfirmRequest | null = null
  notice: string | null = null
  results: ResultsModel
  private nextDialogKey = 1
  private noticeTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    this.results = new ResultsModel(root)
    makeAutoObservable(this, { root: false, transport: false, results: false }, { autoBind: true })
  }

  /** The whole console tree. */
  get tree(): TreeNode {
    return buildTree(this.root)
  }

  /** The selected node's typed ID (null when the saved string names no kind of node). */
  get selection(): NodeId | null {
    return parseNodeId(this.selectedNodeId)
  }

  /** Tree rows currently shown (expanded nodes show their children). */
  get visibleTree(): VisibleNode[] {
    return visibleNodes(this.tree, this.expanded)
  }

  /** The selected node, or the root when it no longer exists. */
  get selectedNode(): TreeNode {
    return findNode(this.tree, this.selectedNodeId)?.node ?? this.tree
  }

  /** The theme in use. */
  get theme(): 'light' | 'dark' {
    return this.root.prefs.theme
  }

  /** Whether the details pane is shown. */
  get detailsOpen(): boolean {
    return this.root.prefs.prefs.detailsPaneOpen
  }

  /**
   * Selects a tree node and remembers it as the last node. The RootStore's node reaction loads what a newly
   * selected node shows; selecting the shown node again reloads it (a collection's members).
   */
  selectNode(id: string, remember = true): void {
    const found = findNode(this.tree, id)
    if (!found) return
    for (const a of found.ancestors) this.expanded.add(a)
    if (this.selectedNodeId !== id) {
      this.selectedNodeId = id
      this.results.reset()
    } else this.root.loadNode(id)
    if (remember && this.root.prefs.prefs.lastNode !== id) void this.root.prefs.set({ lastNode: id })
  }

  /** Restores the last selected node once the tree is loaded (ancestors expanded). */
  restoreLastNode(): void {
    const last = this.root.prefs.prefs.lastNode
    this.selectNode(findNode(this.tree, last) ? last : SITE, false)
  }

  /** Expands or collapses a node. */
  setExpanded(id: string, open: boolean): void {
    if (open) this.expanded.add(id)
    else this.expanded.delete(id)
  }

  /** Switches between light and dark themes. */
  toggleTheme(): void {
    void this.root.prefs.set({ theme: this.theme === 'dark' ? 'light' : 'dark' })
  }

  /** Shows or hides the details pane. */
  toggleDetails(): void {
    void this.root.prefs.set({ detailsPaneOpen: !this.detailsOpen })
  }

  /** Opens a dialog on top of any open one. */
  openDialog(request: DialogRequest): void {
    this.dialogs = [...this.dialogs, { ...request, key: this.nextDialogKey++ }]
  }

  /** Closes a dialog. */
  closeDialog(key: number): void {
    this.dialogs = this.dialogs.filter((d) => d.key !== key)
  }

  /** Replaces an open dialog's request (a New dialog becomes Properties after Apply). */
  updateDialog(key: number, request: DialogRequest): void {
    this.dialogs = this.dialogs.map((d) => (d.key === key ? { ...request, key } : d))
  }

  /** Asks for confirmation. */
  ask(request: ConfirmRequest): void {
    this.confirm = request
  }

  /** Dismisses the confirmation. */
  closeConfirm(): void {
    this.confirm = null
  }

  /** Shows a transient message in the status bar. */
  notify(message: string): void {
    this.notice = message
    if (this.noticeTimer) clearTimeout(this.noticeTimer)
    this.noticeTimer = setTimeout(() => this.clearNotice(), 6000)
  }

  /** Clears the status bar message. */
  clearNotice(): void {
    this.notice = null
  }

  /** Reports a failed background action in the status bar. */
  reportError(err: unknown): void {
    this.notify(err instanceof PatchbayError || err instanceof Error ? err.message : String(err))
  }

  /** Stops the status bar message's timer. */
  dispose(): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer)
    this.noticeTimer = null
  }
}
