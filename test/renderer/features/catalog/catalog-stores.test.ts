import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import { COMPLIANCE_NODE } from '../../../../renderer/src/features/compliance/approvals-store'
import { commandsFor, commandsOfCurrent } from '../../../../renderer/src/shell/commands'
import { listNodeId } from '../../../../renderer/src/features/update-lists/update-list-store'
import { findNode } from '../../../../renderer/src/shell/tree-model'
import { addLabClients, directCollection, scanAndWait, writeLabKey } from '../../../support/lab-clients'
import { settle, startHarness, until, type Harness } from '../../store-harness'

describe('approvals, update list, search folder and template stores on the real services', () => {
  let h: Harness
  let fleet: LabFleet
  let collectionId: string
  const ids: number[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 3, seed: 11, windowsShare: 0 })
    h = await startHarness()
    const t = h.root.transport
    ids.push(...(await addLabClients(t, fleet.hosts, writeLabKey(fleet, h.dir))))
    collectionId = await directCollection(t, 'Patches_DE', ids)
    await scanAndWait(t, ids)
    await settle(h.root)
  }, 90_000)

  afterAll(async () => {
    await h?.close()
    await fleet?.stop()
  })

  it('approves from repository rows, checks, then approves and ignores recommendations in bulk', async () => {
    const { root } = h
    root.ui.selectNode('updates:repository')
    await until(() => root.updates.loaded && root.updates.items.length > 0)
    root.updates.setState('required')
    const rows = root.ui.results.rows.slice(0, 2)
    const labels = commandsFor(root, rows).map((t) => t.label)
    expect(labels.slice(0, 4)).toEqual([
      'Approve for Collection…',
      'Decline…',
      'Add to Update List…',
      'Create Update List…',
    ])
    expect(labels).toContain('Distribute Software Updates…')
    commandsFor(root, rows)[0]!.run()
    expect(root.catalogDialogs.dialogs.at(-1)).toMatchObject({ kind: 'approve', action: 'approve' })

    const approvals = root.approvals
    approvals.setCollection(collectionId)
    await approvals.approve(
      collectionId,
      rows.map((r) => (r.data as { id: string }).id),
    )
    const summary = await approvals.check(collectionId)
    expect(summary.approvedUpdates).toBe(2)
    expect(root.ui.notice).toMatch(/^Compliance check of Patches_DE: /)

    root.ui.selectNode(COMPLIANCE_NODE)
    await until(() => root.ui.results.rows.length === summary.opened)
    expect(root.ui.results.view.setKey).toBe('recs-by-computer')
    expect(root.ui.results.rows.every((r) => (r.data as { state: string }).state === 'Opened')).toBe(true)

    // Bulk Approve of two recommendations from All Tasks.
    const [a, b] = root.ui.results.rows
    root.ui.results.click(a!.key)
    root.ui.results.click(b!.key, { ctrl: true })
    const approve = commandsOfCurrent(root).find((t) => t.label === 'Approve')!
    approve.run()
    await until(() => approvals.counts.Approved === 2)

    // View by Recommendation: Ignore every recommendation of one update.
    approvals.setMode('recommendation')
    expect(root.ui.results.view.setKey).toBe('recs-by-update')
    const group = root.ui.results.rows[0]!
    const computers = (group.data as { computers: number }).computers
    await approvals.setGroupState([(group.data as { updateId: string }).updateId], 'Ignored')
    expect(approvals.counts.Ignored).toBe(computers)
    approvals.setStateFilter('Ignored')
    approvals.setMode('computer')
    expect(root.ui.results.rows).toHaveLength(computers)
  })

  it('creates a list from updates, removes one, and follows its compliance summary', async () => {
    const { root } = h
    const lists = root.updateLists
    const picked = root.updates.items.filter((u) => u.required > 0).slice(0, 3)
    const list = await lists.create({ name: 'June baseline', updateIds: picked.map((u) => u.id) })
    expect(findNode(root.ui.tree, listNodeId(list.id))?.node.label).toBe('June baseline')
    root.ui.selectNode(listNodeId(list.id))
    await until(() => root.ui.results.rows.length === 3)
    const props = lists.properties.get(list.id)!
    expect(
      props.summary.compliantClients + props.summary.nonCompliantClients + props.summary.unknownClients,
    ).toBe(3)
    expect(props.summary.nonCompliantClients).toBeGreaterThan(0)
    await lists.removeUpdates(list.id, [picked[0]!.id])
    expect(lists.byId.get(list.id)?.updateCount).toBe(2)
    expect(root.ui.results.rows).toHaveLength(2)
    expect(commandsFor(root, root.ui.results.rows.slice(0, 1)).map((t) => t.label)).toContain(
      'Remove from Update List',
    )
  })

  it('labels search folders with their live count, and keeps templates', async () => {
    const { root } = h
    const folders = root.searchFolders
    const folder = await folders.create('Required anywhere', { minRequired: 1 })
    const required = root.updates.items.filter((u) => u.required > 0 && !u.supersededBy).length
    expect(folder.count).toBe(required)
    await until(() => !!findNode(root.ui.tree, `updates:search:${folder.id}`))
    expect(findNode(root.ui.tree, `updates:search:${folder.id}`)?.node.label).toBe(
      `Required anywhere (${required})`,
    )

    const templates = root.templates
    const t = await templates.create({ name: 'Workstations', settings: { deadlineOffsetHours: 24 } })
    root.ui.selectNode('updates:templates')
    await until(() => root.ui.results.rows.length === 1)
    expect(t.settings).toMatchObject({
      deadlineOffsetHours: 24,
      maintenanceWindow: 'respect',
      collectionId: null,
    })
  })
})
