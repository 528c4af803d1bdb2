import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import type { Services } from '../../../../main/core/runtime/services'
import { reportCsv } from '../../../../main/cli/report'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'

/** Reports computed live from the state messages a real scan and deployment wrote on SIMULATED lab hosts. */
describe('reports:run', () => {
  let fleet: LabFleet
  let keyFile: string
  let next = 0
  const opened: Services[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 4, seed: 63, windowsShare: 0 })
    keyFile = writeLabKey(fleet, mkdtempSync(join(tmpdir(), 'pb-reports-')))
  }, 60_000)

  afterAll(async () => {
    for (const s of opened) await s.close()
    await fleet?.stop()
  })

  it('CSV quotes commas, quotes and line breaks', () => {
    const csv = reportCsv({
      columns: [
        { id: 'a', label: 'A', numeric: false },
        { id: 'b', label: 'B', numeric: true },
      ],
      rows: [
        { a: 'plain', b: 1 },
        { a: 'Update, "security"\nline 2', b: null },
      ],
    })
    expect(csv).toBe('a,b\nplain,1\n"Update, ""security""\nline 2",\n')
  })

  for (const engine of siteEngines()) {
    it(`compliance, scan states, agent versions and deployment history match the state messages (${engine.kind})`, async () => {
      const { services, api } = await newSite(engine.freshLocation('reports'), 'LAB')
      opened.push(services)
      const hosts = fleet.hosts.slice(next, next + 2)
      next += 2
      await addLabClients(api, hosts, keyFile)
      const targets = { collectionId: 'LAB00001' }
      await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
      await services.wait(
        (await api.invoke('clients:scan', { targets, force: true, trustNewHostKeys: false })).id,
      )
      const resources = await api.invoke('resources:list', {})
      const newest500 = new Map<string, number>()
      for (const r of resources)
        for (const m of (await api.invoke('state:list', { resourceId: r.id, topicType: 500 })).reverse())
          newest500.set(`${r.id} ${m.updateId}`, m.stateId)
      const required = (u: string) => resources.filter((r) => newest500.get(`${r.id} ${u}`) === 2).length

      const names = (await api.invoke('reports:list', {})).map((r) => r.name)
      expect(names).toContain('scan-states-by-collection')

      const byUpdate = await api.invoke('reports:run', { name: 'compliance-by-update' })
      expect(byUpdate.rows.length).toBeGreaterThan(0)
      for (const row of byUpdate.rows.slice(0, 10)) expect(row.required).toBe(required(String(row.updateId)))
      expect(byUpdate.chart.kind).toBe('bars')

      const site = await api.invoke('reports:run', { name: 'scan-states-by-site' })
      expect(site.rows).toEqual([
        { site: 'LAB', stateId: 3, state: 'Scan completed', clients: 2, percent: 100 },
      ])
      expect(site.chart).toMatchObject({
        kind: 'donut',
        labels: ['Scan completed'],
        series: [{ values: [2] }],
      })
      const byColl = await api.invoke('reports:run', {
        name: 'scan-states-by-collection',
        collectionId: 'LAB00001',
      })
      expect(byColl.rows).toEqual([
        {
          collectionId: 'LAB00001',
          collection: 'All Systems',
          stateId: 3,
          state: 'Scan completed',
          clients: 2,
          percent: 100,
        },
      ])

      const agents = await api.invoke('reports:run', { name: 'agent-versions' })
      expect(agents.rows.map((r) => [r.client, r.agentVersion])).toEqual(
        resources.map((r) => [r.name, r.agentVersion || 'Unknown']),
      )

      // Both clients need something: the collection is non-compliant until the list's update is installed.
      const wanted = [...newest500].find(
        ([k, s]) => s === 2 && k.startsWith(`${resources[0]!.id} `) && !k.includes('linux-image'),
      )![0]
      const updateId = wanted.slice(wanted.indexOf(' ') + 1)
      const list = await api.invoke('updatelists:create', { name: 'Wave, "one"', updateIds: [updateId] })
      const before = await api.invoke('reports:run', {
        name: 'compliance-by-update-list',
        updateListId: list.id,
      })
      expect(before.rows[0]).toMatchObject({ updateList: 'Wave, "one"', nonCompliant: required(updateId) })
      expect(reportCsv(before).split('\n')[1]).toMatch(/^LAB\w+,"Wave, ""one""",1,2,/)

      const d = await api.invoke('deploy:create', {
        collectionId: 'LAB00001',
        updateListId: list.id,
        deadline: new Date().toISOString(),
        settings: { reboot: 'suppress' },
      })
      await api.invoke('deploy:run', { id: d.id })
      expect((await api.invoke('deploy:wait', { id: d.id })).state).toBe('succeeded')
      const after = await api.invoke('reports:run', {
        name: 'compliance-by-update-list',
        updateListId: list.id,
      })
      expect(after.rows[0]).toMatchObject({ compliant: 2, nonCompliant: 0, percentCompliant: 100 })

      const installed402 = (
        await Promise.all(
          resources.map((r) => api.invoke('state:list', { resourceId: r.id, topicType: 402 })),
        )
      )
        .flat()
        .filter((m) => m.stateId === 10)
      const history = await api.invoke('reports:run', { name: 'deployment-history' })
      expect(history.rows).toHaveLength(1)
      expect(history.rows[0]).toMatchObject({
        deployment: d.id,
        state: 'succeeded',
        clients: 2,
        failed: 0,
        succeeded: 2,
      })
      expect(history.chart.kind).toBe('line')
      expect(history.chart.series[0]!.values.at(-1)).toBe(installed402.length)

      const enforcement = await api.invoke('reports:run', { name: 'enforcement' })
      expect(enforcement.rows.filter((r) => r.stateId === 10)).toHaveLength(installed402.length)
    }, 180_000)
  }
})
