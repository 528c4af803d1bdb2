import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobDto } from '../../../shared/dto/job'
import { startLabFleet, type LabFleet } from '../../../main/clients/lab'
import { newSite } from '../../support/services'
import { addLabClients, writeLabKey } from '../../support/lab-clients'
import { ensureCliBuilt, makeSiteDir, runCli } from './cli-harness'

/** `patchbay reboot --client` against SIMULATED lab hosts: a restart job, skipped without --force. */
describe('patchbay reboot', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]
  let fleet: LabFleet

  beforeAll(async () => {
    await ensureCliBuilt()
    fleet = await startLabFleet({ hosts: 1, seed: 77, windowsShare: 0, rebootDowntimeMs: 200 })
    const keyFile = writeLabKey(fleet, tmp.dir)
    const { services, api } = await newSite(tmp.site, 'LAB')
    try {
      await addLabClients(api, fleet.hosts.slice(0, 1), keyFile)
      const targets = { collectionId: 'LAB00001' }
      await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
      await services.wait(
        (await api.invoke('clients:scan', { targets, force: true, trustNewHostKeys: false })).id,
      )
    } finally {
      await services.close()
    }
  }, 300_000)

  afterAll(async () => {
    await fleet?.stop()
    tmp.cleanup()
  })

  it('--force restarts a client, waits and rescans; then, with no restart pending, it is skipped', async () => {
    const name = fleet.hosts[0]!.name
    const boot = fleet.state(name).bootTime.getTime()
    const forced = await runCli(['reboot', '--client', name, '--force', '--json', ...site], tmp.env)
    expect(forced.code, forced.stderr).toBe(0)
    const job1 = JSON.parse(forced.stdout) as JobDto
    expect(job1).toMatchObject({ kind: 'reboot', title: `Restart ${name} (forced)` })
    expect(job1.hosts[0]!.message).toMatch(/^restarted; answered again after \d+ s; no restart pending$/)
    const restarted = fleet.state(name).bootTime.getTime()
    expect(restarted).toBeGreaterThan(boot)

    // The rescan recorded "no restart pending": without --force the client is skipped.
    const skipped = await runCli(['reboot', '--client', name, '--json', ...site], tmp.env)
    expect(skipped.code, skipped.stderr).toBe(0)
    const job2 = JSON.parse(skipped.stdout) as JobDto
    expect(job2).toMatchObject({ kind: 'reboot', title: `Restart ${name}` })
    expect(job2.hosts[0]).toMatchObject({
      state: 'skipped',
      message: expect.stringMatching(/no restart pending/),
    })
    expect(fleet.state(name).bootTime.getTime()).toBe(restarted)

    const unknown = await runCli(['reboot', '--client', 'no-such-host', ...site], tmp.env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/no-such-host/)
  }, 120_000)
})
