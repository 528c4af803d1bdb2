import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  WINDOWS_HARDWARE_INVOCATION,
  WINDOWS_HARDWARE_SCRIPT,
  parsePowerShellDate,
  parseWindowsHardware,
  prefixLength,
} from '../../../../main/clients/inventory/windows-hardware'
import { CMD_LINE_LIMIT } from '../../../../main/clients/platforms/wua-scan-script'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import { fixture } from '../platforms/fixtures'

const ps51 = fixture('inventory/windows-hardware-synthetic-ps51.json.txt')

/** Decodes the script a `powershell -EncodedCommand` line carries (directly or inside the gzip bootstrap). */
function decodedScript(command: string): string {
  const body = Buffer.from(command.split(' -EncodedCommand ')[1]!, 'base64').toString('utf16le')
  const blob = /FromBase64String\('([^']+)'\)/.exec(body)
  return blob ? gunzipSync(Buffer.from(blob[1]!, 'base64')).toString('utf8') : body
}

describe('Windows hardware script', () => {
  it('fits one cmd.exe command line through powerShellInvocation and carries the Win32 classes', () => {
    expect(WINDOWS_HARDWARE_INVOCATION.command.length).toBeLessThanOrEqual(CMD_LINE_LIMIT)
    expect(WINDOWS_HARDWARE_INVOCATION.stdin).toBeUndefined()
    const script = decodedScript(WINDOWS_HARDWARE_INVOCATION.command)
    for (const cls of ['Win32_OperatingSystem', 'Win32_ComputerSystem', 'Win32_Processor', 'Win32_BIOS'])
      expect(script).toContain(cls)
    expect(script).toContain("'Win32_LogicalDisk' 'DriveType=3'")
    expect(script).toContain("'Win32_NetworkAdapterConfiguration' 'IPEnabled=TRUE'")
    expect(WINDOWS_HARDWARE_SCRIPT).toContain('ConvertTo-Json -Depth 5 -Compress')
  })
})

describe('parseWindowsHardware (synthetic JSON shaped like Windows PowerShell 5.1 output of our script)', () => {
  it('maps Win32_* properties to the inventory, with CIDR addresses and the UBR in the OS version', () => {
    expect(parseWindowsHardware(ps51)).toEqual({
      hostname: 'ws-0042',
      osName: 'Microsoft Windows 11 Pro',
      osVersion: '10.0.22631.4460',
      kernel: '10.0.22631',
      architecture: 'x64',
      cpu: { model: 'Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz', cores: 4, logicalProcessors: 8 },
      memoryBytes: 17179332608,
      disks: [
        { mount: 'C:', fsType: 'NTFS', sizeBytes: 136912564224, freeBytes: 81234567168 },
        { mount: 'D:', fsType: 'ReFS', sizeBytes: 53687091200, freeBytes: 53000000000 },
      ],
      network: [
        {
          interface: 'Microsoft Hyper-V Network Adapter',
          mac: '00:15:5d:01:02:03',
          addresses: ['192.168.10.20/24', 'fe80::1c2d:3e4f:5a6b:7c8d/64'],
        },
      ],
      lastBoot: '2025-11-21T08:53:36Z',
      manufacturer: 'Microsoft Corporation',
      model: 'Virtual Machine',
      serial: '0000-0012-3456-7890-1234-5678-90',
      virtual: true,
      virtualization: 'Microsoft Corporation Virtual Machine',
    })
  })

  it('accepts a BOM and CRLF around the JSON', () => {
    expect(parseWindowsHardware(`\uFEFF${ps51.trim()}\r\n`).hostname).toBe('ws-0042')
  })
})

