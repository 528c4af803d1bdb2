import { createHash } from 'node:crypto'
import { MARKER } from '../platforms/shell-sections'
import type { LabHost } from './lab-host'
import { osReleaseText, section } from './lab-shell-debian'

/** A stable number in [0, n) from the host's name and a label, so every lab host keeps its own hardware. */
function pick(host: LabHost, label: string, n: number): number {
  return createHash('sha256').update(`${host.name}:${label}`).digest().readUInt32BE(0) % n
}

/** The host's simulated hardware: CPU, memory, disk, one address on the lab's loopback network. */
function specs(host: LabHost) {
  const cores = [2, 4, 8, 16][pick(host, 'cores', 4)]!
  const memGiB = [4, 8, 16, 32][pick(host, 'mem', 4)]!
  const diskGiB = [40, 80, 120, 250][pick(host, 'disk', 4)]!
  const octet = 10 + pick(host, 'ip', 240)
  const mac = `02:1a:b0:${[1, 2, 3].map((i) => pick(host, `mac${i}`, 256).toString(16).padStart(2, '0')).join(':')}`
  return {
    cores,
    memKiB: memGiB * 1024 * 1024,
    diskKiB: diskGiB * 1024 * 1024,
    address: `127.0.3.${octet}`,
    mac,
  }
}

/** What LINUX_HARDWARE_COMMAND prints on a Debian-like lab host (the sections of the real script). */
export function labLinuxHardwareOutput(host: LabHost, now: Date): string {
  const s = specs(host)
  const used = Math.round(s.diskKiB * 0.37)
  const boot = Math.floor(host.bootTime.getTime() / 1000)
  const nowSec = Math.floor(now.getTime() / 1000)
  const cpuinfo = Array.from(
    { length: s.cores },
    (_, i) =>
      `processor\t: ${i}\nmodel name\t: Simulated Lab CPU\nphysical id\t: 0\ncore id\t\t: ${i}\ncpu cores\t: ${s.cores}`,
  ).join('\n')
  return [
    section('os-release', 0, osReleaseText(host)),
    section('hostname', 0, `${host.hostname}\n`),
    section('uname', 0, `Linux ${host.runningKernel || '6.1.0-21-amd64'} x86_64\n`),
    section('nproc', 0, `${s.cores}\n`),
    section('cpuinfo', 0, `${cpuinfo}\n`),
    section(
      'lscpu',
      0,
      `Model name:   Simulated Lab CPU\nCore(s) per socket:   ${s.cores}\nSocket(s):   1\n`,
    ),
    section('meminfo', 0, `MemTotal:       ${s.memKiB} kB\n`),
    section(
      'df',
      0,
      `Filesystem     Type 1024-blocks     Used Available Capacity Mounted on\n` +
        `/dev/vda1      ext4 ${s.diskKiB} ${used} ${s.diskKiB - used} 37% /\n`,
    ),
    section(
      'ip',
      0,
      `2: eth0    inet ${s.address}/24 brd 127.0.3.255 scope global eth0\\       valid_lft forever\n`,
    ),
    section('macs', 0, `eth0 ${s.mac}\nlo 00:00:00:00:00:00\n`),
    section('boot', 0, `btime ${boot}\n${nowSec - boot}.00 0.00\n${nowSec}\n`),
    section('dmi', 0, 'sys_vendor=Patchbay Lab (simulated)\nproduct_name=Lab VM\n'),
    section('virt', 0, 'kvm\n'),
    `${MARKER} done@@\n`,
  ].join('')
}

/** What the Windows hardware script prints on a Windows-like lab host (one compressed JSON object). */
export function labWindowsHardwareJson(host: LabHost): string {
  const s = specs(host)
  return JSON.stringify({
    SchemaVersion: 1,
    OperatingSystem: {
      Caption: host.osName,
      Version: host.osVersion,
      BuildNumber: host.osVersion.split('.')[2] ?? '',
      OSArchitecture: '64-bit',
      CSName: host.hostname,
      LastBootUpTime: `/Date(${host.bootTime.getTime()})/`,
      TotalVisibleMemorySize: s.memKiB,
    },
    ComputerSystem: {
      Name: host.hostname,
      DNSHostName: host.hostname.toLowerCase(),
      Domain: 'LAB',
      Manufacturer: 'Patchbay Lab (simulated)',
      Model: 'Lab VM',
      TotalPhysicalMemory: s.memKiB * 1024,
    },
    BIOS: { SerialNumber: `LAB-${host.name}` },
    Processor: {
      Name: 'Simulated Lab CPU',
      NumberOfCores: s.cores,
      NumberOfLogicalProcessors: s.cores,
      Architecture: 9,
    },
    LogicalDisk: {
      DeviceID: 'C:',
      FileSystem: 'NTFS',
      Size: s.diskKiB * 1024,
      FreeSpace: Math.round(s.diskKiB * 1024 * 0.63),
    },
    NetworkAdapterConfiguration: {
      Index: 1,
      Description: 'Lab Ethernet Adapter',
      MACAddress: s.mac.toUpperCase(),
      IPAddress: s.address,
      IPSubnet: '255.255.255.0',
    },
  })
}

/** True when a PowerShell script is the Windows hardware inventory script. */
export function isWindowsHardwareScript(script: string): boolean {
  return script.includes('Win32_OperatingSystem') && script.includes('Win32_LogicalDisk')
}
