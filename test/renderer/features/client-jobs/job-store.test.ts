import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import type { JobHostDto } from '../../../../shared/dto/job'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'
import { startHarness, until, type Harness } from '../../store-harness'

const HOSTS = 6

describe('JobStore on the real services and simulated lab hosts', () => {
  let h: Harness
  let fleet: LabFleet
  const ids: number[] = []

  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: HOSTS, seed: 11, windowsShare: 0.34, slowDelayMs: 20_000 })
    h = await startHarness()
    ids.push(...(await addLabClients(h.root.transport, fleet.hosts, writeLabKey(fleet, h.dir))))
  }, 60_000)

  afterAll(async () => {
    await h?.close()
    await fleet?.stop()
  })

  it('aggregates live progress, names unknown host keys, trusts exactly them and reruns to success', async () => {
    const { root } = h
    const seen: number[] = []
    const off = root.transport.on('job:progress', (e) => seen.push(e.job.done))
    const first = await root.jobs.start({ kind: 'scan', force: true }, { resourceIds: ids })
    expect(first.summary.total).toBe(HOSTS)
    expect(first.hostList.map((x) => x.resourceId).sort()).toEqual([...ids].sort())
    await until(() => first.finished)
    off()
    expect(Math.max(...seen)).toBe(HOSTS)
    expect(first.summary).toMatchObject({ state: 'failed', done: HOSTS, failed: HOSTS, succeeded: 0 })
    // Every host refused: its key was never trusted; each carries the fingerprint it presented.
    expect(first.unknownKeyHosts).toHaveLength(HOSTS)
    for (const host of first.unknownKeyHosts)
      expect(host.fingerprint).toBe(fleet.presentedFingerprint(host.name))

    for (const host of first.unknownKeyHosts)
      await root.access.trustHostKey(host.resourceId, host.fingerprint!)
    expect(root.resources.items.every((r) => r.hostKeyFingerprint !== null)).toBe(true)

    const second = await root.jobs.rerun(first.summary.id, ids)
    expect(second.request).toEqual({ kind: 'scan', force: true })
    await until(() => second.finished)
    expect(second.summary).toMatchObject({ state: 'succeeded', succeeded: HOSTS, failed: 0 })
    expect(second.hostList.every((x) => x.state === 'succeeded' && x.durationMs !== null)).toBe(true)
  }, 60_000)

  it('keeps finished hosts when a late answer lists them as queued, and never goes backwards', () => {
    const { root } = h
    const host = (resourceId: number, state: JobHostDto['state']): JobHostDto => ({
      resourceId,
      name: `h${resourceId}`,
      address: '127.0.0.1',
      state,
      message: state,
      errorKind: null,
      fingerprint: null,
      exitCode: null,
      stdout: '',
      stderr: '',
      durationMs: null,
    })
    const summary = {
      id: 9999,
      kind: 'scan' as const,
      title: 'Scan 2 clients',
      state: 'running' as const,
      total: 2,
      done: 1,
      succeeded: 1,
      failed: 0,
      skipped: 0,
      createdAt: new Date().toISOString(),
      finishedAt: null,
    }
    // The event arrives before the job's own answer (WebSocket beats HTTP).
    root.jobs.onProgress({ job: summary, host: host(2, 'succeeded') })
    const v = root.jobs.get(9999)!
    v.mergeJob({ ...summary, done: 0, succeeded: 0, hosts: [host(1, 'queued'), host(2, 'queued')] })
    expect(v.hostList.map((x) => [x.resourceId, x.state])).toEqual([
      [1, 'queued'],
      [2, 'succeeded'],
    ])
    expect(v.summary.done).toBe(1)
    expect(v.fraction).toBe(0.5)
  })

  it('cancels a running job: unfinished hosts end as cancelled', async () => {
    const { root } = h
    for (const host of fleet.hosts) await fleet.setFault(host.name, 'slow')
    const job = await root.jobs.start(
      { kind: 'exec', command: 'hostname', timeoutSeconds: 60 },
      {
        resourceIds: ids,
      },
    )
    expect(job.finished).toBe(false)
    await root.jobs.cancel(job.summary.id)
    await until(() => job.finished)
    expect(job.summary.state).toBe('cancelled')
    expect(job.hostList.every((x) => x.state === 'cancelled')).toBe(true)

    // System Status › Jobs lists both jobs, newest first, with their counts.
    root.ui.selectNode('status:jobs')
    await until(() => root.jobs.recentLoaded)
    const listed = root.ui.results.rows.map((r) => r.data)
    expect(listed[0]).toMatchObject({ id: job.summary.id, kind: 'exec', state: 'cancelled', total: HOSTS })
    expect(listed.some((j) => j.state === 'succeeded' && j.succeeded === HOSTS)).toBe(true)
    for (const host of fleet.hosts) await fleet.setFault(host.name, null)
  }, 60_000)
})
