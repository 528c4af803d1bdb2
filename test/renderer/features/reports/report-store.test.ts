import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'
import type { ReportName } from '../../../../shared/dto/report'
import {
  colorOf,
  reportNodeId,
  REPORTING_NODE,
  toCsv,
} from '../../../../renderer/src/features/reports/report-store'
import { findNode } from '../../../../renderer/src/shell/tree-model'
import { settle, startHarness, until, type Harness } from '../../store-harness'

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
    const t = h.root.transport
    ids.push(...(await addLabClients(t, fleet.hosts, writeLabKey(fleet, h.dir))))
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
    await h?.close()
    await fleet?.stop()
  })

  const load = async (name: ReportName) => {
    const store = h.root.reports
    h.root.ui.selectNode(reportNodeId(name))
    expect(h.root.ui.results.view.bar).toBe('report') // selecting the node runs the report
    await until(() => store.data.has(name) || store.errors.has(name))
    expect(store.errors.get(name)).toBeUndefined()
    return store.data.get(name)!
  }

  it('lists the server’s reports under Reporting', async () => {
    const children = () => findNode(h.root.ui.tree, REPORTING_NODE)!.node.children
    await until(() => children().length > 0)
    const labels = children().map((n) => n.label)
    expect(labels).toContain('Scan 2 – Last scan states by site')
    expect(labels).toContain('Deployment history')
    expect(children().map((n) => n.id)).toContain(reportNodeId('compliance-by-update-list'))
  })

  it('Scan 2 counts the site’s clients per last scan state, with a donut and the rows in the list', async () => {
    const data = await load('scan-states-by-site')
    expect(data.rows.reduce((s, r) => s + Number(r.clients), 0)).toBe(3)
    expect(data.rows).toHaveLength(2) // two scanned (one state), one never scanned
    expect(data.chart.kind).toBe('donut')
    expect(data.chart.series[0]!.values.reduce((a, b) => a + b, 0)).toBe(3)
    expect(h.root.ui.results.rows).toHaveLength(2)
    expect(h.root.ui.results.columns.map((c) => c.label)).toEqual(data.columns.map((c) => c.label))
    // The details pane and CSV use the same server columns.
    const csv = h.root.reports.csv('scan-states-by-site')!
    expect(csv.split('\r\n')[0]).toBe(data.columns.map((c) => c.label).join(','))
    expect(csv.trim().split('\r\n')).toHaveLength(3)
  })

  it('compliance by collection counts the members of each collection, live after a new scan', async () => {
    const comp = await load('compliance-by-collection')
    const row = comp.rows.find((r) => r.collection === 'All Systems')!
    expect(row.clients).toBe(3)
    expect(row.unknown).toBe(1)
    expect(Number(row.compliant) + Number(row.nonCompliant)).toBe(2)
    expect(comp.chart.kind).toBe('bars')
    // Scanning the third client changes the shown report without a manual refresh.
    const job = await h.root.transport.invoke('clients:scan', {
      targets: { resourceIds: [ids[2]!] },
      force: true,
      trustNewHostKeys: true,
    })
    await h.services.wait(job.id)
    const store = h.root.reports
    await until(
      () =>
        store.data.get('compliance-by-collection')!.rows.find((r) => r.collection === 'All Systems')!
          .unknown === 0,
      20_000,
    )
  })

  it('compliance by update charts bars per update; agent versions cover every client', async () => {
    const data = await load('compliance-by-update')
    expect(data.rows.length).toBeGreaterThan(0)
    expect(data.chart.kind).toBe('bars')
    const agents = await load('agent-versions')
    expect(agents.rows).toHaveLength(3)
  })

  it('colours a series by what it means', () => {
    expect(colorOf('Compliant', 3)).toBe(colorOf('Installed', 0))
    expect(colorOf('Non-compliant', 0)).toBe(colorOf('Failed', 2))
    expect(colorOf('Compliant', 0)).not.toBe(colorOf('Non-compliant', 0))
    expect(colorOf('Unknown', 0)).not.toBe(colorOf('Compliant', 0))
  })
})
