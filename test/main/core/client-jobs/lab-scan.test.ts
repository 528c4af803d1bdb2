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

const HOSTS = 200

describe('scanning 200 simulated lab hosts with 10% faults', () => {
  let fleet: LabFleet
  let services: Services
  let api: Transport
  const ids = new Map<string, number>()

  beforeAll(async () => {
    fleet = await startLabFleet({
      hosts: HOSTS,
      seed: 7,
      faults: { unreachable: 0.03, authFailure: 0.03, dropMidCommand: 0.02 },
    })
    const dir = mkdtempSync(join(tmpdir(), 'pb-lab-'))
    const keyFile = writeLabKey(fleet, dir)
    const site = join(dir, 'site.db')
    await initSite({ site, code: 'LAB', name: 'Lab' })
    services = await startServices({
      site,
      frontDoor: 'in-process',
      prefs: createMemoryPrefs(),
      ssh: { connectTimeoutMs: 4000, commandTimeoutMs: 20_000, retries: 1, retryBaseDelayMs: 50 },
    })
    api = createInProcessTransport(services)
    const created = await addLabClients(api, fleet.hosts, keyFile)
    fleet.hosts.forEach((h, i) => ids.set(h.name, created[i]!))
  }, 120_000)

  afterAll(async () => {
    await services?.close()
    await fleet?.stop()
  })

  it('finishes every healthy host and names every faulty one with its reason', async () => {
    const progress: number[] = []
    const off = api.on('job:progress', (e) => progress.push(e.job.done))
    const first = await services.wait(
      (
        await api.invoke('clients:scan', {
          targets: { collectionId: 'LAB00001' },
          force: true,
          trustNewHostKeys: true,
        })
      ).id,
    )
    off()
    expect(first.total).toBe(HOSTS)
    expect(Math.max(...progress)).toBe(HOSTS)
    const faulty = new Map(fleet.hosts.filter((h) => h.fault).map((h) => [h.name, h.fault]))
    expect(faulty.size).toBe(16)
    for (const host of first.hosts) {
      const fault = faulty.get(host.name)
      if (!fault)
        expect(host, `${host.name}: ${host.message}`).toMatchObject({ state: 'succeeded', errorKind: null })
      else {
        expect(host.state, host.name).toBe('failed')
        const expected = {
          unreachable: 'unreachable',
          authFailure: 'auth-failed',
          dropMidCommand: 'disconnected',
        }[fault as string]
        expect(host.errorKind, `${host.name} (${fault}): ${host.message}`).toBe(expected)
        expect(host.message).toContain(host.name)
      }
    }
    expect(first).toMatchObject({ succeeded: HOSTS - 16, failed: 16, state: 'failed' })

    // Four healthy hosts now present a different key: refused by the next scan, named, the rest unaffected.
    const healthy = fleet.hosts.filter((h) => !h.fault)
    const rotated = healthy.slice(0, 4).map((h) => h.name)
    for (const name of rotated) fleet.rotateHostKey(name)
    const second = await services.wait(
      (await api.invoke('clients:scan', { targets: { collectionId: 'LAB00001' }, force: true })).id,
    )
    const failedNames = second.hosts.filter((h) => h.state === 'failed').map((h) => h.name)
    expect(failedNames.sort()).toEqual([...faulty.keys(), ...rotated].sort())
    for (const name of rotated)
      expect(second.hosts.find((h) => h.name === name)!.errorKind).toBe('host-key-changed')
    expect(second.succeeded).toBe(HOSTS - 20)

    // Every simulated Debian and Windows client reported its updates; the repository counts them.
    const repository = await api.invoke('updates:list', {})
    expect(repository.some((u) => u.vendor === 'microsoft' && u.required > 0)).toBe(true)
    expect(
      repository.some(
        (u) => u.vendor === 'debian' && u.classification === 'Security Updates' && u.required > 0,
      ),
    ).toBe(true)
    const clients = await api.invoke('resources:list', {})
    expect(clients.every((c) => c.simulated)).toBe(true)
    expect(clients.filter((c) => c.scanStateId === 3)).toHaveLength(HOSTS - 20)
    expect(
      clients
        .filter((c) => c.scanStateId === 5)
        .map((c) => c.name)
        .sort(),
    ).toEqual(failedNames.sort())
  }, 180_000)
})
