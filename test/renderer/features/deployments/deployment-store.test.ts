import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import { addLabClients, directCollection, scanAndWait, writeLabKey } from '../../../support/lab-clients'
import { openProperties, commandsFor } from '../../../../renderer/src/shell/commands'
import {
  bucketOf,
  countBuckets,
  deploymentNodeId,
  DEPLOYMENTS_NODE,
} from '../../../../renderer/src/features/deployments/deployment-store'
import { lineMatches, RUN_LOGS_NODE } from '../../../../renderer/src/features/deployments/run-log-store'
import { findNode } from '../../../../renderer/src/shell/tree-model'
import { settle, startHarness, until, type Harness } from '../../store-harness'

describe('deployment buckets', () => {
  it('counts a client by its engine step first, then by its newest enforcement state (TopicType 402)', () => {
    expect(bucketOf({ stepState: 'succeeded', enforcementStateId: 9 })).toBe('installed')
    expect(bucketOf({ stepState: 'failed', enforcementStateId: null })).toBe('failed')
    expect(bucketOf({ stepState: 'running', enforcementStateId: 8 })).toBe('in-progress')
    expect(bucketOf({ stepState: 'waiting', enforcementStateId: 4 })).toBe('waiting')
    expect(bucketOf({ stepState: 'waiting', enforcementStateId: 11 })).toBe('failed')
    expect(bucketOf({ stepState: 'queued', enforcementStateId: null })).toBe('not-started')
    expect(bucketOf({ stepState: 'not started', enforcementStateId: null })).toBe('not-started')
    expect(
      countBuckets([
        { stepState: 'succeeded', enforcementStateId: 10 },
        { stepState: 'failed', enforcementStateId: 11 },
        { stepState: 'failed', enforcementStateId: null },
      ]),
    ).toMatchObject({ installed: 1, failed: 2, waiting: 0, total: 3 })
  })
})

