import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../main/clients/lab'
import { parseQuery } from '../../../main/cli/parse'
import { newSite } from '../../support/services'
import { addLabClients, writeLabKey } from '../../support/lab-clients'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson } from './cli-harness'

/** `patchbay report restart-status --csv` and `deploy create --restart` against simulated lab hosts. */
describe('patchbay report restart-status', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]
  let fleet: LabFleet
  let outdated = ''
  let updateId = ''

  beforeAll(async () => {
    await ensureCliBuilt()
    fleet = await startLabFleet({ hosts: 6, seed: 41, windowsShare: 0 })
    const host = fleet.hosts.find((h) =>
      fleet
        .state(h.name)
        .upgradable()
        .some((c) => c.name === 'libssl3'),
    )!
    outdated = host.name
    fleet.state(outdated).installPackage('libssl3', undefined, new Date())
    const other = fleet.state(outdated).upgradable()[0]!
    updateId = `deb:${other.name}:${other.arch}:${other.version}`
    const { services, api } = await newSite(tmp.site, 'LAB')
    try {
      await addLabClients(api, fleet.hosts, writeLabKey(fleet, tmp.dir))
      const targets = { collectionId: 'LAB00001' }
      await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
      await services.wait((await api.invoke('clients:scan', { targets, force: true })).id)
    } finally {
      await services.close()
    }
  }, 300_000)

  afterAll(async () => {
    await fleet?.stop()
    tmp.cleanup()
  })

  it('prints one CSV row per client: pending, reasons, the count and names of the services to restart', async () => {
    const r = await runCli(['report', 'restart-status', '--csv', ...site], tmp.env)
    expect(r.code, r.stderr).toBe(0)
    const rows = lines(r.stdout)
    expect(rows[0]).toBe('client,platform,restartPending,reasons,servicesToRestart,services,note,lastScan')
    expect(rows).toHaveLength(fleet.hosts.length + 1)
    expect(rows).toContainEqual(
      expect.stringMatching(new RegExp(`^${outdated},debian,No,,2,"ssh\\.service, cron\\.service",,\\d{4}-`)),
    )
  }, 60_000)

  it('collection queries read restartPending and servicesToRestart', () => {
    expect(parseQuery('--query', 'restartPending equals true and servicesToRestart greaterThan 0')).toEqual([
      { attribute: 'restartPending', operator: 'equals', value: 'true' },
      { attribute: 'servicesToRestart', operator: 'greaterThan', value: '0' },
    ])
  })

  it('deploy create --restart services stores the setting; another word is refused', async () => {
    const d = await runJson<{ settings: { restart: string } }>(
      [
        'deploy',
        'create',
        '--updates',
        updateId,
        '--collection',
        'All Systems',
        '--restart',
        'services',
        ...site,
      ],
      tmp.env,
    )
    expect(d.settings.restart).toBe('services')
    const bad = await runCli(
      [
        'deploy',
        'create',
        '--updates',
        updateId,
        '--collection',
        'All Systems',
        '--restart',
        'kernel',
        ...site,
      ],
      tmp.env,
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--restart.*(machine|services)/)
  }, 60_000)
})
