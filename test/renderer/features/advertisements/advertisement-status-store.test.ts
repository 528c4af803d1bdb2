import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import { addLabClients, directCollection, writeLabKey } from '../../../support/lab-clients'
import {
  AdvertisementStatusStore,
  clientsIn,
} from '../../../../renderer/src/features/advertisements/advertisement-status-store'
import { openProperties, commandsFor } from '../../../../renderer/src/shell/commands'
import { settle, startHarness, until, type Harness } from '../../store-harness'

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

    const store = root.advertisementStatus
    root.ui.selectNode('status:advertisements')
    expect(root.ui.results.view.title).toBe('Advertisement Status')
    await until(() => store.loaded && root.ui.results.rows.length === 1)
    const row = () => root.ui.results.rows[0]!
    expect(row().data).toMatchObject({ state: 'Not run', summary: { targeted: 3, received: 0, failed: 0 } })

    // All Tasks › Run Advertisement Now; the counts arrive without a manual refresh.
    root.ui.results.click(row().key)
    const run = commandsFor(root, root.ui.results.selectedRows).find((x) => x.id === 'advertisement-run')!
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

  it('Run Advertisement Now on a store never loaded: the counts reach the end even when the first read answers late', async () => {
    const { root } = h
    const real = root.transport
    const pkg = await real.invoke('packages:create', { name: 'Late Tool' })
    await real.invoke('programs:create', { packageId: pkg.id, name: 'Late', commandLine: 'echo late' })
    const ad = await root.advertisements.create({
      name: 'Late answer',
      packageId: pkg.id,
      programName: 'Late',
      collectionId,
      availableAt: new Date(Date.now() - 60_000).toISOString(),
    })
    const finished = async () => {
      for (;;) {
        const s = await real.invoke('advertisements:status', { id: ad.id })
        // …and a moment more, so the run's last change events have been delivered too.
        if (s.jobState && s.jobState !== 'active') return new Promise((r) => setTimeout(r, 500))
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    // The first status read is made at once but answered only after the run has finished (a slow, busy
    // console): the run's change events all arrive while that read is on its way.
    let first = true
    const transport = {
      ...real,
      on: real.on.bind(real),
      invoke: ((channel: string, input: unknown) => {
        const answer = (real.invoke as (c: string, i: unknown) => Promise<unknown>)(channel, input)
        if (channel !== 'advertisements:status' || !first) return answer
        first = false
        return answer.then(async (v) => {
          await finished()
          return v
        })
      }) as typeof real.invoke,
    }
    const store = new AdvertisementStatusStore(root, transport)
    try {
      await store.runNow(ad.id)
      await until(
        () =>
          store.statuses.get(ad.id)?.summary.received === 3 &&
          store.statuses.get(ad.id)?.jobState === 'succeeded',
        60_000,
      )
      expect(store.statuses.get(ad.id)!.summary).toMatchObject({
        targeted: 3,
        received: 3,
        succeeded: 3,
        failed: 0,
      })
    } finally {
      store.dispose()
    }
  }, 120_000)
})
