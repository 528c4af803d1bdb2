import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../main/clients/lab'
import { deploymentsOf } from '../../../renderer/src/stores/deployment-store'
import {
  connectReports,
  reportNodeId,
  reports,
  reportsOf,
  REPORTING_NODE,
  toCsv,
} from '../../../renderer/src/stores/report-store'
import { findNode } from '../../../renderer/src/stores/tree-model'
import { settle, startHarness, until, type Harness } from './store-harness'

describe('report CSV', () => {
  it('writes a header row and quotes commas, quotes and line breaks', () => {
    const csv = toCsv(
      [
        { id: 'a', label: 'Name' },
        { id: 'b', label: 'Clients' },
      ],
      [
        { a: 'Pilot, phase "1"', b: 3 },
        { a: 'two\nlines', b: 0 },
      ],
    )
    expect(csv).toBe('Name,Clients\r\n"Pilot, phase ""1""",3\r\n"two\nlines",0\r\n')
  })
})

describe('Reporting on the real services and SIMULATED lab hosts', () => {
  let h: Harness
  let fleet: LabFleet
  const ids: number[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 3, seed: 5, windowsShare: 0.34 })
    h = await startHarness()
    const keyFile = join(h.dir, 'lab_ed25519')
    writeFileSync(keyFile, fleet.clientKey.privateKey, { mode: 0o600 })
    const t = h.root.transport
    for (const host of fleet.hosts)
      ids.push(
        (
          await t.invoke('resources:create', {
            name: host.name,
            address: host.address,
            port: host.port,
            user: host.user,
            authMethod: 'key',
            identityFile: keyFile,
            simulated: true,
          })
        ).id,
      )
    // Two clients scanned, one never.
    const job = await t.invoke('clients:scan', {
      targets: { resourceIds: ids.slice(0, 2) },
      force: true,
      trustNewHostKeys: true,
    })
    await h.services.wait(job.id)
    await settle(h.root)
  }, 90_000)

  afterAll(async () => {
    deploymentsOf(h.root).dispose()
    await h?.close()
    await fleet?.stop()
  })

  const load = async (id: string) => {
    const store = reportsOf(h.root)
    h.root.ui.selectNode(reportNodeId(id))
    expect(h.root.ui.results.view.bar).toBe('report') // the results pane reads the view, which loads the report
    await until(() => store.data.has(id) || store.errors.has(id))
    expect(store.errors.get(id)).toBeUndefined()
    return store.data.get(id)!
  }

  it('lists every report under Reporting', () => {
    connectReports(h.root)
    expect(findNode(h.root.ui.tree, REPORTING_NODE)!.node.children.map((n) => n.label)).toEqual([
      'Compliance by collection',
      'Compliance by update',
      'Compliance by update list',
      'Scan 1 – Last scan states by collection',
      'Scan 2 – Last scan states by site',
      'Update agent versions',
      'Deployment history',
    ])
  })

  it('Scan 2 counts the site’s clients per last scan state, with a donut and the rows in the list', async () => {
    const data = await load('scan-site')
    const byState = Object.fromEntries(data.rows.map((r) => [r.state, r.clients]))
    expect(byState).toEqual({ 'Scan completed': 2, 'Never scanned': 1 })
    expect(data.charts[0]).toMatchObject({ kind: 'donut' })
    expect(h.root.ui.results.rows).toHaveLength(2)
    expect(h.root.ui.results.columns.map((c) => c.label)).toEqual([
      'Site',
      'Last Scan State',
      'State ID',
      'Clients',
      '% of Clients',
    ])
  })

  it('Scan 1 and compliance by collection count the members of each collection', async () => {
    const scan = await load('scan-collection')
    const all = scan.rows.filter((r) => r.collection === 'All Systems')
    expect(all.reduce((s, r) => s + Number(r.clients), 0)).toBe(3)
    const comp = await load('compliance-collection')
    const row = comp.rows.find((r) => r.collection === 'All Systems')!
    expect(row.clients).toBe(3)
    expect(row.unknown).toBe(1)
    expect(Number(row.compliant) + Number(row.nonCompliant)).toBe(2)
    expect(comp.charts[0]).toMatchObject({ kind: 'bars' })
  })

  it('compliance by update sums to the Update Repository counts; agent versions cover every client', async () => {
    const data = await load('compliance-update')
    const ups = await h.root.transport.invoke('updates:list', {
      resourceId: null,
      state: null,
      sourceName: null,
    })
    const required = ups.reduce((s, u) => s + u.required, 0)
    expect(required).toBeGreaterThan(0)
    const chart = data.charts[0]!
    expect(chart.kind === 'donut' && chart.values[1]).toBe(required)
    const agents = await load('agents')
    expect(agents.rows.reduce((s, r) => s + Number(r.clients), 0)).toBe(3)
    expect(agents.rows.some((r) => r.version === 'Not reported (never scanned)')).toBe(true)
    const history = await load('deployments')
    expect(history.rows).toEqual([])
  })

  it('defines a column for every value its rows carry', () => {
    for (const r of reports) expect(new Set(r.columns.map((c) => c.id)).size).toBe(r.columns.length)
  })
})
