/**
 * How fresh a Linux client's package lists are, and refreshing them first, in the same SSH round trip as the scan.
 * Every Linux scan script starts with LISTS_PRELUDE (after SHELL_PRELUDE): it prints the age of the lists
 * (`lists-age`), refreshes them when they are due (`refresh`) and prints their age again (`lists-age-after`).
 * The script's first argument says when a refresh is due (`never`, or an age in seconds: 0 = always); the other
 * arguments go to the refresh tool (apt `-o` options). The package manager runs as the SSH user, as deployments
 * run apt-get: a refresh needs that user to be root, and says so when it is not.
 */
import { posixQuote } from '../quoting'
import { excerpt } from '../parsing/one-line'
import { shCommand, type Section } from './shell-sections'
import { ScanOutputError, quoteLine, toLines } from './types'

/** apt waits this long for the dpkg/lists lock before a refresh gives up (DPkg::Lock::Timeout), in seconds. */
export const APT_LOCK_TIMEOUT_SECONDS = 120

/**
 * The stamp apt's success hook touches: Ubuntu's update-notifier uses this file to tell when the lists were last
 * refreshed, and a Patchbay refresh writes it through APT::Update::Post-Invoke-Success, which apt runs only when
 * every index was fetched (apt-get update exits 0 even when a source failed).
 */
export const APT_SUCCESS_STAMP = '/var/lib/apt/periodic/update-success-stamp'

/**
 * The files whose newest mtime is the age of a Debian client's lists. apt sets a downloaded list's mtime to the
 * server's Last-Modified and leaves it alone when the server answers "not modified", so the list files only give
 * a lower bound of freshness; the success stamps say when apt last refreshed: update-success-stamp (Ubuntu's
 * update-notifier hook and Patchbay's refresh) and update-stamp (Debian's apt.systemd.daily after its update).
 * pkgcache.bin is not used: apt rebuilds it after any dpkg change too, not only after a refresh.
 */
export const DEBIAN_LISTS_FILES = [
  APT_SUCCESS_STAMP,
  '/var/lib/apt/periodic/update-stamp',
  '/var/lib/apt/lists/*Release',
  '/var/lib/apt/lists/*_Packages*',
]

/**
 * RHEL: dnf4 touches last_makecache after `dnf makecache`, and libdnf/libdnf5 reset a repository's cached
 * repomd.xml mtime whenever they confirm the metadata current, which is the age dnf's metadata_expire reads.
 */
export const RHEL_LISTS_FILES = [
  '/var/cache/dnf/last_makecache',
  '/var/cache/dnf/*/repodata/repomd.xml',
  '/var/cache/libdnf5/*/repodata/repomd.xml',
]

/**
 * SUSE: libzypp keeps each repository's raw metadata under /var/cache/zypp/raw/<alias> and touches its index
 * file when a refresh finds it current (what repo.refresh.delay reads); the solv cookie follows each rebuild.
 */
export const SUSE_LISTS_FILES = [
  '/var/cache/zypp/raw/*/repodata/repomd.xml',
  '/var/cache/zypp/raw/*/content',
  '/var/cache/zypp/raw/*/cookie',
  '/var/cache/zypp/solv/*/cookie',
]

/** A platform's refresh: its lists files, the refresh command (gets "$@") and the test that it succeeded. */
export interface ListsRefreshTool {
  files: readonly string[]
  /** sh command line refreshing the lists; "$@" carries the scan's extra arguments. */
  command: string
  /** sh condition true when the refresh worked; may read $rc (its exit code) and $t0 (its start, epoch seconds). */
  succeeded: string
}

/** Debian/Ubuntu: `apt-get update`, bounded lock wait, success stamp written by apt's own success hook. */
export const DEBIAN_LISTS_REFRESH: ListsRefreshTool = {
  files: DEBIAN_LISTS_FILES,
  command:
    `DEBIAN_FRONTEND=noninteractive apt-get -q update -o DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_SECONDS}` +
    ` -o ${posixQuote(`APT::Update::Post-Invoke-Success::=mkdir -p /var/lib/apt/periodic && touch ${APT_SUCCESS_STAMP}`)} "$@"`,
  succeeded: `[ "$rc" = 0 ] && [ "$(stat -c %Y ${APT_SUCCESS_STAMP} 2>/dev/null || echo 0)" -ge "$t0" ]`,
}

