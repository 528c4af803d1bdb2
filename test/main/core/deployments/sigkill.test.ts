import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeploymentStatusDto } from '../../../../shared/dto/deployment'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import { newSite } from '../../../support/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'
import { ensureCliBuilt, makeSiteDir, runCli, runJson, startCli } from '../../cli/cli-harness'

const HOSTS = 50

/**
 * A site process (the built CLI running `deploy run --wait`) is killed with SIGKILL in the middle of a
 * 50-host deployment to simulated lab hosts; a second process resumes it. Every host ends installed, and
 * no host ran an install twice (the lab hosts in this process record every install they did).
 */
describe('a deployment survives SIGKILL of the site process', () => {
  const tmp = makeSiteDir()
  let fleet: LabFleet
  let deploymentId = ''
  /** Hosts that need at least one update of the deployment (the others are compliant from the start). */
  let needing: string[] = []

  beforeAll(async () => {
    await ensureCliBuilt()
    // Slow hosts do each command at once but answer late, so the kill lands between doing and recording.
    fleet = await startLabFleet({
      hosts: HOSTS,
      seed: 23,
      windowsShare: 0,
      faults: { slow: 1 },
      slowDelayMs: 150,
    })
    const keyFile = writeLabKey(fleet, tmp.dir)
    const { services, api } = await newSite(tmp.site, 'LAB')
    try {
      await addLabClients(api, fleet.hosts, keyFile)
      const targets = { collectionId: 'LAB00001' }
      await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
      await services.wait(
        (await api.invoke('clients:scan', { targets, force: true, trustNewHostKeys: false })).id,
      )
      // Updates (no kernels: they ask for restarts) so that every host needs at least one.
      const required = (await api.invoke('state:list', { topicType: 500, limit: 100_000 })).filter(
        (m) => m.stateId === 2 && !m.updateId!.includes('linux-image'),
      )
      const uncovered = new Set(required.map((m) => m.resourceId))
      const chosen = new Set<string>()
      while (uncovered.size) {
        const count = new Map<string, number>()
        for (const m of required)
          if (uncovered.has(m.resourceId)) count.set(m.updateId!, (count.get(m.updateId!) ?? 0) + 1)
        const best = [...count].sort((a, b) => b[1] - a[1])[0]![0]
        chosen.add(best)
        for (const m of required) if (m.updateId === best) uncovered.delete(m.resourceId)
      }
      needing = [...new Set(required.map((m) => m.resourceName))].sort()
      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateIds: [...chosen],
        deadline: new Date().toISOString(),
        settings: { reboot: 'suppress', maxConcurrent: 5 },
      })
      deploymentId = d.id
    } finally {
      await services.close()
    }
  }, 300_000)

  afterAll(async () => {
    await fleet?.stop()
    tmp.cleanup()
  })

  const installs = () =>
    fleet.hosts.flatMap((h) => fleet.state(h.name).installLog.map((r) => ({ host: h.name, ...r })))

  it('resumes after SIGKILL: every host finished, none installed twice', async () => {
    const site = ['--site', tmp.site]
    const first = startCli(['deploy', 'run', deploymentId, '--wait', ...site], tmp.env)
    // Kill once about ten hosts have installed (the lab hosts record it as it happens).
    for (;;) {
      const hostsDone = new Set(installs().map((r) => r.host)).size
      if (hostsDone >= 10 || first.child.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(first.child.exitCode, first.stderr).toBeNull()
    first.child.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')
    const before = new Set(installs().map((r) => r.host)).size
    expect(before).toBeGreaterThanOrEqual(10)
    expect(before).toBeLessThan(needing.length)

    // The killed process left steps running under its lease; the next process takes them over.
    const second = await runCli(['deploy', 'run', deploymentId, '--wait', '--json', ...site], tmp.env)
    expect(second.code, second.stderr).toBe(0)
    expect(JSON.parse(second.stdout)).toMatchObject({ deploymentId, state: 'succeeded' })

    const status = await runJson<DeploymentStatusDto>(['deploy', 'status', deploymentId, ...site], tmp.env)
    expect(status.clients).toHaveLength(HOSTS)
    for (const c of status.clients) expect(c, JSON.stringify(c)).toMatchObject({ stepState: 'succeeded' })
    // One job only: the second process resumed the first one's job.
    expect(status.job).toMatchObject({ state: 'succeeded', counts: { succeeded: HOSTS } })

    const log = installs()
    expect(needing.length).toBeGreaterThan(HOSTS / 2)
    expect([...new Set(log.map((r) => r.host))].sort()).toEqual(needing)
    // Exactly once per host and package: no second install and no replay of the same idempotency key.
    const seen = new Map<string, number>()
    for (const r of log) seen.set(`${r.host} ${r.item}`, (seen.get(`${r.host} ${r.item}`) ?? 0) + 1)
    expect([...seen].filter(([, n]) => n > 1)).toEqual([])
    expect(log.filter((r) => r.replays > 0)).toEqual([])
    // Nothing the deployment holds is still required anywhere.
    const stillRequired = status.clients.flatMap((c) =>
      c.updates.filter((u) => u.applicabilityStateId === 2).map((u) => `${c.name} ${u.updateId}`),
    )
    expect(stillRequired).toEqual([])
  }, 300_000)
})
