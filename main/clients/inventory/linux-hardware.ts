import {
  SHELL_DONE,
  SHELL_PRELUDE,
  okSection,
  osNameVersion,
  parseOsRelease,
  shCommand,
  splitSections,
  type Section,
} from '../platforms/shell-sections'
import { ScanOutputError, quoteLine, toLines } from '../platforms/types'
import {
  checkedInventory,
  cleanFirmwareValue,
  isoSeconds,
  looksVirtual,
  type DiskInventory,
  type HardwareInventory,
  type NetworkInventory,
} from './types'

const TOOL = 'linux hardware inventory'

/** Filesystem types `df` leaves out: memory-backed and image filesystems that are not disks. */
export const DF_EXCLUDED_TYPES = ['tmpfs', 'devtmpfs', 'overlay', 'squashfs'] as const

function section(name: string, body: string): string {
  return `{ ${body}; } >"$d/o" 2>"$d/e"; emit ${name} $? "$d/o" "$d/e"`
}

/**
 * The POSIX shell script that prints a Linux client's hardware facts in `@@PATCHBAY` sections. Runs as a normal user
 * without sudo on Debian, RHEL and SUSE; reads only world-readable files (root-only DMI fields such as product_serial
 * are skipped unless the user can read them).
 */
export const LINUX_HARDWARE_SCRIPT = [
  SHELL_PRELUDE,
  section('hostname', 'hostname 2>/dev/null || uname -n'),
  section('uname', 'uname -srm'),
  section('nproc', 'nproc --all 2>/dev/null || getconf _NPROCESSORS_CONF'),
  section(
    'cpuinfo',
    `grep -E '^(processor|model name|cpu model|Processor|Hardware|physical id|core id|cpu cores)[[:space:]]*:' /proc/cpuinfo`,
  ),
  section('lscpu', `lscpu | grep -E '^(Model name|Core\\(s\\) per socket|Socket\\(s\\)|Hypervisor vendor):'`),
  section('meminfo', `grep '^MemTotal:' /proc/meminfo`),
  section('df', `df -P -k -T ${DF_EXCLUDED_TYPES.map((t) => `-x ${t}`).join(' ')}`),
  section('ip', 'ip -o addr show'),
  section(
    'macs',
    'set +f; for f in /sys/class/net/*/address; do [ -r "$f" ] || continue; n=${f%/address}; ' +
      `printf '%s %s\\n' "\${n##*/}" "$(cat "$f")"; done; set -f`,
  ),
  section('boot', `grep '^btime ' /proc/stat; cat /proc/uptime; date +%s`),
  section(
    'dmi',
    'for k in sys_vendor product_name product_serial; do f=/sys/class/dmi/id/$k; ' +
      `[ -r "$f" ] && v=$(cat "$f" 2>/dev/null) && printf '%s=%s\\n' "$k" "$v"; done; true`,
  ),
  section('virt', 'systemd-detect-virt'),
  SHELL_DONE,
].join('\n')

/** The one-line command an SSH exec runs to collect a Linux client's hardware inventory. */
export const LINUX_HARDWARE_COMMAND = shCommand(LINUX_HARDWARE_SCRIPT)

const SECTIONS = [
  'os-release',
  'hostname',
  'uname',
  'nproc',
  'cpuinfo',
  'lscpu',
  'meminfo',
  'df',
  'ip',
  'macs',
]
const ALL_SECTIONS = [...SECTIONS, 'boot', 'dmi', 'virt']

function fail(message: string): never {
  throw new ScanOutputError(`${TOOL}: ${message}`)
}

/** `key : value` lines of /proc/cpuinfo or lscpu, as [key, value] pairs in order. */
function colonPairs(text: string): [string, string][] {
  return toLines(text, TOOL).flatMap((line): [string, string][] => {
    const i = line.indexOf(':')
    return i < 0 ? [] : [[line.slice(0, i).trim(), line.slice(i + 1).trim()]]
  })
}

