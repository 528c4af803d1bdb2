import { describe, expect, it } from 'vitest'
import {
  LINUX_HARDWARE_COMMAND,
  LINUX_HARDWARE_SCRIPT,
  parseBoot,
  parseCpu,
  parseDf,
  parseIpAddr,
  parseLinuxHardware,
} from '../../../../main/clients/inventory/linux-hardware'
import { hardwareInventorySchema } from '../../../../main/clients/inventory/types'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import { fixture } from '../platforms/fixtures'

const recorded = fixture('inventory/debian12-linux-hardware-output.txt')

/** Replaces one section's stdout/rc in recorded output. */
function withSection(text: string, name: string, stdout: string, rc = 0): string {
  const re = new RegExp(`@@PATCHBAY begin ${name}@@\\n[\\s\\S]*?@@PATCHBAY end ${name} rc=\\d+@@`)
  return text.replace(
    re,
    `@@PATCHBAY begin ${name}@@\n${stdout}\n@@PATCHBAY stderr ${name}@@\n\n@@PATCHBAY end ${name} rc=${rc}@@`,
  )
}

describe('Linux hardware command', () => {
  it('is one sh -c command line that reads no root-only file unguarded', () => {
    expect(LINUX_HARDWARE_COMMAND.startsWith("env LC_ALL=C sh -c '")).toBe(true)
    expect(LINUX_HARDWARE_COMMAND).not.toContain('\n@@')
    expect(LINUX_HARDWARE_SCRIPT).not.toMatch(/\bsudo\b/)
    expect(LINUX_HARDWARE_SCRIPT).toContain('[ -r "$f" ]')
    expect(LINUX_HARDWARE_SCRIPT).toContain('-x tmpfs -x devtmpfs -x overlay -x squashfs')
  })
})

describe('parseLinuxHardware on real output (Debian 12 KVM guest, run as nobody, 2026-11-21)', () => {
  it('parses every field', () => {
    const inv = parseLinuxHardware(recorded)
    expect(inv).toEqual({
      hostname: 'vm',
      osName: 'Debian GNU/Linux 12 (bookworm)',
      osVersion: '12',
      kernel: 'Linux 6.18.44-fc-v657',
      architecture: 'x86_64',
      cpu: { model: 'Intel(R) Xeon(R) Processor', cores: 2, logicalProcessors: 2 },
      memoryBytes: 24731708 * 1024,
      disks: [{ mount: '/', fsType: 'ext4', sizeBytes: 264212084 * 1024, freeBytes: 81416304 * 1024 }],
      network: [
        {
          interface: 'eth0',
          mac: '02:fc:00:00:00:01',
          addresses: ['192.0.2.2/24', 'fd00::2/64', 'fe80::fc:ff:fe00:1/64'],
        },
        { interface: 'ifb0', mac: 'd2:1b:0b:02:32:3d', addresses: [] },
        { interface: 'ifb1', mac: 'f6:37:e9:71:69:4c', addresses: [] },
      ],
      lastBoot: '2026-11-21T15:13:36Z',
      virtual: true,
      virtualization: 'docker',
    })
    expect(hardwareInventorySchema.safeParse(inv).success).toBe(true)
  })

  it('reads DMI vendor/model/serial, dropping firmware placeholders, and knows bare metal from "none" rc=1', () => {
    const text = withSection(
      withSection(
        recorded,
        'dmi',
        'sys_vendor=Dell Inc.\nproduct_name=PowerEdge R640\nproduct_serial=To Be Filled By O.E.M.',
      ),
      'virt',
      'none',
      1,
    )
    const inv = parseLinuxHardware(text)
    expect([inv.manufacturer, inv.model, inv.serial, inv.virtual, inv.virtualization]).toEqual([
      'Dell Inc.',
      'PowerEdge R640',
      undefined,
      false,
      undefined,
    ])
  })

  it('falls back to lscpu "Hypervisor vendor" when systemd-detect-virt is missing (rc 127)', () => {
    const inv = parseLinuxHardware(withSection(recorded, 'virt', '', 127))
    expect([inv.virtual, inv.virtualization]).toEqual([true, 'KVM'])
  })

  it('keeps going without ip (addresses empty, MACs from /sys) and says so in warnings', () => {
    const inv = parseLinuxHardware(withSection(recorded, 'ip', '', 127))
    expect(inv.network.map((n) => [n.interface, n.addresses.length])).toEqual([
      ['eth0', 0],
      ['ifb0', 0],
      ['ifb1', 0],
    ])
    expect(inv.warnings).toEqual(['ip exited with 127: (no stderr)'])
  })

  it('accepts df rc=1 (one unreadable mount) with a warning', () => {
    const df = fixture('inventory/debian12-linux-hardware-output.txt').match(
      /begin df@@\n([\s\S]*?)\n\n@@/,
    )![1]!
    const inv = parseLinuxHardware(withSection(recorded, 'df', df, 1))
    expect(inv.disks).toHaveLength(1)
    expect(inv.warnings).toEqual(['df exited with 1: (no stderr)'])
  })

  it.each([
    ['truncated output', recorded.replace('@@PATCHBAY done@@\n', ''), /incomplete/],
    [
      'a missing section',
      recorded.replace(/@@PATCHBAY begin virt@@[\s\S]*?end virt rc=0@@\n/, ''),
      /no "virt" section/,
    ],
    ['meminfo without MemTotal', withSection(recorded, 'meminfo', 'MemFree: 1 kB'), /MemTotal/],
    ['a failed uname', withSection(recorded, 'uname', '', 1), /uname exited with 1/],
    [
      'a df line that does not fit',
      withSection(recorded, 'df', 'Filesystem Type 1024-blocks Used Available Capacity Mounted on\ngarbage'),
      /df line 2/,
    ],
    ['df without its header', withSection(recorded, 'df', '/dev/sda1 ext4 1 1 1 1% /'), /POSIX -T header/],
    ['an ip line that does not fit', withSection(recorded, 'ip', 'nonsense'), /ip -o addr line 1/],
    [
      'no processors at all',
      withSection(withSection(recorded, 'nproc', '', 127), 'cpuinfo', '', 1),
      /no processor lines/,
    ],
    ['a boot section without times', withSection(recorded, 'boot', 'x'), /btime/],
  ])('throws a ScanOutputError naming the problem on %s', (_, text, message) => {
    expect(() => parseLinuxHardware(text)).toThrow(ScanOutputError)
    expect(() => parseLinuxHardware(text)).toThrow(message)
  })
})

