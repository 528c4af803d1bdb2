import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import type { Services } from '../../../../main/core/runtime/services'
import { newSite } from '../../../support/services'

describe('lab fleet service (lab:start|status|stop, the console front door)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-lab-service-'))
  let services: Services
  let api: Transport

  beforeAll(async () => {
    ;({ services, api } = await newSite(join(dir, 'site.db')))
  })
  afterAll(async () => {
    await services?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts a fleet whose hosts become simulated clients in its collection, and a scan reaches them', async () => {
    expect(await api.invoke('lab:status', {})).toMatchObject({ running: false, hosts: 0, ports: null })
    const started = await api.invoke('lab:start', { hosts: 3, seed: 5, windowsShare: 0, faults: 'slow=0' })
    expect(started).toMatchObject({
      running: true,
      hosts: 3,
      seed: 5,
      address: '127.0.0.1',
      collection: 'Lab fleet',
    })
    expect(Object.values(started.platforms).reduce((a, b) => a + b, 0)).toBe(3)
    const members = await api.invoke('collections:members', { id: started.collectionId! })
    expect(members).toHaveLength(3)
    for (const m of members) {
      expect(m).toMatchObject({ simulated: true, address: '127.0.0.1', authMethod: 'key' })
      expect(m.port).toBeGreaterThanOrEqual(started.ports![0])
      expect(m.port).toBeLessThanOrEqual(started.ports![1])
    }
    const job = await api.invoke('clients:scan', {
      targets: { collectionId: started.collectionId!, resourceIds: [] },
      force: true,
      trustNewHostKeys: true,
    })
    expect(await services.wait(job.id)).toMatchObject({ succeeded: 3, failed: 0 })
  }, 60_000)

  it('refuses a second fleet and bad input, naming what is wrong', async () => {
    await expect(api.invoke('lab:start', { hosts: 2 })).rejects.toThrow(/already running; stop it first/)
    await api.invoke('lab:stop', {})
    await expect(api.invoke('lab:start', { hosts: 2, faults: 'gremlins=0.5' })).rejects.toThrow(
      /^Faults: bad lab fault "gremlins=0.5"/,
    )
    await expect(api.invoke('lab:start', { hosts: 0 })).rejects.toThrow(/Hosts must be 1–500/)
    expect(await api.invoke('lab:status', {})).toMatchObject({ running: false })
  })

  it('stopping keeps the clients; a new fleet takes them over with its ports and keys', async () => {
    const before = (await api.invoke('resources:list', {})).filter((r) => r.simulated)
    expect(before).toHaveLength(3)
    const again = await api.invoke('lab:start', { hosts: 3, seed: 5, windowsShare: 0 })
    const after = (await api.invoke('resources:list', {})).filter((r) => r.simulated)
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort())
    expect(await api.invoke('lab:stop', {})).toMatchObject({ running: false })
    expect(again.running).toBe(true)
  }, 60_000)
})
