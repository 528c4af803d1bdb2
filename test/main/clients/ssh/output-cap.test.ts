// The exec output cap against a real sshd: a command that prints without end (`yes`) is stopped once its
// output passes the cap, before it is all held in memory, with a one-line error; output at the cap is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshPool } from '../../../../main/clients/ssh/connection-pool'
import { MAX_EXEC_OUTPUT_BYTES } from '../../../../main/clients/ssh/connection'
import { HostError } from '../../../../main/clients/ssh/types'
import { sshdSkipReason, startSshd, type TestSshd } from '../../../support/sshd'
import { targetFor, trustingStore } from './fixtures'

const skip = sshdSkipReason()
const MiB = 1024 * 1024

describe.skipIf(skip)('SshPool.exec output cap (real sshd)', () => {
  let sshd: TestSshd
  let pool: SshPool

  beforeAll(async () => {
    sshd = await startSshd()
    pool = new SshPool({ hostKeys: trustingStore(sshd), connectTimeoutMs: 5_000, closeGraceMs: 500 })
  })
  afterAll(async () => {
    await pool?.close()
    await sshd?.stop()
  })

  it('defaults to 64 MiB', () => {
    expect(MAX_EXEC_OUTPUT_BYTES).toBe(64 * MiB)
  })

  it('stops a command that prints without end once it passes the cap', async () => {
    const err = await pool.exec(targetFor(sshd), 'yes', { maxOutputBytes: 2 * MiB }).then(
      () => new Error('expected the command to be stopped'),
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(HostError)
    expect(err).toMatchObject({ kind: 'command-failed' })
    expect((err as Error).message).toMatch(/: output passed 2 MiB, so the command was stopped: yes$/)
  })

  it('keeps output at the cap, and stderr counts too', async () => {
    const r = await pool.exec(targetFor(sshd), 'head -c 1048576 /dev/zero', { maxOutputBytes: MiB })
    expect(r.stdout.length).toBe(MiB)
    await expect(
      pool.exec(targetFor(sshd), 'head -c 600000 /dev/zero; head -c 600000 /dev/zero >&2', {
        maxOutputBytes: MiB,
      }),
    ).rejects.toThrow(/output passed 1 MiB/)
  })

  it('still runs commands afterwards', async () => {
    expect((await pool.exec(targetFor(sshd), 'echo ok')).stdout).toBe('ok\n')
  })
})
