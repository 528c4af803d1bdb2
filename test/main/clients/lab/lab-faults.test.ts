import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab/lab-fleet'
import type { LabFault } from '../../../../main/clients/lab/lab-ssh-host'
import { connect, connectError, exec, run } from './helpers'

const SLOW_MS = 400

describe('lab faults', () => {
  let fleet: LabFleet
  const host = (fault: LabFault | null) => fleet.hosts.find((h) => h.fault === fault)!
  beforeAll(async () => {
    fleet = await startLabFleet({
      hosts: 10,
      seed: 11,
      slowDelayMs: SLOW_MS,
      faults: { unreachable: 0.1, slow: 0.1, authFailure: 0.1, dropMidCommand: 0.1, changedHostKey: 0.1 },
    })
  })
  afterAll(() => fleet?.stop())

  it('assigns each fault to exactly one host of ten, the rest healthy', () => {
    const counts = new Map<string, number>()
    for (const h of fleet.hosts) counts.set(String(h.fault), (counts.get(String(h.fault)) ?? 0) + 1)
    expect(Object.fromEntries(counts)).toEqual({
      null: 5,
      unreachable: 1,
      slow: 1,
      authFailure: 1,
      dropMidCommand: 1,
      changedHostKey: 1,
    })
  })

  it('unreachable: the port refuses connections', async () => {
    expect((await connectError(fleet, host('unreachable'))).code).toBe('ECONNREFUSED')
  })

  it('authFailure: every method is rejected', async () => {
    expect((await connectError(fleet, host('authFailure'))).message).toBe(
      'All configured authentication methods failed',
    )
  })

  it('dropMidCommand: part of the output, then the connection closes before an exit status', async () => {
    const { client } = await connect(fleet, host('dropMidCommand'))
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    client.on('error', () => undefined)
    const res = await exec(client, 'echo 0123456789')
    await closed
    expect(res.code).toBeUndefined()
    expect('0123456789\n'.startsWith(res.stdout)).toBe(true)
    expect(res.stdout.length).toBeLessThan(11)
  })

  it('changedHostKey: the presented key differs from the advertised fingerprint', async () => {
    const h = host('changedHostKey')
    const { client, fingerprint } = await connect(fleet, h)
    client.end()
    expect(fingerprint).not.toBe(h.hostKeyFingerprint)
    expect(fingerprint).toBe(fleet.presentedFingerprint(h.name))
    const healthy = host(null)
    const ok = await connect(fleet, healthy)
    ok.client.end()
    expect(ok.fingerprint).toBe(healthy.hostKeyFingerprint)
  })

  it('slow: each answer comes later than slowDelayMs; healthy hosts answer at once', async () => {
    const slow = await run(fleet, host('slow'), 'echo slow')
    expect(slow).toMatchObject({ stdout: 'slow\n', code: 0 })
    expect(slow.ms).toBeGreaterThanOrEqual(SLOW_MS)
    const fast = await run(fleet, host(null), 'echo fast')
    expect(fast.ms).toBeLessThan(SLOW_MS)
  })
})