/** CPU model, physical cores and logical processors from /proc/cpuinfo, lscpu and nproc. */
export function parseCpu(
  cpuinfo: string,
  lscpu: Section | undefined,
  nproc: Section | undefined,
): HardwareInventory['cpu'] {
  const pairs = colonPairs(cpuinfo)
  const lscpuMap = new Map(lscpu?.rc === 0 ? colonPairs(lscpu.stdout) : [])
  const first = (...keys: string[]) => pairs.find(([k, v]) => keys.includes(k) && v !== '')?.[1]
  const model =
    first('model name', 'cpu model') ?? lscpuMap.get('Model name') ?? first('Processor', 'Hardware') ?? ''
  const processors = pairs.filter(([k]) => k === 'processor').length
  const nprocValue = nproc?.rc === 0 ? Number(nproc.stdout.trim()) : NaN
  const logical = Number.isInteger(nprocValue) && nprocValue > 0 ? nprocValue : processors
  if (logical <= 0) fail('no processor lines in /proc/cpuinfo and no usable nproc output')
  // Physical cores: distinct (physical id, core id) pairs when the kernel reports them (x86), else lscpu's
  // cores per socket × sockets, else one core per logical processor.
  const cores = new Set<string>()
  let physical = ''
  for (const [k, v] of pairs) {
    if (k === 'processor') physical = ''
    else if (k === 'physical id') physical = v
    else if (k === 'core id') cores.add(`${physical}/${v}`)
  }
  const perSocket = Number(lscpuMap.get('Core(s) per socket'))
  const sockets = Number(lscpuMap.get('Socket(s)'))
  const fromLscpu = perSocket > 0 && sockets > 0 ? perSocket * sockets : 0
  return { model, cores: cores.size || fromLscpu || logical, logicalProcessors: logical }
}

/** MemTotal of /proc/meminfo in bytes. */
export function parseMemTotal(text: string): number {
  const m = /^MemTotal:\s+(\d+)\s+kB$/m.exec(text)
  if (!m) fail(`meminfo has no "MemTotal: N kB" line: ${quoteLine(text)}`)
  const bytes = Number(m[1]) * 1024
  if (!Number.isSafeInteger(bytes)) fail(`MemTotal ${quoteLine(m[1]!)} kB is too large`)
  return bytes
}

/** `df -P -k -T` output as disks; throws when the header is missing or a line does not fit. */
export function parseDf(text: string): DiskInventory[] {
  const lines = toLines(text, `${TOOL} df output`)
  if (!/^Filesystem\s+Type\s+1024-blocks\s+Used\s+Available\s+Capacity\s+Mounted on$/.test(lines[0] ?? ''))
    fail(`df output does not start with the POSIX -T header: ${quoteLine(lines[0] ?? '')}`)
  return lines.slice(1).flatMap((line, i): DiskInventory[] => {
    const m = /^(.+?)\s+(\S+)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\d+%|-)\s+(\/.*)$/.exec(line)
    if (!m) fail(`df line ${i + 2} is not "fs type size used avail capacity mount": ${quoteLine(line)}`)
    const [, , fsType, size, , avail, , mount] = m
    if (size === '-' || size === '0') return [] // pseudo filesystems with no size
    return [
      { mount: mount!, fsType: fsType!, sizeBytes: Number(size) * 1024, freeBytes: Number(avail) * 1024 },
    ]
  })
}

function normalizeMac(mac: string | undefined): string | undefined {
  const m = (mac ?? '').trim().toLowerCase().replace(/-/g, ':')
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(m) && m !== '00:00:00:00:00:00' ? m : undefined
}

/** `ip -o addr show` (and `ip -o link` lines, if present) plus `/sys/class/net/X/address` pairs as interfaces, loopback left out. */
export function parseIpAddr(ipText: string, macsText: string): NetworkInventory[] {
  const byName = new Map<string, { mac?: string; addresses: Set<string> }>()
  const entry = (name: string) => {
    const n = name.replace(/@.*$/, '')
    let e = byName.get(n)
    if (!e) byName.set(n, (e = { addresses: new Set() }))
    return e
  }
  toLines(ipText, `${TOOL} ip output`).forEach((line, i) => {
    if (line.trim() === '') return
    const addr = /^\d+:\s+(\S+)\s+inet6?\s+(\S+\/\d+)\s/.exec(line)
    const link = /^\d+:\s+(\S+?):\s+<.*?\slink\/\S+\s+([0-9a-f:]+)/.exec(line)
    if (addr) entry(addr[1]!).addresses.add(addr[2]!)
    else if (link) entry(link[1]!).mac = normalizeMac(link[2])
    else fail(`ip -o addr line ${i + 1} is not "N: ifname inet|inet6 addr/len …": ${quoteLine(line)}`)
  })
  toLines(macsText, `${TOOL} /sys/class/net output`).forEach((line, i) => {
    const m = /^(\S+) (\S*)$/.exec(line)
    if (!m) fail(`/sys/class/net line ${i + 1} is not "ifname mac": ${quoteLine(line)}`)
    const e = entry(m[1]!)
    e.mac ??= normalizeMac(m[2])
  })
  byName.delete('lo')
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, e]) => ({
      interface: name,
      ...(e.mac ? { mac: e.mac } : {}),
      addresses: [...e.addresses].sort(),
    }))
}

