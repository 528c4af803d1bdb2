import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet, type LabHostEntry } from '../../../../main/clients/lab'
import type { QueryCondition } from '../../../../shared/dto/collection'
import type { Services } from '../../../../main/core/runtime/services'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'

describe('restart status of SIMULATED lab clients: recorded by the scan, in the client, collections and the report', () => {
  let fleet: LabFleet
  let keyFile: string
  const opened: Services[] = []
  let calm: LabHostEntry
  let services: LabHostEntry
  let reboot: LabHostEntry
  let windows: LabHostEntry

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 30, seed: 23, windowsShare: 0.3, rebootDowntimeMs: 300 })
    keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-restart-report-')))
    const debian = fleet.hosts.filter((h) => fleet.state(h.name).platform === 'debian')
    const can = (h: LabHostEntry, pkg: string) =>
      fleet
        .state(h.name)
        .upgradable()
        .some((c) => c.name === pkg)
    services = debian.find((h) => can(h, 'libssl3'))!
    reboot = debian.find((h) => h !== services && can(h, 'libc6'))!
    calm = debian.find((h) => h !== services && h !== reboot)!
    windows = fleet.hosts.find(
      (h) => fleet.state(h.name).platform === 'windows' && !fleet.state(h.name).rebootPending,
    )!
    const now = new Date()
    fleet.state(services.name).installPackage('libssl3', undefined, now)
    fleet.state(reboot.name).installPackage('libc6', undefined, now)
  }, 60_000)

  afterAll(async () => {
    for (const s of opened) await s.close()
    await fleet?.stop()
  })

  for (const engine of siteEngines()) {
    it(`scans record reasons and services; queries and the restart-status report read them (${engine.kind})`, async () => {
      const site = await newSite(engine.freshLocation('restart'), 'LAB')
      opened.push(site.services)
      const { api } = site
      const hosts = [calm, services, reboot, windows]
      await addLabClients(api, hosts, keyFile)
      const targets = { collectionId: 'LAB00001' }
      await site.services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
      const job = await api.invoke('clients:scan', { targets, force: true })
      await site.services.wait(job.id)

      const byName = new Map((await api.invoke('resources:list', {})).map((r) => [r.name, r]))
      expect(byName.get(calm.name)).toMatchObject({
        rebootPending: false,
        rebootReasons: [],
        servicesToRestart: [],
      })
      expect(byName.get(services.name)).toMatchObject({
        rebootPending: false,
        servicesToRestart: ['ssh.service', 'cron.service'],
        servicesNote: '',
      })
      expect(byName.get(reboot.name)).toMatchObject({
        rebootPending: true,
        rebootReasons: ['libc6'],
        servicesToRestart: ['cron.service', 'ssh.service', 'systemd-logind.service'],
      })
      expect(byName.get(windows.name)).toMatchObject({ rebootPending: false, servicesToRestart: null })

      // The scan job's message says it too.
      const done = await api.invoke('jobs:get', { id: job.id })
      const message = (name: string) => done.hosts.find((h) => h.name === name)?.message ?? ''
      expect(message(reboot.name)).toMatch(
        /reboot pending \(libc6\); 3 service\(s\) to restart: cron\.service, ssh\.service/,
      )
      expect(message(services.name)).toMatch(/2 service\(s\) to restart: ssh\.service, cron\.service/)

      const collection = async (
        name: string,
        attribute: QueryCondition['attribute'],
        operator: QueryCondition['operator'],
        value: string,
      ) => {
        const c = await api.invoke('collections:create', {
          name,
          rules: [{ kind: 'query', name, conditions: [{ attribute, operator, value }] }],
        })
        return (await api.invoke('collections:members', { id: c.id })).map((m) => m.name).sort()
      }
      expect(await collection('Restart pending', 'restartPending', 'equals', 'true')).toEqual([reboot.name])
      expect(await collection('Services to restart', 'servicesToRestart', 'greaterThan', '0')).toEqual(
        [services.name, reboot.name].sort(),
      )
      // Windows does not check services: it is in neither a "0" nor a "more than 0" collection.
      expect(await collection('Nothing to restart', 'servicesToRestart', 'equals', '0')).toEqual([calm.name])

      const report = await api.invoke('reports:run', { name: 'restart-status' })
      expect(report.columns.map((c) => c.id)).toEqual([
        'client',
        'platform',
        'restartPending',
        'reasons',
        'servicesToRestart',
        'services',
        'note',
        'lastScan',
      ])
      const row = (name: string) => report.rows.find((r) => r.client === name)
      expect(row(reboot.name)).toMatchObject({
        restartPending: 'Yes',
        reasons: 'libc6',
        servicesToRestart: 3,
        services: 'cron.service, ssh.service, systemd-logind.service',
      })
      expect(row(services.name)).toMatchObject({ restartPending: 'No', servicesToRestart: 2 })
      expect(row(windows.name)).toMatchObject({ restartPending: 'No', servicesToRestart: null, services: '' })
      expect(report.chart.labels.sort()).toEqual(['No', 'Yes'])
    }, 120_000)
  }
})
