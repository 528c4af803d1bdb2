import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { z } from 'zod'
import type {
  UpdateListDto,
  UpdateListPropertiesDto,
  UpdateRuleDto,
  updateRuleInput,
  updateRuleUpdate,
} from '../../../../shared/dto/update-list'
import { plural } from '../../lib/format'
import { formatNodeId } from '../../shell/node-id'
import type { RootStore } from '../../shell/root-store'
import type { TreeNode } from '../../shell/tree-model'
import type { ConsoleTransport } from '../../transport/connection'

/** Tree ID of one update list's node. */
export const listNodeId = (id: string): string => formatNodeId({ kind: 'update-list', id })

/** Tree ID of the Automatic Rules node. */
export const RULES_NODE = formatNodeId({ kind: 'static', name: 'updates:rules' })

/** Update lists with their properties (updates and compliance summary), and the automatic rules feeding them. */
export class UpdateListStore {
  lists: UpdateListDto[] = []
  rules: UpdateRuleDto[] = []
  loaded = false
  /** Properties of lists shown or opened (kept current on change events). */
  properties = observable.map<string, UpdateListPropertiesDto>()
  private loading = false
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<UpdateListStore, 'loading' | 'disposers'>(
      this,
      {
        root: false,
        transport: false,
        loading: false,
        disposers: false,
        lists: observable.ref,
        rules: observable.ref,
      },
      { autoBind: true },
    )
    this.disposers.push(
      transport.on('site:changed', (p) => {
        if (!this.loaded) return
        if (p.entity === 'updatelists') void this.refresh()
        // Compliance summaries follow scans.
        else if (p.entity === 'updates' && this.properties.size) void this.reloadProperties()
      }),
    )
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.disposers.splice(0)) off()
  }

  /** The Update Lists node's children: Automatic Rules, then one node per list. */
  get treeNodes(): TreeNode[] {
    return [
      {
        id: RULES_NODE,
        label: 'Automatic Rules',
        icon: 'folder',
        description: 'Rules that add matching updates to a list on every sync',
        children: [],
      },
      ...this.lists.map((l): TreeNode => ({
        id: listNodeId(l.id),
        label: l.name,
        icon: 'update-list',
        description: l.comment || `${plural(l.updateCount, 'update')}`,
        children: [],
      })),
    ]
  }

  /** Loads once (the console loads it at start for the tree). */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.refresh()
  }

  /** Reloads lists, rules and the properties already loaded. */
  async refresh(): Promise<void> {
    this.loading = true
    try {
      const [lists, rules] = await Promise.all([
        this.transport.invoke('updatelists:list', {}),
        this.transport.invoke('updaterules:list', {}),
      ])
      runInAction(() => {
        this.lists = lists
        this.rules = rules
        this.loaded = true
        for (const id of [...this.properties.keys()])
          if (!lists.some((l) => l.id === id)) this.properties.delete(id)
      })
      await this.reloadProperties()
    } catch (err) {
      this.root.ui.reportError(err)
    } finally {
      this.loading = false
    }
  }

  private async reloadProperties(): Promise<void> {
    for (const id of [...this.properties.keys()]) await this.loadProperties(id)
  }

  /** Loads one list's updates and compliance summary. */
  async loadProperties(id: string): Promise<UpdateListPropertiesDto | null> {
    try {
      const props = await this.transport.invoke('updatelists:properties', { id })
      runInAction(() => this.properties.set(id, props))
      return props
    } catch (err) {
      this.root.ui.reportError(err)
      return null
    }
  }

  /** A list by SMS ID. */
  get byId(): Map<string, UpdateListDto> {
    return new Map(this.lists.map((l) => [l.id, l]))
  }

  /** Creates a list from a selection of updates (superseded ones left out unless asked). */
  async create(input: {
    name: string
    comment?: string
    updateIds: string[]
    includeSuperseded?: boolean
  }): Promise<UpdateListDto> {
    const list = await this.transport.invoke('updatelists:create', input)
    await this.refresh()
    this.root.ui.notify(`Created update list ${list.name} with ${plural(list.updateCount, 'update')}.`)
    return list
  }

  /** Renames a list or changes its comment. */
  async update(input: { id: string; name?: string; comment?: string }): Promise<UpdateListDto> {
    const list = await this.transport.invoke('updatelists:update', input)
    await this.refresh()
    return list
  }

  /** Adds updates to a list. */
  async add(id: string, updateIds: string[], includeSuperseded = false): Promise<UpdateListDto> {
    const before = this.byId.get(id)?.updateCount ?? 0
    const list = await this.transport.invoke('updatelists:add', { id, updateIds, includeSuperseded })
    await this.refresh()
    this.root.ui.notify(
      `Added ${plural(list.updateCount - before, 'update')} to ${list.name} (${plural(list.updateCount, 'update')} now).`,
    )
    return list
  }

  /** Removes updates from a list. */
  async removeUpdates(id: string, updateIds: string[]): Promise<UpdateListDto> {
    const list = await this.transport.invoke('updatelists:remove-updates', { id, updateIds })
    await this.refresh()
    this.root.ui.notify(`Removed ${plural(updateIds.length, 'update')} from ${list.name}.`)
    return list
  }

  /** Deletes a list. */
  async remove(id: string): Promise<void> {
    await this.transport.invoke('updatelists:delete', { id })
    runInAction(() => this.properties.delete(id))
    await this.refresh()
  }

  /** Creates an automatic rule. */
  async createRule(input: z.input<typeof updateRuleInput>): Promise<UpdateRuleDto> {
    const rule = await this.transport.invoke('updaterules:create', input)
    await this.refresh()
    return rule
  }

  /** Changes an automatic rule. */
  async updateRule(input: z.input<typeof updateRuleUpdate>): Promise<UpdateRuleDto> {
    const rule = await this.transport.invoke('updaterules:update', input)
    await this.refresh()
    return rule
  }

  /** Deletes an automatic rule. */
  async removeRule(id: number): Promise<void> {
    await this.transport.invoke('updaterules:delete', { id })
    await this.refresh()
  }

  /** Run rule now: one rule, or every enabled rule (null). */
  async runRule(id: number | null): Promise<void> {
    const runs = await this.transport.invoke('updaterules:run', { id })
    await this.refresh()
    this.root.ui.notify(
      runs.length === 0
        ? 'No enabled rule to run.'
        : runs
            .map(
              (r) => `${r.name}: ${plural(r.matched, 'match', 'matches')}, ${r.added} added to ${r.listId}`,
            )
            .join('; '),
    )
  }
}
