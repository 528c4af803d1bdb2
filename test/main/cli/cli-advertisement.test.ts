import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdvertisementStatusDto } from '../../../shared/dto/advertisement-run'
import { startLabFleet, type LabFleet } from '../../../main/clients/lab'
import { newSite } from '../../support/services'
import { addLabClients, writeLabKey } from '../../support/lab-clients'
import { ensureCliBuilt, makeSiteDir, runCli, runJson } from './cli-harness'

/** advertisement run --wait / status --json against simulated lab hosts, one of them unreachable. */
describe('patchbay advertisement run and status', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]
  let fleet: LabFleet
  let adId = ''

  beforeAll(async () => {
    await ensureCliBuilt()
    fleet = await startLabFleet({ hosts: 3, seed: 52, windowsShare: 0 })
    const keyFile = writeLabKey(fleet, tmp.dir)
    const { services, api } = await newSite(tmp.site, 'LAB')
    try {
      await addLabClients(api, fleet.hosts, keyFile)
      const targets = { collectionId: 'LAB00001' }
      await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
      const pkg = await api.invoke('packages:create', { name: 'Inventory Tool' })
      await api.invoke('programs:create', { packageId: pkg.id, name: 'Scan', commandLine: 'echo scanned' })
      adId = (
        await api.invoke('advertisements:create', {
          name: 'Security scan',
          packageId: pkg.id,
          programName: 'Scan',
          collectionId: 'LAB00001',
          availableAt: new Date(Date.now() - 60_000).toISOString(),
        })
      ).id
    } finally {
      await services.close()
    }
  }, 120_000)

  afterAll(async () => {
    await fleet?.stop()
    tmp.cleanup()
  })

  it('status before a run says so; run --wait exits 1 when a client fails; status --json counts it', async () => {
    const before = await runCli(['advertisement', 'status', adId, ...site], tmp.env)
    expect(before.code).toBe(0)
    expect(before.stdout).toContain(`Advertisement ${adId}: not run yet`)
    expect(before.stdout).toMatch(/Targeted 3 {2}Received 0/)

    const broken = fleet.hosts[2]!.name
    await fleet.setFault(broken, 'unreachable')
    const run = await runCli(['advertisement', 'run', adId, '--wait', ...site], tmp.env)
    expect(run.stderr).toBe('')
    expect(run.stdout).toMatch(new RegExp(`^Advertisement ${adId}: run \\d+ failed\\.$`, 'm'))
    expect(run.code).toBe(1)

    const s = await runJson<AdvertisementStatusDto>(['advertisement', 'status', adId, ...site], tmp.env)
    expect(s.jobState).toBe('failed')
    expect(s.summary).toEqual({ targeted: 3, received: 3, running: 0, succeeded: 2, failed: 1 })
    expect(s.clients.find((c) => c.state === 'Failed')!.name).toBe(broken)
    expect(s.messages.filter((m) => m.messageId === 10008)).toHaveLength(2)
    expect(s.messages.find((m) => m.messageId === 10006)!.text).toContain(broken)

    // The text form shows the same counts and the failed client's row.
    const text = await runCli(['advertisement', 'status', adId, ...site], tmp.env)
    expect(text.stdout).toMatch(/Succeeded 2 {2}Failed 1/)
    expect(text.stdout).toContain(broken)
  }, 120_000)

  it('names an unknown advertisement', async () => {
    const r = await runCli(['advertisement', 'status', 'LAB99999', ...site], tmp.env)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^patchbay: .*LAB99999/m)
  })
})
