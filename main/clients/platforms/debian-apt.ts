import {
  DPKG_QUERY_FORMAT,
  isSecuritySuite,
  parseAptCachePolicy,
  parseAptCacheShow,
  parseAptListUpgradable,
  parseDpkgQuery,
  type AptPolicy,
  type AptUpgradable,
} from './debian-apt-parsers'
import {
  DEBIAN_LISTS_REFRESH,
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
import { DEBIAN_SERVICES_SCRIPT, needrestartServices, readServicesSection } from './restart-services'
import { ScanOutputError, quoteLine, toLines, type ScanResult, type ScannedUpdate } from './types'

/** The sections the Debian scan script prints, in order. */
export const DEBIAN_SECTIONS = [
  'os-release',
  'apt-version',
  'apt-list',
  'apt-cache-policy',
  'apt-cache-show',
  'reboot',
  'dpkg-query',
] as const

/**
 * The POSIX sh script a Debian/Ubuntu scan runs, without sudo. It prints the package lists' age and, when asked
 * (its arguments, see package-lists.ts), first refreshes them with `apt-get update` (as root only); then it lists
 * upgradable packages and asks apt-cache for each candidate's origin (policy) and Size/SHA256 (show); last, as
 * root, `needrestart -b` lists the services running outdated libraries (see restart-services.ts).
 */
export const DEBIAN_SCAN_SCRIPT = [
  SHELL_PRELUDE,
  listsPrelude(DEBIAN_LISTS_REFRESH),
  `dpkg-query -W -f='\${Version}' apt >"$d/o" 2>"$d/e"; emit apt-version $? "$d/o" "$d/e"`,
  'apt list --upgradable >"$d/list" 2>"$d/e"; emit apt-list $? "$d/list" "$d/e"',
  `pkgs=$(awk '/ \\[upgradable from: / { split($1, a, "/"); print a[1] ":" $3 }' "$d/list")`,
  `specs=$(awk '/ \\[upgradable from: / { split($1, a, "/"); print a[1] ":" $3 "=" $2 }' "$d/list")`,
  ': >"$d/o"; : >"$d/e"; rc=0',
  'if [ -n "$pkgs" ]; then apt-cache policy $pkgs >"$d/o" 2>"$d/e"; rc=$?; fi; emit apt-cache-policy $rc "$d/o" "$d/e"',
  ': >"$d/o"; : >"$d/e"; rc=0',
  'if [ -n "$specs" ]; then apt-cache show $specs >"$d/o" 2>"$d/e"; rc=$?; fi; emit apt-cache-show $rc "$d/o" "$d/e"',
  'if [ -f /var/run/reboot-required ]; then echo yes; else echo no; fi >"$d/o"',
  'cat /var/run/reboot-required.pkgs >>"$d/o" 2>/dev/null; : >"$d/e"; emit reboot 0 "$d/o" "$d/e"',
  `dpkg-query -W -f='${DPKG_QUERY_FORMAT}' >"$d/o" 2>"$d/e"; emit dpkg-query $? "$d/o" "$d/e"`,
  DEBIAN_SERVICES_SCRIPT,
  SHELL_DONE,
].join('\n')

/** The command line an SSH exec channel runs for a Debian scan that never refreshes the lists (any login shell). */
export const DEBIAN_SCAN_COMMAND = scanCommandLine(DEBIAN_SCAN_SCRIPT)

/** The command line of a Debian scan that refreshes the lists first when they are due. */
export function debianScanCommand(refresh?: ListsRefreshRequest): string {
  return scanCommandLine(DEBIAN_SCAN_SCRIPT, refresh)
}

/** apt's own stderr noise that is not a problem. */
function aptWarnings(stderr: string): string[] {
  return toLines(stderr, 'apt stderr').filter(
    (l) => l.trim() !== '' && !l.startsWith('WARNING: apt does not have a stable CLI interface.'),
  )
}

function policyFor(policies: Map<string, AptPolicy>, u: AptUpgradable): AptPolicy | undefined {
  return policies.get(`${u.name}:${u.arch}`) ?? policies.get(u.name)
}

/** Turns the apt list line plus its policy and show records into a ScannedUpdate. */
export function debianUpdate(
  u: AptUpgradable,
  policy?: AptPolicy,
  record?: { size?: number; sha256?: string; summary?: string },
): ScannedUpdate {
  const sources =
    policy?.versions.find((v) => v.version === u.version)?.sources.filter((s) => s.dist !== '') ?? []
  const security = isSecuritySuite(u.suites) || isSecuritySuite(sources.map((s) => s.dist))
  const origin = sources.find((s) => isSecuritySuite([s.dist])) ?? sources[0]
  const update: ScannedUpdate = {
    id: `deb:${u.name}:${u.arch}:${u.version}`,
    vendor: 'debian',
    title: record?.summary ? `${u.name} ${u.version}: ${record.summary}` : `${u.name} ${u.version}`,
    classification: security ? 'Security Updates' : 'Updates',
    severity: '',
    package: u.name,
    installedVersion: u.installedVersion,
    availableVersion: u.version,
    arch: u.arch,
    suite: u.suites.join(','),
    products: [],
    supersededIds: [],
    installed: false,
  }
  if (origin) update.origin = `${origin.uri} ${origin.dist}`
  if (record?.size !== undefined) update.size = record.size
  if (record?.sha256) update.sha256 = record.sha256
  return update
}

/** Parses the reboot section: "yes"/"no" then the packages from /var/run/reboot-required.pkgs. */
export function parseRebootSection(text: string): { pending: boolean; packages: string[] } {
  const [first, ...rest] = toLines(text, 'reboot section')
  if (first !== 'yes' && first !== 'no')
    throw new ScanOutputError(`reboot section must start with "yes" or "no", got ${quoteLine(first ?? '')}`)
  return {
    pending: first === 'yes',
    packages: [...new Set(rest.map((l) => l.trim()).filter((l) => l !== ''))],
  }
}

/** Parses the whole output of DEBIAN_SCAN_SCRIPT into a ScanResult. */
export function parseDebianScan(output: string): ScanResult {
  const tool = 'Debian scan'
  const sections = splitSections(output, tool, DEBIAN_SECTIONS)
  const os = parseOsRelease(okSection(sections, 'os-release', tool).stdout)
  const list = okSection(sections, 'apt-list', tool)
  const upgradable = parseAptListUpgradable(list.stdout)
  const policies = parseAptCachePolicy(okSection(sections, 'apt-cache-policy', tool).stdout)
  const records = parseAptCacheShow(okSection(sections, 'apt-cache-show', tool).stdout)
  const reboot = parseRebootSection(okSection(sections, 'reboot', tool).stdout)
  const installedPackages = parseDpkgQuery(okSection(sections, 'dpkg-query', tool).stdout)
  const updates = upgradable.map((u) =>
    debianUpdate(u, policyFor(policies, u), records.get(`${u.name}:${u.arch}=${u.version}`)),
  )
  const warnings = [
    ...aptWarnings(list.stderr),
    ...aptWarnings(sections.get('apt-cache-policy')!.stderr),
    ...aptWarnings(sections.get('apt-cache-show')!.stderr),
  ]
  const apt = sections.get('apt-version')!
  const services = readServicesSection(sections, needrestartServices, 'needrestart')
  // needrestart's pending kernel is a reason of its own unless reboot-required.pkgs already names a kernel.
  const kernelNamed = reboot.packages.some((p) => p.startsWith('linux-image'))
  const reasons = [
    ...reboot.packages,
    ...(services.kernelReason && !kernelNamed ? [services.kernelReason] : []),
  ]
  const result: ScanResult = {
    platform: 'debian',
    ...osNameVersion(os),
    rebootPending: reboot.pending || services.kernelReason !== undefined,
    rebootReasons: reasons,
    updates,
    installedPackages,
    services,
  }
  if (apt.rc === 0 && apt.stdout.trim()) result.agentVersion = `apt ${apt.stdout.trim()}`
  if (warnings.length > 0) result.warnings = warnings
  const lists = parsePackageLists(sections, tool)
  if (lists) result.packageLists = lists
  return result
}
