/**
 * Services running outdated libraries, in the same SSH round trip as the scan: Debian/Ubuntu ask needrestart
 * (`needrestart -b`, its batch output), RHEL asks `dnf needs-restarting -s`. The section never fails the scan:
 * a missing tool, a non-root user or output that cannot be read becomes a note on the result instead.
 */
import { posixQuote } from '../quoting'
import { shCommand, type Section } from './shell-sections'
import { ScanOutputError, quoteLine, toLines } from './types'

/** The scan section that lists the services to restart. */
export const SERVICES_SECTION = 'restart-services'

/** The exit code the section reports when the tool is not installed (the shell's "command not found"). */
export const TOOL_MISSING_RC = 127

/** The exit code the section reports when the scan does not run as root (services are checked only as root). */
export const NOT_ROOT_RC = 126

/** The most services one client may report; more is refused as implausible output. */
export const MAX_SERVICES = 500

/**
 * The Debian section: `needrestart -b -r l` (batch output, list mode: it never restarts anything), as root only,
 * and only when needrestart is installed (rc 127 otherwise).
 */
export const DEBIAN_SERVICES_SCRIPT = [
  'nr=$(command -v needrestart 2>/dev/null || echo /usr/sbin/needrestart); : >"$d/o"; : >"$d/e"',
  `if [ ! -x "$nr" ]; then echo 'needrestart is not installed' >"$d/e"; rc=${TOOL_MISSING_RC}`,
  `elif [ "$(id -u)" != 0 ]; then echo "needrestart lists services only as root; the scan connects as $(id -un)" >"$d/e"; rc=${NOT_ROOT_RC}`,
  `else "$nr" -b -r l >"$d/o" 2>"$d/e"; rc=$?; fi; emit ${SERVICES_SECTION} $rc "$d/o" "$d/e"`,
].join('\n')

/**
 * The RHEL section: `dnf needs-restarting -s` (dnf5 when present; exit 1 means "some need restarting"), rc 127
 * when neither dnf5 nor dnf4's needs-restarting plugin is there.
 */
export const RHEL_SERVICES_SCRIPT = [
  ': >"$d/o"; : >"$d/e"',
  'if command -v dnf5 >/dev/null 2>&1; then dnf5 -q needs-restarting -s >"$d/o" 2>"$d/e"; rc=$?',
  'elif command -v needs-restarting >/dev/null 2>&1; then needs-restarting -s >"$d/o" 2>"$d/e"; rc=$?',
  'elif command -v dnf >/dev/null 2>&1; then dnf -q needs-restarting -s >"$d/o" 2>"$d/e"; rc=$?',
  `else echo 'needs-restarting is not installed' >"$d/e"; rc=${TOOL_MISSING_RC}; fi`,
  `[ "$rc" = 1 ] && rc=0; emit ${SERVICES_SECTION} $rc "$d/o" "$d/e"`,
].join('\n')

/** What needrestart's batch output says. */
export interface NeedrestartBatch {
  version?: string
  /** Services (systemd units, or SysV init scripts on a machine without systemd) running outdated files. */
  services: string[]
  /** The running and the expected kernel; status 0 unknown, 1 current, 2 ABI-compatible upgrade, 3 version upgrade. */
  kernel?: { current: string; expected?: string; status: number }
  /** Outdated processes needrestart could not attribute to a service, as `name=pid,pid` (user mode only). */
  processes: string[]
  /** User sessions running outdated processes. */
  sessions: string[]
  /** Containers running outdated processes. */
  containers: string[]
}

/** What a scan's services section found, as the scan result carries it. */
export interface ServicesCheck {
  /** Services to restart; null when they could not be checked (see note). */
  services: string[] | null
  /** Why the services could not be checked, or what else the tool said ('' when nothing). */
  note: string
  /** A pending kernel upgrade that only a restart of the machine applies ("kernel 6.1.0-13 → 6.1.0-15"), or undefined. */
  kernelReason?: string
}

const UNIT = /^[A-Za-z0-9][A-Za-z0-9:_.@\\+-]{0,254}$/

function serviceName(name: string, tool: string, line: string): string {
  if (!UNIT.test(name)) throw new ScanOutputError(`${tool}: ${quoteLine(line)} does not name a service`)
  return name
}

/**
 * Parses `needrestart -b` output: only `NEEDRESTART-<KEY>: value` lines of the keys needrestart 3.x prints
 * (VER, KCUR, KEXP, KSTA, UCSTA, UCCUR, UCEXP, SVC, CONT, SESS, PID); anything else is refused.
 */