describe('parseWindowsHardware on ConvertTo-Json quirks (synthetic, shaped like pipeline/Get-WmiObject/pwsh output)', () => {
  const base = JSON.parse(ps51) as Record<string, unknown>
  it('accepts single-element arrays collapsed to objects (and a lone IPAddress string), sums two sockets', () => {
    const json = {
      ...base,
      OperatingSystem: (base.OperatingSystem as object[])[0],
      ComputerSystem: {
        Name: 'SRV01',
        Manufacturer: 'Dell Inc.',
        Model: 'PowerEdge R740',
        TotalPhysicalMemory: 68719476736,
      },
      BIOS: { SerialNumber: 'ABC1234' },
      Processor: [
        {
          Name: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz  ',
          NumberOfCores: 20,
          NumberOfLogicalProcessors: 40,
          Architecture: 9,
        },
        {
          Name: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz  ',
          NumberOfCores: 20,
          NumberOfLogicalProcessors: 40,
          Architecture: 9,
        },
      ],
      LogicalDisk: { DeviceID: 'C:', FileSystem: 'NTFS', Size: 100, FreeSpace: 50 },
      NetworkAdapterConfiguration: {
        Index: 7,
        Description: 'Intel(R) Ethernet',
        MACAddress: 'A0:B1:C2:D3:E4:F5',
        IPAddress: '10.1.2.3',
        IPSubnet: '255.255.252.0',
      },
      UBR: null,
    }
    const inv = parseWindowsHardware(JSON.stringify(json))
    expect(inv.hostname).toBe('SRV01')
    expect(inv.osVersion).toBe('10.0.22631')
    expect(inv.cpu).toEqual({
      model: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz',
      cores: 40,
      logicalProcessors: 80,
    })
    expect(inv.disks).toEqual([{ mount: 'C:', fsType: 'NTFS', sizeBytes: 100, freeBytes: 50 }])
    expect(inv.network).toEqual([
      { interface: 'Intel(R) Ethernet', mac: 'a0:b1:c2:d3:e4:f5', addresses: ['10.1.2.3/22'] },
    ])
    expect([inv.virtual, inv.serial]).toEqual([false, 'ABC1234'])
  })

  it.each([
    ['Windows PowerShell 5.1 /Date(ms)/', '/Date(1763715216500)/'],
    [
      '5.1 Get-Date style {value, DateTime} object',
      { value: '/Date(1763715216500)/', DisplayHint: 2, DateTime: 'Friday…' },
    ],
    ['PowerShell 7 ISO with offset', '2025-11-21T09:53:36.5000000+01:00'],
    ['Get-WmiObject CIM datetime', '20251121095336.500000+060'],
  ])('reads LastBootUpTime as %s', (_, value) => {
    const os = { ...(base.OperatingSystem as object[])[0], LastBootUpTime: value }
    expect(parseWindowsHardware(JSON.stringify({ ...base, OperatingSystem: [os] })).lastBoot).toBe(
      '2025-11-21T08:53:36Z',
    )
  })

  it('converts masks and prefix lengths, rejecting non-contiguous masks', () => {
    expect(['255.255.255.255', '255.0.0.0', '0.0.0.0', '128', '64'].map(prefixLength)).toEqual([
      32, 8, 0, 128, 64,
    ])
    expect(() => prefixLength('255.0.255.0')).toThrow(ScanOutputError)
    expect(parsePowerShellDate('/Date(0)/')).toBe('1970-01-01T00:00:00Z')
    expect(parsePowerShellDate('20240101000000.000000-300')).toBe('2024-01-01T05:00:00Z')
  })

  it.each([
    ['not JSON', 'Get-CimInstance : Access denied', /not JSON/],
    ['the script error object', '{"error":"Invalid class \\"Win32_BIOS\\""}', /script failed: Invalid class/],
    [
      'a wrong type',
      JSON.stringify({ ...base, LogicalDisk: [{ DeviceID: 3 }] }),
      /unexpected JSON.*LogicalDisk/,
    ],
    ['no OS instance', JSON.stringify({ ...base, OperatingSystem: [] }), /no Win32_OperatingSystem/],
    [
      'an unknown date format',
      JSON.stringify({ ...base, OperatingSystem: [{ LastBootUpTime: 'yesterday' }] }),
      /unrecognized date/,
    ],
    [
      'an address without subnet',
      JSON.stringify({
        ...base,
        NetworkAdapterConfiguration: [{ Description: 'x', IPAddress: ['10.0.0.1'], IPSubnet: [] }],
      }),
      /10\.0\.0\.1 has no IPSubnet/,
    ],
  ])('throws a ScanOutputError on %s', (_, text, message) => {
    expect(() => parseWindowsHardware(text)).toThrow(ScanOutputError)
    expect(() => parseWindowsHardware(text)).toThrow(message)
  })
})
