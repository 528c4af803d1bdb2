import { ScanOutputError, quoteLine, toLines, type InstalledPackage } from './types'

/** One line of `apt list --upgradable`. */
export interface AptUpgradable {
  name: string
  /** The archives/codenames apt shows before the version, e.g. ['oldstable', 'oldstable-security']. */
  suites: string[]
  version: string
  arch: string
  installedVersion: string
}

const APT_LIST_LINE = /^([a-z0-9][a-z0-9+.-]*)\/(\S*) (\S+) (\S+) \[upgradable from: ([^\]\s]+)\]$/
const APT_WARNING = 'WARNING: apt does not have a stable CLI interface.'

/** Parses `apt list --upgradable` (stdout, or stdout+stderr with apt's CLI warning); an empty list is valid. */
export function parseAptListUpgradable(text: string): AptUpgradable[] {
  const out: AptUpgradable[] = []
  toLines(text, 'apt list output').forEach((raw, i) => {
    const line = raw.trimEnd()
    if (line === '' || line.startsWith(APT_WARNING) || /^Listing\.\.\.( Done)?$/.test(line)) return
    const m = APT_LIST_LINE.exec(line)
    if (!m)
      throw new ScanOutputError(
        `apt list output line ${i + 1} is not 'name/suite version arch [upgradable from: v]': ${quoteLine(line)}`,
      )
    out.push({
      name: m[1]!,
      suites: m[2]!.split(',').filter((s) => s !== ''),
      version: m[3]!,
      arch: m[4]!,
      installedVersion: m[5]!,
    })
  })
  return out
}

/** True when any suite (archive or codename, from apt list or a repository line) ends in "-security". */
export function isSecuritySuite(suites: readonly string[]): boolean {
  return suites.some((s) => /-security$/.test(s.split('/')[0]!))
}

/** One source of a version in `apt-cache policy`: a repository (`uri dist/component arch Packages`) or dpkg status. */
export interface AptSource {
  priority: number
  uri: string
  /** `bookworm-security/main`, or `./` for a flat repository; '' for /var/lib/dpkg/status. */
  dist: string
}

/** A package block of `apt-cache policy`. */
export interface AptPolicy {
  installed: string
  candidate: string
  versions: { version: string; installed: boolean; priority: number; sources: AptSource[] }[]
}

/** Parses `apt-cache policy pkg...` into blocks keyed by the header (`name` or `name:arch` for foreign arches). */
export function parseAptCachePolicy(text: string): Map<string, AptPolicy> {
  const out = new Map<string, AptPolicy>()
  let cur: AptPolicy | null = null
  const bad = (i: number, line: string, what: string) =>
    new ScanOutputError(`apt-cache policy output line ${i + 1} ${what}: ${quoteLine(line)}`)
  toLines(text, 'apt-cache policy output').forEach((line, i) => {
    if (line.trim() === '') return
    let m: RegExpExecArray | null
    if ((m = /^(\S+):$/.exec(line))) {
      cur = { installed: '', candidate: '', versions: [] }
      out.set(m[1]!, cur)
      return
    }
    if (!cur) throw bad(i, line, 'comes before any package header')
    if ((m = /^ {2}(Installed|Candidate): (\S+)$/.exec(line))) {
      const v = m[2] === '(none)' ? '' : m[2]!
      if (m[1] === 'Installed') cur.installed = v
      else cur.candidate = v
    } else if (/^ {2}(Version table:|Package pin: .*)$/.test(line)) {
      // structure only
    } else if ((m = /^ (\*\*\*| {3}) (\S+) (-?\d+)$/.exec(line))) {
      cur.versions.push({ version: m[2]!, installed: m[1] === '***', priority: Number(m[3]), sources: [] })
    } else if ((m = /^ {8}(-?\d+) (\S+)(?: (\S+)(?: \S+)? Packages)?$/.exec(line))) {
      const v = cur.versions[cur.versions.length - 1]
      if (!v) throw bad(i, line, 'is a source line before any version line')
      v.sources.push({ priority: Number(m[1]), uri: m[2]!, dist: m[3] ?? '' })
    } else throw bad(i, line, 'is not a header, Installed/Candidate, version or source line')
  })
  return out
}

/** The fields of one `apt-cache show` record that a scan keeps. */
export interface AptRecord {
  package: string
  version: string
  arch: string
  size?: number
  sha256?: string
  summary?: string
}

/** Parses `apt-cache show pkg:arch=version...` records, keyed `name:arch=version`. */
export function parseAptCacheShow(text: string): Map<string, AptRecord> {
  const out = new Map<string, AptRecord>()
  let fields: Record<string, string> = {}
  let firstLine = 0
  const flush = () => {
    if (Object.keys(fields).length === 0) return
    const { Package: p, Version: v, Architecture: a } = fields
    if (!p || !v || !a)
      throw new ScanOutputError(
        `apt-cache show record at line ${firstLine} lacks Package, Version or Architecture`,
      )
    const size = fields.Size !== undefined ? Number(fields.Size) : undefined
    if (size !== undefined && !Number.isSafeInteger(size))
      throw new ScanOutputError(
        `apt-cache show record ${p} ${v}: Size is not a number: ${quoteLine(fields.Size!)}`,
      )
    if (fields.SHA256 !== undefined && !/^[0-9a-f]{64}$/.test(fields.SHA256))
      throw new ScanOutputError(`apt-cache show record ${p} ${v}: SHA256 is not 64 hex digits`)
    const rec: AptRecord = { package: p, version: v, arch: a, size, sha256: fields.SHA256 }
    const summary = fields.Description ?? fields['Description-en']
    if (summary) rec.summary = summary
    if (!out.has(`${p}:${a}=${v}`)) out.set(`${p}:${a}=${v}`, rec)
    fields = {}
  }
  toLines(text, 'apt-cache show output').forEach((line, i) => {
    if (line.trim() === '') return flush()
    if (/^[ \t]/.test(line)) return // continuation of a multi-line field
    const m = /^([A-Za-z0-9][A-Za-z0-9_.-]*):(?: (.*))?$/.exec(line)
    if (!m)
      throw new ScanOutputError(
        `apt-cache show output line ${i + 1} is not 'Field: value': ${quoteLine(line)}`,
      )
    if (Object.keys(fields).length === 0) firstLine = i + 1
    fields[m[1]!] = (m[2] ?? '').trim()
  })
  flush()
  return out
}

/** The dpkg-query format the scan uses: package, version, architecture, status abbreviation. */
export const DPKG_QUERY_FORMAT = '${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n'

/** Parses `dpkg-query -W -f=DPKG_QUERY_FORMAT` and keeps packages whose status is installed (i, or W/t triggers). */
export function parseDpkgQuery(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = []
  toLines(text, 'dpkg-query output').forEach((line, i) => {
    if (line === '') return
    const f = line.split('\t')
    if (f.length !== 4 || !f[0] || f[3]!.length < 2)
      throw new ScanOutputError(
        `dpkg-query output line ${i + 1} is not 'package<TAB>version<TAB>arch<TAB>status': ${quoteLine(line)}`,
      )
    if ('iWt'.includes(f[3]![1]!) && f[1]) out.push({ name: f[0], version: f[1], arch: f[2]! })
  })
  return out
}
