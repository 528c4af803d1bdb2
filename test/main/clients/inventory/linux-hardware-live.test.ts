import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LINUX_HARDWARE_COMMAND, parseLinuxHardware } from '../../../../main/clients/inventory/linux-hardware'
import { peerMissing } from '../../../support/peers'

const isLinux = peerMissing('Linux', process.platform === 'linux' ? null : 'needs Linux') === null
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' }).trim()
const canDropToNobody =
  isLinux &&
  peerMissing(
    'root',
    process.getuid?.() !== 0
      ? 'running as nobody needs root'
      : spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0
        ? null
        : 'runuser -u nobody failed',
  ) === null

describe.skipIf(!isLinux)(
  'LIVE: Linux hardware inventory of this machine (no SSH, same command line)',
  () => {
    it('matches /proc/meminfo, nproc --all, hostname and has a disk for /', () => {
      const inv = parseLinuxHardware(execFileSync('sh', ['-c', LINUX_HARDWARE_COMMAND], { encoding: 'utf8' }))
      const memTotalKb = Number(/^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1])
      expect(inv.memoryBytes).toBe(memTotalKb * 1024)
      // nproc --all counts logical processors (hardware threads); physical cores are at most that many.
      expect(inv.cpu.logicalProcessors).toBe(Number(run('nproc', ['--all'])))
      expect(inv.cpu.cores).toBeGreaterThan(0)
      expect(inv.cpu.cores).toBeLessThanOrEqual(inv.cpu.logicalProcessors)
      expect(inv.hostname).toBe(run('hostname', []))
      expect(inv.disks.some((d) => d.mount === '/')).toBe(true)
      expect(inv.kernel).toBe(`${run('uname', ['-s'])} ${run('uname', ['-r'])}`)
      expect(Date.parse(inv.lastBoot)).toBeLessThan(Date.now())
    })

    it.skipIf(!canDropToNobody)('gives the same inventory when run as an unprivileged user (nobody)', () => {
      const asRoot = parseLinuxHardware(
        execFileSync('sh', ['-c', LINUX_HARDWARE_COMMAND], { encoding: 'utf8' }),
      )
      const asNobody = parseLinuxHardware(
        execFileSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', LINUX_HARDWARE_COMMAND], {
          encoding: 'utf8',
          cwd: '/',
        }),
      )
      const stable = (i: typeof asRoot) => ({ ...i, serial: undefined, disks: i.disks.map((d) => d.mount) })
      expect(stable(asNobody)).toEqual(stable(asRoot))
    })
  },
)
