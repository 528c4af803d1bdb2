import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/**
 * Which incarnation of a process a PID is on this machine: the boot's ID and the process's start time (Linux
 * /proc), or null where that cannot be read. A PID reused after a reboot or a restart has another incarnation.
 */
export function processIncarnation(pid: number): string | null {
  const boot = readText('/proc/sys/kernel/random/boot_id')?.trim()
  const stat = readText(`/proc/${pid}/stat`)
  if (!boot || !stat) return null
  // Fields after the command name (which may hold spaces and ')'); start time is field 22 of the whole line.
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  return start ? `${boot.slice(0, 8)}.${start}` : null
}

/** This process as the owner of jobs and engine steps: `host:pid:incarnation` (or `host:pid` without /proc). */
export function processOwner(): string {
  const incarnation = processIncarnation(process.pid)
  return `${hostname()}:${process.pid}${incarnation ? `:${incarnation}` : ''}`
}

/**
 * Whether the process that owns a job may still be running it: true for another machine's process (a site
 * shared over PostgreSQL) or a live local one; false for a local process that is gone, or whose PID now
 * belongs to another process (another incarnation: after a reboot or a restart).
 */
export function ownerAlive(owner: string): boolean {
  const [host, pidText, incarnation] = owner.split(':')
  const pid = Number(pidText)
  if (!host || !Number.isInteger(pid) || pid <= 0) return false
  if (host !== hostname()) return true
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (!incarnation) return true
  const now = processIncarnation(pid)
  return now === null || now === incarnation
}
