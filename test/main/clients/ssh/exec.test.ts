import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SshPool, expectSuccess } from '../../../../main/clients/ssh/connection-pool'
import { HostError } from '../../../../main/clients/ssh/types'
import { freePort, sshdSkipReason, startSshd, type TestSshd } from '../../../support/sshd'
import { startRelay, targetFor, trustingStore } from './fixtures'

const skip = sshdSkipReason()
const setNoDelay = NetSocket.prototype.setNoDelay

/** The HostError a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<HostError> {
  const err = await p.then(
    () => new Error('expected a HostError, got a result'),
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(HostError)
  return err as HostError
}

describe.skipIf(skip)('SshPool.exec against a real sshd', () => {
  let sshd: TestSshd
  let pool: SshPool

  beforeAll(async () => {
    sshd = await startSshd()
    pool = new SshPool({ hostKeys: trustingStore(sshd), connectTimeoutMs: 5_000 })
  })
  afterAll(async () => {
    await pool?.close()
    await sshd?.stop()
  })

  it('runs a command and returns stdout, exit code 0', async () => {
    const r = await pool.exec(targetFor(sshd), 'echo ok')
    expect(r).toMatchObject({ stdout: 'ok\n', stderr: '', exitCode: 0, signal: null })
    expect(r.durationMs).toBeGreaterThanOrEqual(0)
    expect(expectSuccess(r, targetFor(sshd))).toBe(r)
  })

  it('runs as the dedicated test user, not root', async () => {
    const r = await pool.exec(targetFor(sshd), 'id -un')
    expect(r.stdout.trim()).toBe(sshd.user)
  })

  it('reports a non-zero exit as a result, and expectSuccess names the code and stderr', async () => {
    const target = targetFor(sshd, { name: 'web-01' })
    const r = await pool.exec(
      target,
      'echo partial; echo "E: dpkg was interrupted" >&2; echo more >&2; exit 2',
    )
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('partial\n')
    expect(r.stderr).toBe('E: dpkg was interrupted\nmore\n')
    let err: unknown
    try {
      expectSuccess(r, target)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(HostError)
    expect(err).toMatchObject({ kind: 'command-failed', exitCode: 2, stderr: r.stderr })
    expect((err as Error).message).toBe(
      `web-01 (127.0.0.1:${sshd.port}): command exited with code 2: E: dpkg was interrupted`,
    )
  })

  it('feeds stdin to the command', async () => {
    const r = await pool.exec(targetFor(sshd), 'cat; echo', { stdin: 'from stdin' })
    expect(r.stdout).toBe('from stdin\n')
  })

  it('reuses one connection for a host', async () => {
    const fresh = new SshPool({ hostKeys: trustingStore(sshd) })
    const target = targetFor(sshd)
    await Promise.all([1, 2, 3].map(() => fresh.exec(target, 'true')))
    await fresh.exec(target, 'true')
    expect(fresh.connectionCount).toBe(1)
    await fresh.close()
  })

  it('sends each handshake packet at once (TCP_NODELAY), not held back by Nagle', async () => {
    const enabled: Array<boolean | undefined> = []
    const spy = vi.spyOn(NetSocket.prototype, 'setNoDelay').mockImplementation(function (
      this: Socket,
      enable?: boolean,
    ) {
      enabled.push(enable)
      return setNoDelay.call(this, enable)
    })
    const fresh = new SshPool({ hostKeys: trustingStore(sshd) })
    try {
      await fresh.exec(targetFor(sshd), 'true')
    } finally {
      spy.mockRestore()
      await fresh.close()
    }
    expect(enabled).toEqual([true])
  })

  it('reports a closed port as unreachable at once, without retries', async () => {
    const port = await freePort()
    const started = Date.now()
    const err = await failure(pool.exec(targetFor(sshd, { port }), 'true'))
    expect(err.kind).toBe('unreachable')
    expect(err.message).toBe(`127.0.0.1:${port}: unreachable — connection refused`)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('reports a host that accepts but never speaks as a timeout within connectTimeoutMs', async () => {
    const held: Socket[] = []
    const silent: Server = createServer((s) => held.push(s))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const port = (silent.address() as { port: number }).port
    const quick = new SshPool({ hostKeys: trustingStore(sshd, port), connectTimeoutMs: 700 })
    const started = Date.now()
    const err = await failure(quick.exec(targetFor(sshd, { port }), 'true'))
    const took = Date.now() - started
    expect(err.kind).toBe('timeout')
    expect(err.message).toContain('timed out after 700 ms waiting for the ssh handshake')
    expect(took).toBeGreaterThanOrEqual(650)
    expect(took).toBeLessThan(2_500)
    expect(held).toHaveLength(1) // a handshake timeout is final: no retry
    await quick.close()
    held.forEach((s) => s.destroy())
    silent.close()
  })

  it('retries a connection reset before the handshake, with backoff', async () => {
    const relay = await startRelay(sshd.port, 2)
    const store = trustingStore(sshd, relay.port)
    const retrying = new SshPool({ hostKeys: store, retries: 2, retryBaseDelayMs: 20 })
    const r = await retrying.exec(targetFor(sshd, { port: relay.port }), 'echo ok')
    expect(r.stdout).toBe('ok\n')
    expect(relay.accepted).toBe(3)
    await retrying.close()
    await relay.close()
  })

  it('gives up after the configured retries and names the host', async () => {
    const relay = await startRelay(sshd.port, 100)
    const pool1 = new SshPool({ hostKeys: trustingStore(sshd, relay.port), retries: 1, retryBaseDelayMs: 10 })
    const err = await failure(pool1.exec(targetFor(sshd, { port: relay.port }), 'true'))
    expect(err.kind).toBe('unreachable')
    expect(err.message).toContain('closed the connection before the ssh handshake')
    expect(relay.accepted).toBe(2)
    await pool1.close()
    await relay.close()
  })

  it('times a command out, closes its channel and keeps the connection usable', async () => {
    const target = targetFor(sshd)
    const started = Date.now()
    const err = await failure(pool.exec(target, 'sleep 30', { timeoutMs: 500 }))
    expect(err.kind).toBe('timeout')
    expect(err.message).toBe(`127.0.0.1:${sshd.port}: command timed out after 500 ms: sleep 30`)
    expect(Date.now() - started).toBeLessThan(2_000)
    const r = await pool.exec(target, 'echo still')
    expect(r.stdout).toBe('still\n')
  })

  it('cancels a running command when its signal aborts', async () => {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 300)
    const started = Date.now()
    const err = await failure(pool.exec(targetFor(sshd), 'sleep 30', { signal: ac.signal }))
    expect(err.kind).toBe('cancelled')
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('cancels at once when the signal already aborted', async () => {
    const err = await failure(pool.exec(targetFor(sshd), 'echo no', { signal: AbortSignal.abort() }))
    expect(err.kind).toBe('cancelled')
  })

  it('reports a connection dropped mid-command as disconnected', async () => {
    const relay = await startRelay(sshd.port)
    const pool2 = new SshPool({ hostKeys: trustingStore(sshd, relay.port) })
    const target = targetFor(sshd, { port: relay.port })
    await pool2.exec(target, 'true')
    const running = pool2.exec(target, 'sleep 10')
    setTimeout(() => relay.dropAll(), 300)
    const err = await failure(running)
    expect(err.kind).toBe('disconnected')
    expect(err.message).toContain('connection lost while running: sleep 10')
    // the next command gets a fresh connection
    expect((await pool2.exec(target, 'echo back')).stdout).toBe('back\n')
    await pool2.close()
    await relay.close()
  })

  it('rejects channel limits at or above sshd MaxSessions', () => {
    expect(() => new SshPool({ hostKeys: trustingStore(sshd), channelsPerConnection: 10 })).toThrow(
      RangeError,
    )
  })
})
