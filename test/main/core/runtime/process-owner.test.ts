import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { ownerAlive, processIncarnation, processOwner } from '../../../../main/core/runtime/process-owner'

const linux = process.platform === 'linux'

describe('who owns a job or an engine step', () => {
  it('names this process by host, PID and (on Linux) its incarnation; it is alive', () => {
    const owner = processOwner()
    expect(owner.startsWith(`${hostname()}:${process.pid}`)).toBe(true)
    if (linux) expect(owner).toMatch(/^[^:]+:\d+:[0-9a-f]{8}\.\d+$/)
    expect(ownerAlive(owner)).toBe(true)
  })

  it('a local owner whose process ended is dead; another machine’s owner is taken as alive', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'])
    const owner = `${hostname()}:${child.pid}${linux ? `:${processIncarnation(child.pid!)}` : ''}`
    expect(ownerAlive(owner)).toBe(true)
    child.kill('SIGKILL')
    await once(child, 'exit')
    expect(ownerAlive(owner)).toBe(false)
    expect(ownerAlive('another-host.invalid:1:abc.1')).toBe(true)
    expect(ownerAlive('')).toBe(false)
    expect(ownerAlive(`${hostname()}:notapid`)).toBe(false)
  })

  it.skipIf(!linux)(
    'a live PID that now belongs to another incarnation (a reboot, a restart) is dead',
    () => {
      const here = processIncarnation(process.pid)!
      const [boot, start] = here.split('.')
      // The same PID recorded by a process of an earlier boot, and by one started at another time.
      expect(ownerAlive(`${hostname()}:${process.pid}:00000000.${start}`)).toBe(false)
      expect(ownerAlive(`${hostname()}:${process.pid}:${boot}.${Number(start) + 1}`)).toBe(false)
      expect(ownerAlive(`${hostname()}:${process.pid}:${here}`)).toBe(true)
      // An owner recorded without an incarnation (older sites) falls back to the PID alone.
      expect(ownerAlive(`${hostname()}:${process.pid}`)).toBe(true)
    },
  )
})