describe('Deployment Management on the real services and SIMULATED lab hosts', () => {
  let h: Harness
  let fleet: LabFleet
  let collectionId: string
  const ids: number[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 3, seed: 23, windowsShare: 0, rebootDowntimeMs: 200 })
    h = await startHarness()
    const t = h.root.transport
    ids.push(...(await addLabClients(t, fleet.hosts, writeLabKey(fleet, h.dir))))
    collectionId = await directCollection(t, 'Pilot', ids)
    await scanAndWait(t, ids)
    await settle(h.root)
  }, 90_000)

  afterAll(async () => {
    await h?.close()
    await fleet?.stop()
  })

  it('creates and runs a deployment, counts live, drills into the failed client and retries it', async () => {
    const { root } = h
    const t = root.transport
    const required = await t.invoke('updates:list', {
      resourceId: ids[0]!,
      state: 'required',
      sourceName: null,
    })
    const updateIds = required
      .filter((u) => !u.package.startsWith('linux-image'))
      .slice(0, 2)
      .map((u) => u.id)
    expect(updateIds.length).toBeGreaterThan(0)
    const [, broken, other] = fleet.hosts
    await fleet.setFault(broken!.name, 'unreachable')
    await fleet.setFault(other!.name, 'unreachable')

    const store = root.deployments
    root.ui.selectNode(DEPLOYMENTS_NODE)
    await until(() => store.loaded)
    expect(root.ui.results.view.emptyText).toMatch(/No deployment yet/)

    const d = await store.create(
      {
        name: 'Pilot patches',
        collectionId,
        updateIds,
        deadline: new Date().toISOString(),
        settings: { maxAttempts: 1 },
      },
      true,
    )
    // Live: the row follows the run without a manual refresh.
    await until(() => store.items.find((x) => x.id === d.id)?.jobState === 'failed', 60_000)
    const row = store.rows.find((r) => r.id === d.id)!
    expect(row.counts).toMatchObject({ installed: 1, failed: 2, total: 3 })
    expect(row.percent).toBe(100)
    expect(root.ui.results.rows.map((r) => r.key)).toEqual([`deployment:${d.id}`])

    // The tree lists the deployment under Deployment Management.
    expect(findNode(root.ui.tree, DEPLOYMENTS_NODE)!.node.children.map((n) => n.id)).toEqual([
      RUN_LOGS_NODE,
      deploymentNodeId(d.id),
    ])
    // Run / Cancel / Retry in All Tasks.
    expect(commandsFor(root, root.ui.results.rows).map((x) => x.label)).toEqual([
      'Run Now…',
      'Retry Failed (2)',
      'Show Clients',
    ])

    // "Failed: 2" → those clients with their 402 state and error.
    store.drill(d.id, 'failed')
    expect(root.ui.selectedNodeId).toBe(deploymentNodeId(d.id))
    const failedRows = root.ui.results.rows
    expect(failedRows.map((r) => r.data.name)).toEqual([broken!.name, other!.name])
    expect(failedRows[0]!.data.error).not.toBe('')
    root.ui.results.selectAll()
    const actions = commandsFor(root, root.ui.results.selectedRows).map((x) => x.id)
    expect(actions).toEqual(['deploy-retry', 'rescan', 'reboot', 'resource-explorer'])
    openProperties(root, failedRows[0])
    expect(root.ui.dialogs.at(-1)).toMatchObject({ kind: 'resource', id: failedRows[0]!.data.resourceId })

    store.setFilter(d.id, 'installed')
    expect(root.ui.results.rows).toHaveLength(1)
    expect(root.ui.results.rows.every((r) => r.data.stepState === 'succeeded')).toBe(true)

    // Fix both hosts, select ONE failed client and retry it: it installs, the other stays failed (not run).
    await fleet.setFault(broken!.name, null)
    await fleet.setFault(other!.name, null)
    store.setFilter(d.id, 'failed')
    root.ui.results.click(root.ui.results.rows[0]!.key)
    const retry = commandsFor(root, root.ui.results.selectedRows).find((x) => x.id === 'deploy-retry')!
    expect(retry.label).toBe(`Retry ${broken!.name}`)
    retry.run()
    await until(() => store.rows.find((r) => r.id === d.id)?.counts.installed === 2, 60_000)
    await until(() => store.items.find((x) => x.id === d.id)?.jobState === 'failed')
    expect(store.rows.find((r) => r.id === d.id)!.counts).toMatchObject({ installed: 2, failed: 1 })
    expect(root.ui.results.rows.map((r) => r.data.name)).toEqual([other!.name])

    // The rest: retry the remaining failed client from the deployment's All Tasks.
    store.retry(d.id).catch(() => {})
    await until(() => store.items.find((x) => x.id === d.id)?.jobState === 'succeeded', 60_000)
    await until(() => store.rows.find((r) => r.id === d.id)?.counts.installed === 3)
    expect(root.ui.results.rows).toHaveLength(0)
    expect(root.ui.results.view.emptyText).toMatch(/No client is failed/)
  }, 150_000)

  it('Run Logs: searches lines by package and computer, and follows a new named run live', async () => {
    const { root } = h
    const store = root.deployments
    const d = store.items[0]!
    const logs = root.runLogs
    root.ui.selectNode(RUN_LOGS_NODE)
    expect(root.ui.results.view.bar).toBe('run-logs') // selecting the node loads the lines
    expect(findNode(root.ui.tree, DEPLOYMENTS_NODE)!.node.children[0]!.id).toBe(RUN_LOGS_NODE)
    await until(() => logs.loaded)
    expect(root.ui.results.rows.length).toBeGreaterThan(0)
    expect(new Set(logs.lines.map((l) => l.computer))).toEqual(new Set(fleet.hosts.map((x) => x.name)))

    const ups = await root.transport.invoke('updates:list', {
      resourceId: null,
      state: null,
      sourceName: null,
    })
    const pkg = ups.find((u) => u.id === d.updateIds[0])!.package
    logs.setQuery({ text: pkg })
    await until(
      () => !logs.loading && logs.lines.length > 0 && logs.lines.every((l) => lineMatches(l, logs.query)),
    )
    expect(logs.lines.some((l) => l.update.package === pkg || l.text.includes(pkg))).toBe(true)
    const before = logs.lines.length
    logs.setQuery({ text: '', resourceId: ids[0]! })
    await until(() => !logs.loading && logs.lines.every((l) => l.resourceId === ids[0]))

    // A new run on one computer, named: its lines arrive live in the filtered view.
    logs.setQuery({ resourceId: null })
    await until(() => !logs.loading && logs.lines.length > before)
    const known = logs.lines.length
    await store.runWith({ id: d.id, start: true, runName: 'Pilot rerun', resourceIds: [ids[0]!] })
    await until(() => logs.lines.some((l) => l.runName === 'Pilot rerun'), 60_000)
    expect(logs.liveCount).toBeGreaterThan(0)
    expect(logs.lines.length).toBeGreaterThan(known)
    await until(() => store.items.find((x) => x.id === d.id)?.jobState === 'succeeded', 60_000)
    logs.setQuery({ runName: 'Pilot rerun' })
    await until(
      () => !logs.loading && logs.lines.length > 0 && logs.lines.every((l) => l.runName === 'Pilot rerun'),
    )
    expect(new Set(logs.lines.map((l) => l.resourceId))).toEqual(new Set([ids[0]]))
    logs.dispose()
  }, 120_000)

  it('refuses a deployment without a collection, naming the field, and writes nothing', async () => {
    const store = h.root.deployments
    const before = store.items.length
    await expect(store.create({ collectionId: 'NOPE0001', updateIds: ['x'] }, false)).rejects.toMatchObject({
      field: 'collectionId',
    })
    await store.refresh()
    expect(store.items).toHaveLength(before)
  })
})