/** RHEL/Fedora: `dnf makecache --refresh` (dnf5 when present), which checks every enabled repository. */
export const RHEL_LISTS_REFRESH: ListsRefreshTool = {
  files: RHEL_LISTS_FILES,
  command:
    'if command -v dnf5 >/dev/null 2>&1; then dnf5 -q makecache --refresh "$@"; else dnf -q makecache --refresh "$@"; fi',
  succeeded: '[ "$rc" = 0 ]',
}

/** SUSE: `zypper --non-interactive refresh`. */
export const SUSE_LISTS_REFRESH: ListsRefreshTool = {
  files: SUSE_LISTS_FILES,
  command: 'zypper --non-interactive refresh "$@"',
  succeeded: '[ "$rc" = 0 ]',
}

/** The sections LISTS_PRELUDE prints. */
export const LISTS_SECTIONS = ['lists-age', 'refresh', 'lists-age-after'] as const

/**
 * The sh lines after SHELL_PRELUDE that measure the lists' age (`now=<epoch>` / `newest=<epoch>|none`, on the
 * client's clock), refresh them when due and measure again. The `refresh` section's first line is `skipped`,
 * `done`, `failed` or `not-root <user>`, then the tool's stdout; its stderr is the tool's stderr.
 */
export function listsPrelude(tool: ListsRefreshTool): string {
  return [
    'when=${1:-never}; [ $# -gt 0 ] && shift',
    'lists_age() {',
    '  set +f',
    `  n=$(stat -c %Y ${tool.files.join(' ')} 2>/dev/null | sort -n | tail -n 1)`,
    '  set -f',
    `  printf 'now=%s\\nnewest=%s\\n' "$(date +%s)" "\${n:-none}"`,
    '}',
    'lists_age >"$d/o"; : >"$d/e"; emit lists-age 0 "$d/o" "$d/e"',
    'due=no',
    'case "$when" in',
    "  ''|*[!0-9]*) ;;",
    `  *) now=$(sed -n 's/^now=//p' "$d/o"); newest=$(sed -n 's/^newest=//p' "$d/o")`,
    '     if [ "$newest" = none ] || [ $((now - newest)) -ge "$when" ]; then due=yes; fi ;;',
    'esac',
    ': >"$d/r"; : >"$d/e"; rc=0',
    'if [ "$due" = no ]; then echo skipped >"$d/s"',
    'elif [ "$(id -u)" != 0 ]; then echo "not-root $(id -un)" >"$d/s"',
    `else t0=$(date +%s); ${tool.command} </dev/null >"$d/r" 2>"$d/e"; rc=$?`,
    `  if ${tool.succeeded}; then echo done >"$d/s"; else echo failed >"$d/s"; fi`,
    'fi',
    'cat "$d/r" >>"$d/s"; emit refresh $rc "$d/s" "$d/e"',
    'lists_age >"$d/o"; : >"$d/e"; emit lists-age-after 0 "$d/o" "$d/e"',
  ].join('\n')
}

/** When a scan refreshes the lists first: when they are at least `afterSeconds` old (0: always). */
export interface ListsRefreshRequest {
  afterSeconds: number
  /** apt configuration options (`Name=value`) for `apt-get update`, each passed as `-o`; Debian only. */
  aptOptions?: readonly string[]
}

/** Longest refresh threshold accepted: ten years, in seconds. */
export const MAX_REFRESH_AFTER_SECONDS = 10 * 366 * 24 * 3600

/**
 * The command line of a Linux scan `script`: without `refresh` it never refreshes (the same command line as
 * before, for deployments' rescans); with it, the script's arguments say when and pass apt's options.
 */
export function scanCommandLine(script: string, refresh?: ListsRefreshRequest): string {
  const base = shCommand(script)
  if (!refresh) return base
  const s = refresh.afterSeconds
  if (!Number.isInteger(s) || s < 0 || s > MAX_REFRESH_AFTER_SECONDS)
    throw new RangeError(
      `refresh threshold must be a whole number of seconds from 0 to ${MAX_REFRESH_AFTER_SECONDS}, got ${s}`,
    )
  const options = (refresh.aptOptions ?? []).map((o) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9:_.-]*=/.test(o))
      throw new RangeError(`apt option must be Name=value, got ${quoteLine(o)}`)
    return `-o ${posixQuote(o)}`
  })
  return [base, 'patchbay-scan', String(s), ...options].join(' ')
}

