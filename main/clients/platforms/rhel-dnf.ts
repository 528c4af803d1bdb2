import { z } from 'zod'
import { parseJsonText } from '../parsing/json-text'
import { MAX_OUTPUT_CHARS, checkTextSize } from '../parsing/limits'
import { advisoryClassification, parseNevra, RPM_QUERY_FORMAT } from './linux-advisory'
import {
  RHEL_LISTS_REFRESH,
  listsPrelude,
  parsePackageLists,
  scanCommandLine,
  type ListsRefreshRequest,
} from './package-lists'
import {
  SHELL_DONE,
  SHELL_PRELUDE,
  okSection,
  osNameVersion,
  parseOsRelease,
  splitSections,
} from './shell-sections'
import { RHEL_SERVICES_SCRIPT, readServicesSection, rhelServices } from './restart-services'
import {
  ScanOutputError,
  normalizeSeverity,
  quoteLine,
  toLines,
  zodProblem,
  type InstalledPackage,
  type ScanResult,
  type ScannedUpdate,
} from './types'

/** One advisory × package row of `dnf updateinfo list`. */
export interface DnfAdvisoryRow {
  advisory: string
  type: string
  severity: string
  nevra: string
  issued?: string
}

const dnf5Json = z.array(
  z.object({
    name: z.string().min(1),
    type: z.string(),
    severity: z.string(),
    nevra: z.string().min(1),
    /** Seconds since 1970; JavaScript dates end at 8.64e12 s. */
    buildtime: z.number().min(0).max(8.64e12).optional(),
  }),
)

/** Parses `dnf5 advisory list --json` / `dnf updateinfo list --json` (dnf5); "[]" or empty output means none. */
export function parseDnf5AdvisoryJson(text: string): DnfAdvisoryRow[] {
  if (text.trim() === '') return []
  const json = parseJsonText(text, 'dnf advisory list --json output', (m) => new ScanOutputError(m))
  const parsed = dnf5Json.safeParse(json)
  if (!parsed.success)
    throw new ScanOutputError(`dnf advisory list --json output is invalid ${zodProblem(parsed.error)}`)
  return parsed.data.map((r) => {
    const row: DnfAdvisoryRow = { advisory: r.name, type: r.type, severity: r.severity, nevra: r.nevra }
    if (r.buildtime !== undefined) row.issued = new Date(r.buildtime * 1000).toISOString()
    return row
  })
}

/**
 * Parses the dnf5 table (`Name Type Severity Package Issued`) and the dnf4 list
 * (`RHSA-2024:1234 Important/Sec. openssl-1:3.0.7-27.el9.x86_64`).
 */
export function parseDnfAdvisoryTable(text: string): DnfAdvisoryRow[] {
  const out: DnfAdvisoryRow[] = []
  toLines(text, 'dnf advisory list').forEach((line, i) => {
    const t = line.trim()
    if (
      t === '' ||
      /^Name\s+Type\s+Severity\s+Package/.test(t) ||
      /^(Last metadata expiration|Updating Subscription)/.test(t)
    )
      return
    let m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$/.exec(t)
    if (m)
      return void out.push({ advisory: m[1]!, type: m[2]!, severity: m[3]!, nevra: m[4]!, issued: m[5]! })
    m = /^(\S+)\s+(?:(\w+)\/Sec\.|(\w+))\s+(\S+)$/.exec(t)
    if (m) {
      const security = m[2] !== undefined
      return void out.push({
        advisory: m[1]!,
        type: security ? 'security' : m[3]!,
        severity: security ? m[2]! : '',
        nevra: m[4]!,
      })
    }
    throw new ScanOutputError(
      `dnf advisory list line ${i + 1} is not 'NAME TYPE[/SEV] NEVRA': ${quoteLine(line)}`,
    )
  })
  return out
}

/** Parses `dnf needs-restarting -r` (dnf4) or `dnf needs-restarting` (dnf5) text, or its dnf5 --json form. */
export function parseNeedsRestarting(text: string): { rebootRequired: boolean; packages: string[] } {
  checkTextSize(text, MAX_OUTPUT_CHARS, 'needs-restarting output', (m) => new ScanOutputError(m))
  const t = text.trim()
  if (t.startsWith('[')) {
    const parsed = z
      .array(
        z.object({
          type: z.string(),
          reboot_required: z.boolean(),
          packages: z.array(z.string()).optional(),
        }),
      )
      .safeParse(parseJsonText(t, 'needs-restarting --json output', (m) => new ScanOutputError(m)))
    if (!parsed.success)
      throw new ScanOutputError(`needs-restarting --json output is invalid ${zodProblem(parsed.error)}`)
    const reboot = parsed.data.find((e) => e.type === 'reboot')
    return { rebootRequired: reboot?.reboot_required ?? false, packages: reboot?.packages ?? [] }
  }
  const packages = toLines(t, 'needs-restarting output')
    .map((l) => /^\s+\*\s+(\S+)/.exec(l)?.[1])
    .filter((p): p is string => p !== undefined)
  if (/Reboot is required/.test(t)) return { rebootRequired: true, packages }
  if (/Reboot should not be necessary/.test(t)) return { rebootRequired: false, packages }
  throw new ScanOutputError(
    `needs-restarting output says neither "Reboot is required" nor "Reboot should not be necessary": ${quoteLine(t)}`,
  )
}

