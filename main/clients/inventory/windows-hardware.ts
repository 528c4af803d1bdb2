import { z } from 'zod'
import { parseJsonText } from '../parsing/json-text'
import { powerShellInvocation, type PowerShellInvocation } from '../platforms/wua-scan-script'
import { ScanOutputError, zodProblem } from '../platforms/types'
import {
  checkedInventory,
  cleanFirmwareValue,
  isoSeconds,
  looksVirtual,
  type HardwareInventory,
  type NetworkInventory,
} from './types'

const TOOL = 'windows hardware inventory'

/**
 * The Windows PowerShell (3.0+, also pwsh) script that prints ONE compressed JSON object of Win32_* properties
 * (OperatingSystem, ComputerSystem, BIOS, Processor, LogicalDisk DriveType=3, IP-enabled NetworkAdapterConfiguration)
 * plus the registry's UBR/DisplayVersion; non-ASCII escaped as \uXXXX. Falls back to Get-WmiObject where CIM is
 * missing. On failure prints {"error": ...} and exits 1.
 */
export const WINDOWS_HARDWARE_SCRIPT = String.raw`
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Get-Class($name, $filter, $props) {
  $f = @{}; if ($filter) { $f.Filter = $filter }
  try { $r = Get-CimInstance -ClassName $name @f } catch { $r = Get-WmiObject -Class $name @f }
  @($r | Select-Object -Property $props)
}
try {
  $cv = $null
  try { $cv = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' } catch { }
  $ubr = $null; $dv = $null
  if ($cv) {
    if ($cv.PSObject.Properties['UBR']) { $ubr = [int]$cv.UBR }
    if ($cv.PSObject.Properties['DisplayVersion']) { $dv = [string]$cv.DisplayVersion }
  }
  $j = ConvertTo-Json -Depth 5 -Compress -InputObject ([ordered]@{
    SchemaVersion = 1
    OperatingSystem = @(Get-Class 'Win32_OperatingSystem' $null @('Caption', 'Version', 'BuildNumber', 'OSArchitecture', 'CSName', 'LastBootUpTime', 'TotalVisibleMemorySize'))
    ComputerSystem = @(Get-Class 'Win32_ComputerSystem' $null @('Name', 'DNSHostName', 'Domain', 'Manufacturer', 'Model', 'TotalPhysicalMemory'))
    BIOS = @(Get-Class 'Win32_BIOS' $null @('SerialNumber'))
    Processor = @(Get-Class 'Win32_Processor' $null @('Name', 'NumberOfCores', 'NumberOfLogicalProcessors', 'Architecture'))
    LogicalDisk = @(Get-Class 'Win32_LogicalDisk' 'DriveType=3' @('DeviceID', 'FileSystem', 'Size', 'FreeSpace'))
    NetworkAdapterConfiguration = @(Get-Class 'Win32_NetworkAdapterConfiguration' 'IPEnabled=TRUE' @('Index', 'Description', 'MACAddress', 'IPAddress', 'IPSubnet'))
    UBR = $ubr; DisplayVersion = $dv
  })
  [regex]::Replace($j, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
} catch {
  ConvertTo-Json -Compress -InputObject ([ordered]@{ error = [string]$_.Exception.Message })
  exit 1
}
`.trimStart()

/** How to run WINDOWS_HARDWARE_SCRIPT over OpenSSH. */
export const WINDOWS_HARDWARE_INVOCATION: PowerShellInvocation = powerShellInvocation(WINDOWS_HARDWARE_SCRIPT)

/** ConvertTo-Json writes a one-element array as the element itself (and `$null` for none): accept all three. */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(item))
}

const str = z.string().nullish()
/** Win32 uint64 properties: numbers, or strings where a serializer kept them as text. */
const uint = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish()
/** A DateTime as ConvertTo-Json writes it: "/Date(ms)/" (5.1), ISO (7.x), a CIM datetime, or {value, DateTime}. */
const dateValue = z.union([z.string(), z.object({ value: z.string() }).transform((o) => o.value)]).nullish()