/** What a scan learned about the client's package lists. */
export interface PackageListsFact {
  /** Age of the lists in seconds on the client's clock (after a refresh that worked, else before); null when none exist. */
  ageSeconds: number | null
  /** Whether this scan refreshed them first. */
  refresh: 'skipped' | 'refreshed' | 'failed'
  /** Why the refresh failed, one line; set only when refresh is 'failed'. */
  refreshError?: string
}

const MAX_EPOCH = 8.64e12 / 1000

/** Parses a `lists-age` section: `now=<epoch>` then `newest=<epoch>` or `newest=none`; answers the age (never negative). */
export function parseListsAge(text: string, tool = 'lists-age'): number | null {
  const lines = toLines(text, tool).filter((l) => l.trim() !== '')
  if (lines.length !== 2)
    throw new ScanOutputError(`${tool}: expected "now=" and "newest=" lines, got ${lines.length} lines`)
  const now = /^now=(\d{1,13})$/.exec(lines[0]!.trim())
  if (!now)
    throw new ScanOutputError(`${tool}: first line is not now=<epoch seconds>: ${quoteLine(lines[0]!)}`)
  const newest = /^newest=(?:(\d{1,13})|none)$/.exec(lines[1]!.trim())
  if (!newest)
    throw new ScanOutputError(
      `${tool}: second line is not newest=<epoch seconds>|none: ${quoteLine(lines[1]!)}`,
    )
  const n = Number(now[1])
  if (n > MAX_EPOCH) throw new ScanOutputError(`${tool}: now=${n} is past the year 275760`)
  if (newest[1] === undefined) return null
  const m = Number(newest[1])
  if (m > MAX_EPOCH) throw new ScanOutputError(`${tool}: newest=${m} is past the year 275760`)
  // A file dated in the future (a skewed clock when it was written) counts as just refreshed.
  return Math.max(0, n - m)
}

/** The one-line reason of a failed refresh: apt's E:/W: lines, else the last lines of stderr or stdout, else the exit code. */
function failureReason(section: Section, stdout: string[]): string {
  const err = toLines(section.stderr, 'refresh stderr')
    .map((l) => l.trim())
    .filter((l) => l !== '')
  const flagged = err.filter((l) => /^(E|W|Err):/.test(l) && !/stable CLI interface/.test(l))
  const pick = flagged.length ? flagged : err.length ? err : stdout.filter((l) => l.trim() !== '')
  const text = pick.slice(-3).join(' | ')
  return excerpt(text ? `exit ${section.rc}: ${text}` : `exit ${section.rc}`, 400)
}

/**
 * The lists fact of a scan's sections, or undefined when the output has no `lists-age` section (output of an
 * older script); a section that is present must be well formed.
 */
export function parsePackageLists(
  sections: Map<string, Section>,
  tool: string,
): PackageListsFact | undefined {
  const before = sections.get('lists-age')
  if (!before) return undefined
  const refresh = sections.get('refresh')
  const after = sections.get('lists-age-after')
  if (!refresh || !after)
    throw new ScanOutputError(`${tool}: lists-age without its refresh and lists-age-after sections`)
  const beforeAge = parseListsAge(before.stdout, `${tool} lists-age`)
  const [status = '', ...rest] = toLines(refresh.stdout, `${tool} refresh`)
  const word = status.trim()
  if (word === 'skipped') return { ageSeconds: beforeAge, refresh: 'skipped' }
  if (word === 'done')
    return { ageSeconds: parseListsAge(after.stdout, `${tool} lists-age-after`), refresh: 'refreshed' }
  if (word === 'failed')
    return { ageSeconds: beforeAge, refresh: 'failed', refreshError: failureReason(refresh, rest) }
  const notRoot = /^not-root (\S{1,64})$/.exec(word)
  if (notRoot)
    return {
      ageSeconds: beforeAge,
      refresh: 'failed',
      refreshError: `not run: the scan connects as ${excerpt(notRoot[1]!, 64)}, and refreshing package lists needs root`,
    }
  throw new ScanOutputError(
    `${tool}: refresh section must start with skipped, done, failed or not-root <user>, got ${quoteLine(status)}`,
  )
}