/** Parses `rpm -qa --qf RPM_QUERY_FORMAT`. */
export function parseRpmQuery(text: string): InstalledPackage[] {
  return toLines(text, 'rpm -qa output')
    .filter((l) => l !== '')
    .map((line, i) => {
      const f = line.split('\t')
      if (f.length !== 3 || !f[0] || !f[1] || !f[2])
        throw new ScanOutputError(
          `rpm -qa output line ${i + 1} is not 'name<TAB>version<TAB>arch': ${quoteLine(line)}`,
        )
      return { name: f[0], version: f[1], arch: f[2] }
    })
}

/** One ScannedUpdate per advisory × package. */
export function dnfUpdate(row: DnfAdvisoryRow, installed?: Map<string, string>): ScannedUpdate {
  const n = parseNevra(row.nevra)
  if (!n)
    throw new ScanOutputError(`dnf advisory ${row.advisory}: package ${quoteLine(row.nevra)} is not a NEVRA`)
  const u: ScannedUpdate = {
    id: `${row.advisory}/${row.nevra}`,
    vendor: 'redhat',
    title: `${row.advisory} ${n.name} ${n.evr}`,
    classification: advisoryClassification(row.type, row.severity),
    severity: normalizeSeverity(row.severity),
    vendorClassification: row.type,
    package: n.name,
    availableVersion: n.evr,
    arch: n.arch,
    products: [],
    supersededIds: [],
    installed: false,
  }
  const have = installed?.get(`${n.name}.${n.arch}`)
  if (have) u.installedVersion = have
  if (row.issued) u.releaseDate = row.issued
  return u
}

/** The sections the RHEL scan prints. */
export const RHEL_SECTIONS = ['os-release', 'advisories', 'needs-restarting', 'rpm'] as const

/**
 * The sh script of a RHEL/Fedora scan: the lists' age (and `dnf makecache --refresh` first when asked, as root
 * only), dnf5 JSON advisories when dnf5 exists, else the dnf4 list; `needs-restarting` for the restart and its
 * reasons, `needs-restarting -s` for the services running outdated libraries; no sudo.
 */
export const RHEL_SCAN_SCRIPT = [
  SHELL_PRELUDE,
  listsPrelude(RHEL_LISTS_REFRESH),
  'if command -v dnf5 >/dev/null 2>&1; then dnf5 -q advisory list --updates --json >"$d/o" 2>"$d/e"; else dnf -q updateinfo list --updates >"$d/o" 2>"$d/e"; fi; emit advisories $? "$d/o" "$d/e"',
  'if command -v dnf5 >/dev/null 2>&1; then dnf5 needs-restarting >"$d/o" 2>"$d/e"; else dnf needs-restarting -r >"$d/o" 2>"$d/e"; fi; rc=$?; [ "$rc" = 1 ] && rc=0; emit needs-restarting $rc "$d/o" "$d/e"',
  `rpm -qa --qf '${RPM_QUERY_FORMAT}' >"$d/o" 2>"$d/e"; emit rpm $? "$d/o" "$d/e"`,
  RHEL_SERVICES_SCRIPT,
  SHELL_DONE,
].join('\n')

/** The command line an SSH exec runs for a RHEL scan that never refreshes the metadata. */
export const RHEL_SCAN_COMMAND = scanCommandLine(RHEL_SCAN_SCRIPT)

/** The command line of a RHEL scan that refreshes dnf's metadata first when it is due. */
export function rhelScanCommand(refresh?: ListsRefreshRequest): string {
  return scanCommandLine(RHEL_SCAN_SCRIPT, refresh && { afterSeconds: refresh.afterSeconds })
}

/** Parses the output of RHEL_SCAN_SCRIPT. */
export function parseRhelScan(output: string): ScanResult {
  const tool = 'RHEL scan'
  const s = splitSections(output, tool, RHEL_SECTIONS)
  const os = parseOsRelease(okSection(s, 'os-release', tool).stdout)
  const adv = okSection(s, 'advisories', tool).stdout
  const rows = adv.trim().startsWith('[') ? parseDnf5AdvisoryJson(adv) : parseDnfAdvisoryTable(adv)
  const reboot = parseNeedsRestarting(okSection(s, 'needs-restarting', tool).stdout)
  const installedPackages = parseRpmQuery(okSection(s, 'rpm', tool).stdout)
  const installed = new Map(installedPackages.map((p) => [`${p.name}.${p.arch}`, p.version]))
  const result: ScanResult = {
    platform: 'rhel',
    ...osNameVersion(os),
    rebootPending: reboot.rebootRequired,
    rebootReasons: reboot.packages,
    updates: rows.map((r) => dnfUpdate(r, installed)),
    installedPackages,
    services: readServicesSection(s, rhelServices, 'needs-restarting -s'),
  }
  const lists = parsePackageLists(s, tool)
  if (lists) result.packageLists = lists
  return result
}
