import { ScanOutputError, quoteLine, toLines } from './types'
import { posixQuote } from '../quoting'

/** Marker prefix of the section lines the Linux scan scripts print. */
export const MARKER = '@@PATCHBAY'

/** One section of a combined scan script's output. */
export interface Section {
  stdout: string
  stderr: string
  rc: number
}

/** POSIX shell helper functions every Linux scan script starts with: a temp dir and `emit name rc out err`. */
export const SHELL_PRELUDE = [
  'export LC_ALL=C LANG=C',
  'd=$(mktemp -d) || exit 1',
  `trap 'rm -rf "$d"' EXIT`,
  'set -f',
  'emit() {',
  `  printf '${MARKER} begin %s@@\\n' "$1"`,
  '  cat "$3"',
  `  printf '\\n${MARKER} stderr %s@@\\n' "$1"`,
  '  cat "$4"',
  `  printf '\\n${MARKER} end %s rc=%s@@\\n' "$1" "$2"`,
  '}',
  'cat /etc/os-release >"$d/o" 2>"$d/e" || cat /usr/lib/os-release >"$d/o" 2>"$d/e"; emit os-release $? "$d/o" "$d/e"',
].join('\n')

/** The last line of every Linux scan script, so truncated output is detected. */
export const SHELL_DONE = `echo '${MARKER} done@@'`

/** The one-line command an SSH exec runs for a script: `env LC_ALL=C sh -c '<script>'`, whatever the login shell. */
export function shCommand(script: string): string {
  return `env LC_ALL=C sh -c ${posixQuote(script)}`
}

function trimBody(lines: string[]): string {
  const out = [...lines]
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop()
  return out.join('\n')
}

/** Splits a combined script's output into its sections; throws when a section is missing or output was cut off. */
export function splitSections(text: string, tool: string, required: readonly string[]): Map<string, Section> {
  const lines = toLines(text, `${tool} output`)
  const sections = new Map<string, Section>()
  let name: string | null = null
  let part: 'stdout' | 'stderr' = 'stdout'
  let out: string[] = []
  let err: string[] = []
  let done = false
  lines.forEach((line, i) => {
    if (!line.startsWith(MARKER)) {
      if (name === null) {
        if (line.trim() !== '')
          throw new ScanOutputError(`${tool} output line ${i + 1} is outside any section: ${quoteLine(line)}`)
        return
      }
      ;(part === 'stdout' ? out : err).push(line)
      return
    }
    const m = /^@@PATCHBAY (begin|stderr|end|done) ?([a-z0-9-]*)(?: rc=(\d+))?@@$/.exec(line)
    if (!m)
      throw new ScanOutputError(`${tool} output line ${i + 1} is a malformed marker: ${quoteLine(line)}`)
    const [, kind, sec, rc] = m
    if (kind === 'done') done = true
    else if (kind === 'begin') {
      if (name !== null) throw new ScanOutputError(`${tool} output: section ${name} has no end marker`)
      name = sec!
      part = 'stdout'
      out = []
      err = []
    } else if (kind === 'stderr' && sec === name) part = 'stderr'
    else if (kind === 'end' && sec === name && rc !== undefined) {
      sections.set(name, { stdout: trimBody(out), stderr: trimBody(err), rc: Number(rc) })
      name = null
    } else throw new ScanOutputError(`${tool} output line ${i + 1}: marker out of order: ${quoteLine(line)}`)
  })
  if (!done)
    throw new ScanOutputError(`${tool} output is incomplete: the final "${MARKER} done@@" marker is missing`)
  for (const r of required)
    if (!sections.has(r)) throw new ScanOutputError(`${tool} output has no "${r}" section`)
  return sections
}

/** A section that must have succeeded: its stdout, or an error carrying its exit code and stderr. */
export function okSection(sections: Map<string, Section>, name: string, tool: string): Section {
  const s = sections.get(name)
  if (!s) throw new ScanOutputError(`${tool} output has no "${name}" section`)
  if (s.rc !== 0)
    throw new ScanOutputError(`${tool}: ${name} exited with ${s.rc}: ${s.stderr.trim() || '(no stderr)'}`)
  return s
}

/** Parsed /etc/os-release: every KEY=value pair, unquoted. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  toLines(text, 'os-release').forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (!m) throw new ScanOutputError(`os-release line ${i + 1} is not KEY=value: ${quoteLine(line)}`)
    let v = m[2]!.trim()
    if (/^".*"$/.test(v)) v = v.slice(1, -1).replace(/\\(["\\$`])/g, '$1')
    else if (/^'.*'$/.test(v)) v = v.slice(1, -1)
    out[m[1]!] = v
  })
  if (!out.NAME && !out.PRETTY_NAME && !out.ID)
    throw new ScanOutputError('os-release has no NAME, PRETTY_NAME or ID')
  return out
}

/** The OS name and version a scan result reports, from os-release fields. */
export function osNameVersion(os: Record<string, string>): { osName: string; osVersion: string } {
  return {
    osName: os.PRETTY_NAME ?? os.NAME ?? os.ID ?? '',
    osVersion: os.VERSION_ID ?? os.VERSION ?? '',
  }
}
