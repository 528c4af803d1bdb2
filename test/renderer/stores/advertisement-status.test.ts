import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../main/clients/lab'
import { addLabClients, directCollection, writeLabKey } from '../../support/lab-clients'
import { advertisementStatusOf, clientsIn } from '../../../renderer/src/stores/advertisement-status-store'
import { openProperties, tasksFor } from '../../../renderer/src/stores/commands'
import { settle, startHarness, until, type Harness } from './store-harness'

describe('Advertisement Status on the real services and SIMULATED lab hosts', () => {
  let h: Harness
  let fleet: LabFleet
  let collectionId: string

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 3, seed: 44, windowsShare: 0 })
    h = await startHarness()
    const t = h.root.transport
    const ids = await addLabClients(t, fleet.hosts, writeLabKey(fleet, h.dir))
    collectionId = await directCollection(t, 'Ring 1', ids)
    const job = await t.invoke('clients:connect', { targets: { resourceIds: ids }, trustNewHostKeys: true })
    await h.services.wait(job.id)
    await settle(h.root)
  }, 90_000)

  afterAll(async () => {
    advertisementStatusOf(h.root).dispose()
    await h?.close()
    await fleet?.stop()
  })

  it('runs an advertisement from All Tasks and shows Succeeded and Failed counts live, with the failure’s message', async () => {
    const { root } = h
    const t = root.transport
    const pkg = await t.invoke('packages:create', { name: 'Inventory Tool' })
    await t.invoke('programs:create', { packageId: pkg.id, name: 'Expedited', commandLine: 'echo scanned' })
    const ad = await root.advertisements.create({
      name: 'Security scan',
      packageId: pkg.id,
      programName: 'Expedited',
      collectionId,
      availableAt: new Date(Date.now() - 60_000).toISOString(),
    })
    const broken = fleet.hosts[1]!.name
    await fleet.setFault(broken, 'unreachable')

    const store = advertisementStatusOf(root)
    root.ui.selectNode('status:advertisements')
    expect(root.ui.results.view.title).toBe('Advertisement Status')
    await until(() => store.loaded && root.ui.results.rows.length === 1)
    const row = () => root.ui.results.rows[0]!
    expect(row().data).toMatchObject({ state: 'Not run', summary: { targeted: 3, received: 0, failed: 0 } })

    // All Tasks › Run Advertisement Now; the counts arrive without a manual refresh.
    root.ui.results.click(row().key)
    const run = tasksFor(root, root.ui.results.selectedRows).find((x) => x.id === 'advertisement-run')!
    expect(run.label).toBe('Run Advertisement Now')
    run.run()
    await until(() => store.statuses.get(ad.id)?.jobState === 'failed', 60_000)
    await until(() => (row().data as { summary: { failed: number } }).summary.failed === 1)
    expect(row().data).toMatchObject({
      state: 'Failed',
      summary: { targeted: 3, received: 3, running: 0, succeeded: 2, failed: 1 },
    })

    // Enter on the row opens the drill-down; Failed shows the broken host and its message.
    openProperties(root, row())
    expect(store.drill).toEqual({ id: ad.id, bucket: 'received' })
    store.setBucket('failed')
    const s = store.statuses.get(ad.id)!
    const failed = clientsIn(s.clients, 'failed')
    expect(failed.map((c) => c.name)).toEqual([broken])
    expect(failed[0]!.message).not.toBe('')
    expect(clientsIn(s.clients, 'succeeded').map((c) => c.state)).toEqual(['Succeeded', 'Succeeded'])
    // Seed 004's status messages, as the back end writes them.
    const ids = s.messages.map((m) => m.messageId)
    expect(ids.filter((i) => i === 10002)).toHaveLength(3)
    expect(ids.filter((i) => i === 10008)).toHaveLength(2)
    expect(ids.filter((i) => i === 10006)).toHaveLength(1)
    expect(s.messages.find((m) => m.messageId === 10006)!.text).toContain(broken)

    await fleet.setFault(broken, null)
    store.close()
    expect(store.drill).toBeNull()
  }, 120_000)
})