/** The zod schema of WINDOWS_HARDWARE_SCRIPT's output (also accepts `Get-CimInstance … | ConvertTo-Json` shapes). */
export const windowsHardwareJsonSchema = z.object({
  SchemaVersion: z.literal(1).optional(),
  OperatingSystem: oneOrMany(
    z.object({
      Caption: str,
      Version: str,
      BuildNumber: str,
      OSArchitecture: str,
      CSName: str,
      LastBootUpTime: dateValue,
      TotalVisibleMemorySize: uint,
    }),
  ),
  ComputerSystem: oneOrMany(
    z.object({
      Name: str,
      DNSHostName: str,
      Domain: str,
      Manufacturer: str,
      Model: str,
      TotalPhysicalMemory: uint,
    }),
  ),
  BIOS: oneOrMany(z.object({ SerialNumber: str })),
  Processor: oneOrMany(
    z.object({ Name: str, NumberOfCores: uint, NumberOfLogicalProcessors: uint, Architecture: uint }),
  ),
  LogicalDisk: oneOrMany(z.object({ DeviceID: z.string(), FileSystem: str, Size: uint, FreeSpace: uint })),
  NetworkAdapterConfiguration: oneOrMany(
    z.object({
      Index: uint,
      Description: str,
      MACAddress: str,
      IPAddress: oneOrMany(z.string()),
      IPSubnet: oneOrMany(z.string()),
    }),
  ),
  UBR: uint,
  DisplayVersion: str,
})

/** The parsed JSON the Windows hardware script prints. */
export type WindowsHardwareJson = z.infer<typeof windowsHardwareJsonSchema>

/**
 * A date as PowerShell serializes it, to ISO 8601 UTC: `/Date(1700000000000)/` (Windows PowerShell 5.1),
 * `2023-11-14T22:13:20.5+01:00` (PowerShell 7), or a CIM datetime `20231114221320.500000+060` (Get-WmiObject).
 */