export function parseNeedrestartBatch(text: string): NeedrestartBatch {
  const tool = 'needrestart -b output'
  const out: NeedrestartBatch = { services: [], processes: [], sessions: [], containers: [] }
  let kcur: string | undefined
  let kexp: string | undefined
  let ksta: number | undefined
  toLines(text, tool).forEach((line, i) => {
    if (line.trim() === '') return
    const m = /^NEEDRESTART-([A-Z]+): ?(.*)$/.exec(line)
    if (!m)
      throw new ScanOutputError(`${tool} line ${i + 1} is not "NEEDRESTART-KEY: value": ${quoteLine(line)}`)
    const [, key, raw] = m
    const value = raw!.trim()
    switch (key) {
      case 'VER':
        out.version = value
        break
      case 'KCUR':
        kcur = value
        break
      case 'KEXP':
        kexp = value
        break
      case 'KSTA':
        if (!/^[0-3]$/.test(value))
          throw new ScanOutputError(`${tool} line ${i + 1}: KSTA must be 0 to 3, got ${quoteLine(value)}`)
        ksta = Number(value)
        break
      case 'UCSTA':
      case 'UCCUR':
      case 'UCEXP':
        break
      case 'SVC':
        out.services.push(serviceName(value, tool, line))
        break
      case 'CONT':
        out.containers.push(value)
        break
      case 'SESS':
        out.sessions.push(value)
        break
      case 'PID':
        out.processes.push(value)
        break
      default:
        throw new ScanOutputError(
          `${tool} line ${i + 1} has an unknown key ${quoteLine(`NEEDRESTART-${key}`)}`,
        )
    }
  })
  if (out.services.length > MAX_SERVICES)
    throw new ScanOutputError(`${tool} lists ${out.services.length} services, more than ${MAX_SERVICES}`)
  out.services = [...new Set(out.services)]
  if (kcur !== undefined && ksta !== undefined) {
    out.kernel = { current: kcur, status: ksta }
    if (kexp !== undefined) out.kernel.expected = kexp
  }
  return out
}

/**
 * Parses `needs-restarting -s`: one systemd unit per line (dnf4 and dnf5 alike); a line that is not a unit name
 * is refused.
 */
export function parseNeedsRestartingServices(text: string): string[] {
  const tool = 'needs-restarting -s output'
  const units = toLines(text, tool)
    .filter((l) => l.trim() !== '')
    .map((line) => serviceName(line.trim(), tool, line))
  if (units.length > MAX_SERVICES)
    throw new ScanOutputError(`${tool} lists ${units.length} services, more than ${MAX_SERVICES}`)
  return [...new Set(units)]
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]?.slice(0, 300) ?? ''
}

/**
 * Reads the services section of a scan. Never throws: no section (an older script) is "not checked"; a missing
 * tool, a non-root scan, a failed run or unreadable output leave services null with the reason in `note`.
 */
export function readServicesSection(
  sections: Map<string, Section>,
  parse: (stdout: string) => { services: string[]; kernelReason?: string },
  tool: string,
): ServicesCheck {
  const s = sections.get(SERVICES_SECTION)
  if (!s) return { services: null, note: `${tool} was not run` }
  if (s.rc === TOOL_MISSING_RC) return { services: null, note: `${tool} is not installed` }
  if (s.rc === NOT_ROOT_RC) return { services: null, note: firstLine(s.stderr) || `${tool} needs root` }
  if (s.rc !== 0)
    return { services: null, note: `${tool} exited with ${s.rc}: ${firstLine(s.stderr) || '(no stderr)'}` }
  try {
    const parsed = parse(s.stdout)
    const check: ServicesCheck = { services: parsed.services, note: '' }
    if (parsed.kernelReason) check.kernelReason = parsed.kernelReason
    return check
  } catch (err) {
    return { services: null, note: (err as Error).message }
  }
}

/** The Debian reading: needrestart's services, and its kernel lines as a restart reason when an upgrade is pending. */
export function needrestartServices(stdout: string): { services: string[]; kernelReason?: string } {
  const b = parseNeedrestartBatch(stdout)
  const k = b.kernel
  if (k && k.status >= 2)
    return {
      services: b.services,
      kernelReason: `kernel ${k.current} → ${k.expected ?? 'a newer kernel'}`,
    }
  return { services: b.services }
}

/** The RHEL reading: the units `needs-restarting -s` lists. */
export function rhelServices(stdout: string): { services: string[] } {
  return { services: parseNeedsRestartingServices(stdout) }
}

/**
 * The script that restarts exactly the given services: `systemctl restart` where systemd runs, else each SysV init
 * script's `restart` (a machine without systemd, where needrestart names init scripts); it fails when any fails.
 */
export const RESTART_SERVICES_SCRIPT = [
  'if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then exec systemctl restart -- "$@"; fi',
  'rc=0',
  'for s in "$@"; do',
  '  if [ -x "/etc/init.d/$s" ]; then "/etc/init.d/$s" restart || rc=$?; else echo "no init script for $s" >&2; rc=1; fi',
  'done',
  'exit $rc',
].join('\n')

/** The first word after the script in a restart-services command line ($0 of the script). */
export const RESTART_SERVICES_NAME = 'patchbay-restart-services'

/** The command line that restarts these services (names as a scan reported them); refuses anything but service names. */
export function restartServicesCommand(services: readonly string[]): string {
  if (services.length === 0) throw new RangeError('restart-services needs at least one service')
  for (const s of services)
    if (!UNIT.test(s)) throw new RangeError(`not a service name: ${JSON.stringify(s).slice(0, 80)}`)
  return `${shCommand(RESTART_SERVICES_SCRIPT)} ${RESTART_SERVICES_NAME} ${services.map((s) => posixQuote(s)).join(' ')}`
}
