import { describe, expect, it } from 'vitest'
import {
  changeSchema,
  diffHardware,
  diffSoftware,
  type SoftwareItem,
} from '../../../../main/clients/inventory/inventory-diff'
import { parseLinuxHardware } from '../../../../main/clients/inventory/linux-hardware'
import type { HardwareInventory } from '../../../../main/clients/inventory/types'
import { fixture } from '../platforms/fixtures'

const before = parseLinuxHardware(fixture('inventory/debian12-linux-hardware-output.txt'))

function edit(f: (i: HardwareInventory) => void): HardwareInventory {
  const copy = structuredClone(before)
  f(copy)
  return copy
}

describe('diffHardware', () => {
  it('finds nothing between an inventory and itself, nor for free-space changes or boot-time jitter', () => {
    expect(diffHardware(before, before)).toEqual([])
    const jitter = edit((i) => {
      i.disks[0]!.freeBytes -= 4096
      i.lastBoot = '2026-11-21T15:13:37Z'
    })
    expect(diffHardware(before, jitter)).toEqual([])
  })

  it('lists everything as added for the first inventory, every entry valid', () => {
    const changes = diffHardware(null, before)
    expect(changes.every((c) => c.kind === 'added' && changeSchema.safeParse(c).success)).toBe(true)
    expect(changes.map((c) => c.item)).toContain('eth0 192.0.2.2/24')
    expect(changes.find((c) => c.item === 'memory')).toEqual({
      kind: 'added',
      category: 'hardware',
      item: 'memory',
      to: '25325268992',
    })
  })

  it('reports memory, CPU, disks, addresses, OS version and reboot, ordered by category then item (code units)', () => {
    const after = edit((i) => {
      i.memoryBytes = 32 * 2 ** 30
      i.cpu.cores = 4
      i.cpu.logicalProcessors = 4
      i.osVersion = '13'
      i.osName = 'Debian GNU/Linux 13 (trixie)'
      i.lastBoot = '2026-11-22T03:00:00Z'
      i.disks[0]!.sizeBytes *= 2
      i.disks.push({ mount: '/srv', fsType: 'xfs', sizeBytes: 1000, freeBytes: 10 })
      i.network[0]!.addresses = ['192.0.2.7/24', 'fd00::2/64', 'fe80::fc:ff:fe00:1/64']
      i.network = i.network.filter((n) => n.interface !== 'ifb1')
    })
    expect(diffHardware(before, after)).toEqual([
      {
        kind: 'changed',
        category: 'os',
        item: 'OS name',
        from: 'Debian GNU/Linux 12 (bookworm)',
        to: 'Debian GNU/Linux 13 (trixie)',
      },
      { kind: 'changed', category: 'os', item: 'OS version', from: '12', to: '13' },
      {
        kind: 'changed',
        category: 'os',
        item: 'last boot',
        from: '2026-11-21T15:13:36Z',
        to: '2026-11-22T03:00:00Z',
      },
      { kind: 'changed', category: 'hardware', item: 'CPU cores', from: '2', to: '4' },
      { kind: 'changed', category: 'hardware', item: 'logical processors', from: '2', to: '4' },
      { kind: 'changed', category: 'hardware', item: 'memory', from: '25325268992', to: '34359738368' },
      { kind: 'changed', category: 'disk', item: 'disk /', from: '270553174016', to: '541106348032' },
      { kind: 'added', category: 'disk', item: 'disk /srv', to: '1000' },
      { kind: 'added', category: 'disk', item: 'disk /srv filesystem', to: 'xfs' },
      { kind: 'removed', category: 'network', item: 'eth0 192.0.2.2/24', from: '192.0.2.2/24' },
      { kind: 'added', category: 'network', item: 'eth0 192.0.2.7/24', to: '192.0.2.7/24' },
      { kind: 'removed', category: 'network', item: 'interface ifb1', from: 'f6:37:e9:71:69:4c' },
    ])
  })
})

describe('diffSoftware', () => {
  it('reports added, removed and upgraded packages per name:arch, sorted', () => {
    const a: SoftwareItem[] = [
      { name: 'openssl', version: '3.0.15-1~deb12u1', arch: 'amd64' },
      { name: 'libssl3', version: '3.0.15-1~deb12u1', arch: 'amd64' },
      { name: 'libssl3', version: '3.0.15-1~deb12u1', arch: 'i386' },
      { name: 'telnet', version: '0.17+2.4-2', arch: 'amd64' },
    ]
    const b: SoftwareItem[] = [
      { name: 'libssl3', version: '3.0.17-1~deb12u2', arch: 'amd64' },
      { name: 'libssl3', version: '3.0.15-1~deb12u1', arch: 'i386' },
      { name: 'openssl', version: '3.0.17-1~deb12u2', arch: 'amd64' },
      { name: 'curl', version: '7.88.1-10+deb12u12', arch: 'amd64' },
    ]
    expect(diffSoftware(a, b)).toEqual([
      { kind: 'added', category: 'software', item: 'curl:amd64', to: '7.88.1-10+deb12u12' },
      {
        kind: 'changed',
        category: 'software',
        item: 'libssl3:amd64',
        from: '3.0.15-1~deb12u1',
        to: '3.0.17-1~deb12u2',
      },
      {
        kind: 'changed',
        category: 'software',
        item: 'openssl:amd64',
        from: '3.0.15-1~deb12u1',
        to: '3.0.17-1~deb12u2',
      },
      { kind: 'removed', category: 'software', item: 'telnet:amd64', from: '0.17+2.4-2' },
    ])
  })

  it('lists side-by-side kernels individually and hotfixes (no version) without from/to', () => {
    const k = (version: string): SoftwareItem => ({ name: 'kernel', version, arch: 'x86_64' })
    expect(
      diffSoftware([k('5.14.0-1'), k('5.14.0-2')], [k('5.14.0-2'), k('5.14.0-3'), k('5.14.0-4')]),
    ).toEqual([
      { kind: 'removed', category: 'software', item: 'kernel:x86_64', from: '5.14.0-1' },
      { kind: 'added', category: 'software', item: 'kernel:x86_64', to: '5.14.0-3' },
      { kind: 'added', category: 'software', item: 'kernel:x86_64', to: '5.14.0-4' },
    ])
    expect(diffSoftware([{ name: 'KB5034441', version: '' }], [{ name: 'KB5035845', version: '' }])).toEqual([
      { kind: 'removed', category: 'software', item: 'KB5034441' },
      { kind: 'added', category: 'software', item: 'KB5035845' },
    ])
  })

  it('diffs 3,000 packages with 300 upgrades, 30 removals and 30 additions quickly and deterministically', () => {
    const a = Array.from({ length: 3000 }, (_, i) => ({ name: `pkg${i}`, version: '1.0', arch: 'amd64' }))
    const b = a
      .filter((_, i) => i % 100 !== 7)
      .map((p, i) => (i % 10 === 3 ? { ...p, version: '1.1' } : p))
      .concat(Array.from({ length: 30 }, (_, i) => ({ name: `new${i}`, version: '2.0', arch: 'amd64' })))
      .reverse()
    const t0 = performance.now()
    const changes = diffSoftware(a, b)
    const ms = performance.now() - t0
    expect(changes.filter((c) => c.kind === 'removed')).toHaveLength(30)
    expect(changes.filter((c) => c.kind === 'added')).toHaveLength(30)
    expect(changes.filter((c) => c.kind === 'changed').length).toBeGreaterThan(250)
    expect(diffSoftware([...a].reverse(), [...b].reverse())).toEqual(changes)
    expect(ms).toBeLessThan(200)
  })
})
