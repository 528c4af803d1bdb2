import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { startLabFleet, type LabFleet, type LabHostEntry } from '../../../../main/clients/lab'
import { RESTART_SERVICES_NAME } from '../../../../main/clients/platforms/restart-services'
import type { Services } from '../../../../main/core/runtime/services'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'

describe('deployment setting restart: services, on SIMULATED lab Debian hosts', () => {
  let fleet: LabFleet
  let keyFile: string
  const used = new Set<string>()
  const opened: Services[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 40, seed: 17, windowsShare: 0, rebootDowntimeMs: 300 })
    keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-restart-svc-')))
  }, 60_000)

  afterAll(async () => {
    for (const s of opened) await s.close()
    await fleet?.stop()
  })

  /** An unused lab host that can upgrade `pkg`. */
  const take = (pkg: string): LabHostEntry => {
    const h = fleet.hosts.find(
      (x) =>
        !used.has(x.name) &&
        fleet
          .state(x.name)
          .upgradable()
          .some((c) => c.name === pkg),
    )
    if (!h) throw new Error(`no lab host left that can upgrade ${pkg}`)
    used.add(h.name)
    return h
  }

  async function deploy(location: string, host: LabHostEntry, pkg: string, settings: object) {
    const { services, api } = await newSite(location, 'LAB')
    opened.push(services)
    await addLabClients(api, [host], keyFile)
    const targets = { collectionId: 'LAB00001' }
    await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
    await services.wait((await api.invoke('clients:scan', { targets, force: true })).id)
    const cand = fleet.state(host.name).candidates.get(pkg)!
    const d = await api.invoke('deploy:create', {
      collectionId: 'LAB00001',
      updateIds: [`deb:${pkg}:${cand.arch}:${cand.version}`],
      deadline: new Date().toISOString(),
      settings,
    })
    await api.invoke('deploy:run', { id: d.id })
    const end = await api.invoke('deploy:wait', { id: d.id })
    const lines = await api.invoke('deploy:logs', { deploymentId: d.id })
    return { api, end, log: lines.map((l) => l.text) }
  }

  const resourceOf = async (api: Transport, name: string) =>
    (await api.invoke('resources:list', {})).find((x) => x.name === name)!

  const restartCommands = (host: LabHostEntry) =>
    fleet.state(host.name).received.filter((c) => c.includes(RESTART_SERVICES_NAME))
  const rebootCommands = (host: LabHostEntry) =>
    fleet.state(host.name).received.filter((c) => /systemctl reboot|shutdown -r/.test(c))

  for (const engine of siteEngines()) {
    it(`a library upgrade restarts only the services on it, rescans, and the machine keeps running (${engine.kind})`, async () => {
      const host = take('libssl3')
      const boot = fleet.state(host.name).bootTime.getTime()
      const { api, end, log } = await deploy(engine.freshLocation('svc'), host, 'libssl3', {
        restart: 'services',
      })
      expect(end.state, log.join('\n')).toBe('succeeded')
      expect(restartCommands(host)).toHaveLength(1)
      expect(restartCommands(host)[0]).toMatch(/'ssh\.service' 'cron\.service'$/)
      expect(rebootCommands(host)).toEqual([])
      expect(fleet.state(host.name).bootTime.getTime()).toBe(boot)
      expect(log).toContain(
        'restart: services — restarting only the services running outdated libraries instead of the machine: ssh.service, cron.service',
      )
      expect(log).toContain('Services restarted (ssh.service, cron.service); rescanning')
      // The rescan after the restart finds nothing left to restart.
      const after = log.indexOf('Services restarted (ssh.service, cron.service); rescanning')
      expect(log.slice(after).some((l) => /^Scan completed: /.test(l) && !/outdated/.test(l))).toBe(true)
      expect(await resourceOf(api, host.name)).toMatchObject({ rebootPending: false, servicesToRestart: [] })
    }, 120_000)

    it(`without the setting nothing restarts: the client shows the services still to restart (${engine.kind})`, async () => {
      const host = take('libssl3')
      const { api, end, log } = await deploy(engine.freshLocation('machine'), host, 'libssl3', {})
      expect(end.state, log.join('\n')).toBe('succeeded')
      expect(restartCommands(host)).toEqual([])
      expect(rebootCommands(host)).toEqual([])
      expect(await resourceOf(api, host.name)).toMatchObject({
        rebootPending: false,
        servicesToRestart: ['ssh.service', 'cron.service'],
      })
    }, 120_000)

    it(`when the machine must restart anyway (libc6: reboot-required), it restarts the machine and says why (${engine.kind})`, async () => {
      const host = take('libc6')
      const { api, end, log } = await deploy(engine.freshLocation('reboot'), host, 'libc6', {
        restart: 'services',
        reboot: 'allow',
      })
      expect(end.state, log.join('\n')).toBe('succeeded')
      expect(log).toContain(
        'restart: services — the machine itself must restart (libc6); restarting services is not enough',
      )
      expect(restartCommands(host)).toEqual([])
      expect(rebootCommands(host)).toHaveLength(1)
      expect(await resourceOf(api, host.name)).toMatchObject({ rebootPending: false, servicesToRestart: [] })
    }, 120_000)
  }
})
