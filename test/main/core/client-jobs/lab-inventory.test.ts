import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import { createInProcessTransport } from '../../../../main/core/runtime/in-process-transport'
import { createMemoryPrefs } from '../../../../main/core/runtime/prefs'
import type { Services } from '../../../../main/core/runtime/services'
import { initSite } from '../../../../main/core/runtime/site-init'
import { startServices } from '../../../../main/core/runtime/start-services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'

describe('Refresh Inventory on simulated lab hosts', () => {
  let fleet: LabFleet
  let services: Services
  let api: Transport

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 4, seed: 11, windowsShare: 0.5 })
    const dir = mkdtempSync(join(tmpdir(), 'pb-labinv-'))
    const keyFile = writeLabKey(fleet, dir)
    await initSite({ site: join(dir, 'site.db'), code: 'LAB', name: 'Lab' })
    services = await startServices({
      site: join(dir, 'site.db'),
      frontDoor: 'in-process',
      prefs: createMemoryPrefs(),
    })
    api = createInProcessTransport(services)
    await addLabClients(api, fleet.hosts, keyFile)
  }, 60_000)

  afterAll(async () => {
    await services?.close()
    await fleet?.stop()
  })

  it('records hardware and software for Debian-like and Windows-like hosts, and a reboot as a change', async () => {
    const refresh = async () =>
      services.wait(
        (
          await api.invoke('clients:inventory', {
            targets: { collectionId: 'LAB00001' },
            trustNewHostKeys: true,
          })
        ).id,
      )
    const first = await refresh()
    expect(first.hosts.map((h) => [h.name, h.state, h.message])).toEqual(
      first.hosts.map((h) => [
        h.name,
        'succeeded',
        expect.stringMatching(/^hardware: 0 changes; \d+ required/),
      ]),
    )
    const clients = await api.invoke('resources:list', {})
    for (const c of clients) {
      const inv = await api.invoke('inventory:get', { resourceId: c.id })
      expect(inv.hardware, c.name).toMatchObject({
        hostname: expect.any(String),
        memoryBytes: expect.any(Number),
      })
      expect(inv.software.length, c.name).toBeGreaterThan(0)
    }
    const deb = fleet.hosts.find((h) => h.platform === 'debian')!
    await fleet.reboot(deb.name)
    await new Promise((r) => setTimeout(r, 2500))
    await refresh()
    const id = clients.find((c) => c.name === deb.name)!.id
    const history = (await api.invoke('inventory:get', { resourceId: id })).history
    expect(history.some((h) => h.category === 'os' || /boot/i.test(h.item))).toBe(true)
  }, 60_000)
})