/** Boot time from the boot section: /proc/stat btime, else `date +%s` minus /proc/uptime. */
export function parseBoot(text: string): string {
  const btime = /^btime (\d+)$/m.exec(text)
  const date = (ms: number) => isoSeconds(ms) ?? fail(`boot time ${quoteLine(text)} is not a date`)
  if (btime) return date(Number(btime[1]) * 1000)
  const lines = toLines(text, `${TOOL} boot section`)
  const up = /^(\d+(?:\.\d+)?) /.exec(lines.find((l) => /^\d+(\.\d+)? \d/.test(l)) ?? '')
  const now = lines.find((l) => /^\d+$/.test(l))
  if (!up || !now) fail(`boot section has neither a btime line nor uptime and date: ${quoteLine(text)}`)
  return date((Number(now) - Number(up[1])) * 1000)
}

/** Parses the output of LINUX_HARDWARE_COMMAND into a HardwareInventory; throws ScanOutputError on malformed output. */
export function parseLinuxHardware(text: string): HardwareInventory {
  const sections = splitSections(text, TOOL, ALL_SECTIONS)
  const ok = (name: string) => okSection(sections, name, TOOL).stdout
  const warnings: string[] = []
  const optional = (name: string): Section | undefined => {
    const s = sections.get(name)!
    if (s.rc === 0) return s
    warnings.push(`${name} exited with ${s.rc}: ${s.stderr.trim() || '(no stderr)'}`)
    return undefined
  }
  const { osName, osVersion } = osNameVersion(parseOsRelease(ok('os-release')))
  const hostname = ok('hostname').trim()
  if (hostname === '') fail('hostname printed nothing')
  const uname = /^(\S+) (\S+) (\S+)$/.exec(ok('uname').trim())
  if (!uname) fail(`uname -srm is not "system release machine": ${quoteLine(ok('uname'))}`)
  // df exits 1 when one mount is unreadable (e.g. another user's FUSE mount) but still lists the others.
  const df = sections.get('df')!
  if (df.rc !== 0) warnings.push(`df exited with ${df.rc}: ${df.stderr.trim() || '(no stderr)'}`)
  const ip = optional('ip')
  // grep exits 1 when /proc/cpuinfo has none of the lines (s390x); nproc and lscpu still give the counts.
  const cpuinfo = sections.get('cpuinfo')!
  if (cpuinfo.rc > 1)
    warnings.push(`cpuinfo exited with ${cpuinfo.rc}: ${cpuinfo.stderr.trim() || '(no stderr)'}`)
  const dmi = new Map(
    toLines(sections.get('dmi')!.stdout, `${TOOL} dmi section`).flatMap((l): [string, string][] => {
      const i = l.indexOf('=')
      return i < 0 ? [] : [[l.slice(0, i), l.slice(i + 1)]]
    }),
  )
  const manufacturer = cleanFirmwareValue(dmi.get('sys_vendor'))
  const model = cleanFirmwareValue(dmi.get('product_name'))
  const serial = cleanFirmwareValue(dmi.get('product_serial'))
  const virt = sections.get('virt')!
  const virtWord = virt.stdout.trim()
  const hypervisor = new Map(colonPairs(sections.get('lscpu')!.stdout)).get('Hypervisor vendor')
  let virtual: boolean | undefined
  let virtualization: string | undefined
  if (/^[a-z0-9-]+$/.test(virtWord) && (virt.rc === 0 || virtWord === 'none')) {
    virtual = virtWord !== 'none'
    if (virtual) virtualization = virtWord
  } else if (hypervisor || looksVirtual(manufacturer, model)) {
    virtual = true
    virtualization = hypervisor ?? [manufacturer, model].filter(Boolean).join(' ')
  } else if (manufacturer) virtual = false
  const inventory: HardwareInventory = {
    hostname,
    osName,
    osVersion,
    kernel: `${uname[1]} ${uname[2]}`,
    architecture: uname[3]!,
    cpu: parseCpu(cpuinfo.stdout, sections.get('lscpu'), optional('nproc')),
    memoryBytes: parseMemTotal(ok('meminfo')),
    disks: parseDf(df.stdout),
    network: parseIpAddr(ip?.stdout ?? '', sections.get('macs')!.stdout),
    lastBoot: parseBoot(ok('boot')),
    ...(manufacturer ? { manufacturer } : {}),
    ...(model ? { model } : {}),
    ...(serial ? { serial } : {}),
    ...(virtual !== undefined ? { virtual } : {}),
    ...(virtualization ? { virtualization } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  }
  return checkedInventory(inventory, TOOL)
}
