import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshPool, type HostOutcome } from '../../../../main/clients/ssh/connection-pool'
import { MemoryHostKeyStore } from '../../../../main/clients/ssh/host-keys'
import { freePort, sshdSkipReason, startSshd, type TestSshd } from '../../../support/sshd'
import { countChannels, targetFor, trustingStore } from './fixtures'

const skip = sshdSkipReason()

describe.skipIf(skip)('SshPool.run and limits against a real sshd', () => {
  let sshd: TestSshd

  beforeAll(async () => {
    sshd = await startSshd()
  })
  afterAll(async () => {
    await sshd?.stop()
  })

  it('runs on 60 targets with concurrency 20: every host finishes, progress counts to 60', async () => {
    const pool = new SshPool({ hostKeys: trustingStore(sshd) })
    const closed = await freePort()
    const targets = Array.from({ length: 60 }, (_, i) =>
      targetFor(sshd, { name: `lab-${String(i).padStart(2, '0')}`, ...(i === 7 ? { port: closed } : {}) }),
    )
    const progress: number[] = []
    const seen = new Set<string>()
    const outcomes = await pool.run(targets, 'echo "$((6 * 7))"', {
      concurrency: 20,
      onProgress: (done, total, perHost) => {
        expect(total).toBe(60)
        progress.push(done)
        seen.add(perHost.target.name ?? '')
      },
    })
    expect(progress).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
    expect(seen.size).toBe(60)
    expect(outcomes).toHaveLength(60)
    outcomes.forEach((o, i) => expect(o.target).toBe(targets[i]))
    const failed = outcomes.filter((o): o is Extract<HostOutcome, { ok: false }> => !o.ok)
    expect(failed.map((o) => [o.target.name, o.error.kind])).toEqual([['lab-07', 'unreachable']])
    for (const o of outcomes) if (o.ok) expect(o.result.stdout).toBe('42\n')
    await pool.close()
  })

  it('never exceeds channelsPerConnection channels on one host, and reuses one connection', async () => {
    const counter = countChannels()
    try {
      const pool = new SshPool({ hostKeys: trustingStore(sshd), channelsPerConnection: 3 })
      const target = targetFor(sshd)
      const results = await Promise.all(
        Array.from({ length: 15 }, (_, i) => pool.exec(target, `sleep 0.1; echo ${i}`)),
      )
      expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 15 }, (_, i) => `${i}\n`))
      expect(counter.max).toBe(3)
      expect(pool.connectionCount).toBe(1)
      await pool.close()
    } finally {
      counter.restore()
    }
  })

  it('keeps 9 channels busy on one connection under sshd MaxSessions 10 (default limit 8 holds too)', async () => {
    const counter = countChannels()
    try {
      const pool = new SshPool({ hostKeys: trustingStore(sshd), channelsPerConnection: 9 })
      const target = targetFor(sshd)
      const results = await Promise.all(
        Array.from({ length: 30 }, () => pool.exec(target, 'sleep 0.05; echo ok')),
      )
      expect(results.every((r) => r.exitCode === 0)).toBe(true)
      expect(counter.max).toBe(9)
      const dflt = new SshPool({ hostKeys: trustingStore(sshd) })
      await Promise.all(Array.from({ length: 30 }, () => dflt.exec(target, 'sleep 0.05')))
      expect(counter.max).toBe(9)
      await Promise.all([pool.close(), dflt.close()])
    } finally {
      counter.restore()
    }
  })

  it('frees channels after timed-out commands (the remote command is killed)', async () => {
    const counter = countChannels()
    try {
      const pool = new SshPool({ hostKeys: trustingStore(sshd), channelsPerConnection: 9 })
      const target = targetFor(sshd)
      const timedOut = await Promise.allSettled(
        Array.from({ length: 9 }, () => pool.exec(target, 'sleep 29', { timeoutMs: 300 })),
      )
      expect(timedOut.every((r) => r.status === 'rejected')).toBe(true)
      const more = await Promise.all(Array.from({ length: 9 }, () => pool.exec(target, 'echo ok')))
      expect(more.every((r) => r.stdout === 'ok\n')).toBe(true)
      expect(pool.connectionCount).toBe(1)
      expect(counter.open).toBe(0)
      await pool.close()
    } finally {
      counter.restore()
    }
  })

  it('bounds hosts at once by maxHosts', async () => {
    const counter = countChannels()
    try {
      const pool = new SshPool({ hostKeys: trustingStore(sshd), maxHosts: 4 })
      const targets = Array.from({ length: 12 }, (_, i) => targetFor(sshd, { name: `h${i}` }))
      const outcomes = await pool.run(targets, 'sleep 0.1', { concurrency: 12 })
      expect(outcomes.every((o) => o.ok)).toBe(true)
      expect(counter.max).toBe(4)
      expect(pool.connectionCount).toBeLessThanOrEqual(4)
      await pool.close()
    } finally {
      counter.restore()
    }
  })

  it('names every host as cancelled when a run is aborted', async () => {
    const pool = new SshPool({ hostKeys: trustingStore(sshd) })
    const ac = new AbortController()
    const targets = Array.from({ length: 10 }, (_, i) => targetFor(sshd, { name: `c${i}` }))
    setTimeout(() => ac.abort(), 300)
    const outcomes = await pool.run(targets, 'sleep 20', { concurrency: 4, signal: ac.signal })
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual(Array(10).fill('cancelled'))
    await pool.close()
  })

  it('reports each host its own host-key problem in a run', async () => {
    const pool = new SshPool({ hostKeys: new MemoryHostKeyStore() })
    const outcomes = await pool.run([targetFor(sshd, { name: 'a' }), targetFor(sshd, { name: 'b' })], 'true')
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual([
      'host-key-unknown',
      'host-key-unknown',
    ])
    await pool.close()
  })
})
