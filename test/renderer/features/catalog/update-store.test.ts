import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'
import { settle, startHarness, until, type Harness } from '../../store-harness'

describe('UpdateStore and Resource Explorer on the real services', () => {
  let h: Harness
  let fleet: LabFleet
  const ids: number[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 4, seed: 5, windowsShare: 0.25 })
    h = await startHarness()
    ids.push(...(await addLabClients(h.root.transport, fleet.hosts, writeLabKey(fleet, h.dir))))
    await settle(h.root)
  }, 60_000)

  afterAll(async () => {
    await h?.close()
    await fleet?.stop()
  })

  it('shows the empty state until a scan, then live counts, filters and a client’s updates', async () => {
    const { root } = h
    root.ui.selectNode('updates:repository')
    await until(() => root.updates.loaded)
    expect(root.ui.results.view.placeholder?.title).toMatch(/scan clients/)

    // Another front end scans two clients (consenting to their keys): the repository follows live.
    const job = await root.transport.invoke('clients:scan', {
      targets: { resourceIds: ids.slice(0, 2) },
      force: true,
      trustNewHostKeys: true,
    })
    await h.services.wait(job.id)
    await settle(root)
    await until(() => root.updates.items.length > 0)
    const view = root.ui.results.view
    expect(view.placeholder).toBeUndefined()
    expect(view.filterBar).toBe('updates')
    const expected = await root.transport.invoke('updates:list', {})
    await until(
      () =>
        root.updates.items.reduce((a, u) => a + u.required, 0) ===
        expected.reduce((a, u) => a + u.required, 0),
    )
    // Two scanned clients report; the other two count as Unknown for every update.
    expect(root.updates.items.every((u) => u.unknown === 2)).toBe(true)
    expect(root.updates.items.every((u) => u.required + u.installed + u.notRequired === 2)).toBe(true)

    const classification = root.updates.classifications[0]!
    root.updates.setClassification(classification)
    expect(root.ui.results.rows.every((r) => r.data.classification === classification)).toBe(true)
    root.updates.setClassification('all')
    root.updates.setState('required')
    expect(root.ui.results.rows.length).toBe(expected.filter((u) => u.required > 0).length)
    expect(root.ui.results.rows.every((r) => r.data.required > 0)).toBe(true)
    root.updates.setState('all')

    // Hidden: a change only marks the list stale; showing it again reloads.
    root.ui.selectNode('clients')
    const before = root.updates.items
    const second = await root.transport.invoke('clients:scan', {
      targets: { resourceIds: ids.slice(2) },
      force: true,
      trustNewHostKeys: true,
    })
    await h.services.wait(second.id)
    await settle(root)
    expect(root.updates.stale).toBe(true)
    expect(root.updates.items).toBe(before)
    root.ui.selectNode('updates:repository')
    await until(() => !root.updates.stale && root.updates.items.every((u) => u.unknown === 0))

    // Resource Explorer of a scanned client: its updates with state, and one update's state history.
    const explorer = root.openExplorer(ids[0]!)!
    await until(() => explorer.loaded)
    expect(explorer.updates.length).toBeGreaterThan(0)
    expect(explorer.inventory?.software.length).toBeGreaterThan(0)
    const required = explorer.clientUpdates.find((u) => u.state === 'required')!
    expect(explorer.clientUpdates[0]!.state).toBe('required')
    explorer.selectUpdate(required.id)
    await until(() => explorer.stateHistory.length > 0)
    expect(explorer.stateHistory[0]).toMatchObject({
      topicType: 500,
      stateId: 2,
      stateName: 'Update is required',
    })
    explorer.setSoftwareFilter(explorer.inventory!.software[0]!.name)
    expect(explorer.software.length).toBeGreaterThan(0)
    root.openExplorer(null)
  }, 90_000)
})