export function parsePowerShellDate(text: string): string {
  const date = (t: number) =>
    isoSeconds(t) ?? fail(`${TOOL}: date ${JSON.stringify(text.slice(0, 80))} is out of range`)
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text)
  if (ms) return date(Number(ms[1]))
  const cim = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?([+-])(\d{3})$/.exec(text)
  if (cim) {
    const [, y, mo, d, h, mi, s, frac, sign, offset] = cim
    const utc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, Math.floor(Number(`0.${frac ?? '0'}`) * 1000))
    return date(utc - (sign === '-' ? -1 : 1) * Number(offset) * 60_000)
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(text)) {
    const t = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`)
    if (!Number.isNaN(t)) return date(t)
  }
  return fail(`${TOOL}: unrecognized date ${JSON.stringify(text.slice(0, 80))}`)
}

function fail(message: string): never {
  throw new ScanOutputError(message)
}

/** A dotted IPv4 mask (`255.255.255.0`) or a prefix length (`64`) as a prefix length. */
export function prefixLength(subnet: string): number {
  if (/^\d{1,3}$/.test(subnet)) return Number(subnet)
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(subnet)
  if (!m) throw new ScanOutputError(`${TOOL}: unrecognized IPSubnet ${JSON.stringify(subnet)}`)
  const bits = m
    .slice(1)
    .map((o) => Number(o).toString(2).padStart(8, '0'))
    .join('')
  if (!/^1*0*$/.test(bits) || bits.length !== 32)
    throw new ScanOutputError(`${TOOL}: IPSubnet ${subnet} is not a contiguous mask`)
  return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')
}

/** Win32_Processor.Architecture codes, in Microsoft's names. */
const ARCHITECTURES: Record<number, string> = { 0: 'x86', 5: 'arm', 6: 'ia64', 9: 'x64', 12: 'arm64' }

function text(v: string | null | undefined): string {
  return (v ?? '').trim()
}

function adapters(json: WindowsHardwareJson): NetworkInventory[] {
  return json.NetworkAdapterConfiguration.map((a) => {
    const subnets = a.IPSubnet
    const addresses = a.IPAddress.map((ip, i) => {
      const subnet = subnets[i]
      if (subnet === undefined)
        throw new ScanOutputError(`${TOOL}: adapter ${text(a.Description)}: IPAddress ${ip} has no IPSubnet`)
      return `${ip}/${prefixLength(subnet)}`
    }).sort()
    const mac = text(a.MACAddress).toLowerCase().replace(/-/g, ':')
    return {
      interface: text(a.Description) || `adapter ${a.Index ?? '?'}`,
      ...(mac ? { mac } : {}),
      addresses,
    }
  }).sort((x, y) => (x.interface < y.interface ? -1 : x.interface > y.interface ? 1 : 0))
}

/** Parses the Windows hardware script's stdout (one JSON object) into a HardwareInventory. */
export function parseWindowsHardware(stdout: string): HardwareInventory {
  const raw = parseJsonText(stdout.replace(/^\uFEFF/, ''), `${TOOL}: output`, (m) => new ScanOutputError(m))
  if (raw && typeof raw === 'object' && 'error' in raw)
    throw new ScanOutputError(`${TOOL}: the script failed: ${String((raw as { error: unknown }).error)}`)
  const parsed = windowsHardwareJsonSchema.safeParse(raw)
  if (!parsed.success) throw new ScanOutputError(`${TOOL}: unexpected JSON ${zodProblem(parsed.error)}`)
  const json = parsed.data
  const os = json.OperatingSystem[0]
  const cs = json.ComputerSystem[0]
  if (!os) throw new ScanOutputError(`${TOOL}: no Win32_OperatingSystem instance`)
  if (!os.LastBootUpTime) throw new ScanOutputError(`${TOOL}: Win32_OperatingSystem has no LastBootUpTime`)
  const cpus = json.Processor
  const sum = (f: (p: (typeof cpus)[number]) => number | null | undefined) =>
    cpus.reduce((n, p) => n + (f(p) ?? 0), 0)
  const manufacturer = cleanFirmwareValue(cs?.Manufacturer)
  const model = cleanFirmwareValue(cs?.Model)
  const serial = cleanFirmwareValue(json.BIOS[0]?.SerialNumber)
  const version = text(os.Version)
  const memoryBytes = cs?.TotalPhysicalMemory ?? (os.TotalVisibleMemorySize ?? 0) * 1024
  const virtual = manufacturer || model ? looksVirtual(manufacturer, model) : undefined
  const inventory: HardwareInventory = {
    hostname: text(cs?.DNSHostName) || text(cs?.Name) || text(os.CSName),
    osName: text(os.Caption),
    osVersion: json.UBR != null && version !== '' ? `${version}.${json.UBR}` : version,
    kernel: version,
    architecture:
      ARCHITECTURES[cpus[0]?.Architecture ?? -1] ?? (text(os.OSArchitecture) === '64-bit' ? 'x64' : 'x86'),
    cpu: {
      model: text(cpus[0]?.Name).replace(/\s+/g, ' '),
      cores: sum((p) => p.NumberOfCores),
      logicalProcessors: sum((p) => p.NumberOfLogicalProcessors),
    },
    memoryBytes,
    disks: json.LogicalDisk.map((d) => ({
      mount: d.DeviceID,
      fsType: text(d.FileSystem),
      sizeBytes: d.Size ?? 0,
      freeBytes: d.FreeSpace ?? 0,
    })).sort((a, b) => (a.mount < b.mount ? -1 : a.mount > b.mount ? 1 : 0)),
    network: adapters(json),
    lastBoot: parsePowerShellDate(os.LastBootUpTime),
    ...(manufacturer ? { manufacturer } : {}),
    ...(model ? { model } : {}),
    ...(serial ? { serial } : {}),
    ...(virtual !== undefined ? { virtual } : {}),
    ...(virtual ? { virtualization: [manufacturer, model].filter(Boolean).join(' ') } : {}),
  }
  return checkedInventory(inventory, TOOL)
}