describe('Linux hardware section parsers (inputs shaped like other distributions and machines)', () => {
  it('counts distinct (physical id, core id) pairs as cores on a 2-socket hyper-threaded x86', () => {
    const cpuinfo = [0, 1, 2, 3, 4, 5, 6, 7]
      .map(
        (p) => `processor\t: ${p}\nmodel name\t: Xeon\nphysical id\t: ${p % 2}\ncore id\t\t: ${(p >> 1) % 2}`,
      )
      .join('\n')
    const nproc = { stdout: '8', stderr: '', rc: 0 }
    expect(parseCpu(cpuinfo, undefined, nproc)).toEqual({ model: 'Xeon', cores: 4, logicalProcessors: 8 })
  })

  it('uses lscpu for the model and cores on ARM, whose cpuinfo has neither model name nor core id', () => {
    const cpuinfo = 'processor\t: 0\nprocessor\t: 1\nprocessor\t: 2\nprocessor\t: 3'
    const lscpu = {
      stdout: 'Model name:   Cortex-A72\nCore(s) per socket:  4\nSocket(s):  1',
      stderr: '',
      rc: 0,
    }
    expect(parseCpu(cpuinfo, lscpu, undefined)).toEqual({
      model: 'Cortex-A72',
      cores: 4,
      logicalProcessors: 4,
    })
  })

  it('parses df lines with spaces in the mount point and skips size-0 pseudo filesystems', () => {
    const df = [
      'Filesystem     Type 1024-blocks     Used Available Capacity Mounted on',
      '/dev/sdb1      vfat      523248     5928    517320       2% /boot/efi',
      '/dev/sdc1      ext4     1000000   100000    900000      10% /mnt/My Disk',
      'portal         fuse.portal      0        0         0        - /run/user/1000/doc',
    ].join('\n')
    expect(parseDf(df).map((d) => [d.mount, d.fsType, d.sizeBytes])).toEqual([
      ['/boot/efi', 'vfat', 523248 * 1024],
      ['/mnt/My Disk', 'ext4', 1000000 * 1024],
    ])
  })

  it('reads MACs from ip -o link lines and strips @peer suffixes', () => {
    const ip = [
      '2: ens3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\\    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '2: ens3    inet 10.0.0.5/16 brd 10.0.255.255 scope global dynamic ens3\\       valid_lft 86000sec preferred_lft 86000sec',
      '5: veth1@if4    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever',
    ].join('\n')
    expect(parseIpAddr(ip, 'ens3 52:54:00:12:34:56\nveth1 AA-BB-CC-DD-EE-FF\nlo 00:00:00:00:00:00')).toEqual([
      { interface: 'ens3', mac: '52:54:00:12:34:56', addresses: ['10.0.0.5/16'] },
      { interface: 'veth1', mac: 'aa:bb:cc:dd:ee:ff', addresses: ['fe80::1/64'] },
    ])
  })

  it('computes boot time from date − uptime when /proc/stat has no btime line', () => {
    expect(parseBoot('2108.55 1085.18\n1795276124')).toBe(parseBoot('btime 1795274015'))
  })
})
