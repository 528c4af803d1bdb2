// Wall time (hrtime) and CPU time of a measured run: the tool's process tree (our reaped children's
// cutime+cstime), sshd (master + its reaped per-connection children) and the whole box (/proc/stat deltas).
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

/** Clock ticks per second of /proc times (USER_HZ; 100 on Linux). */
const HZ = 100
const tickMs = 1000 / HZ

/** utime, stime, cutime, cstime of a process, in ms. */
export function procTimes(pid = 'self') {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields after "(comm)": state=0, …, utime=11, stime=12, cutime=13, cstime=14
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(f[i]) * tickMs)
  return { utime, stime, cutime, cstime }
}

/** Busy CPU ms of the whole box (all cores) since boot. */
export function boxBusyMs() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal
  const busy = v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] ?? 0)
  return busy * tickMs
}

/** Number of cores the floor divides by. */
export const cores = cpus().length

/** A snapshot of every CPU counter a run is measured with. */
export function snapshot(sshdPid) {
  const self = procTimes('self')
  let sshd = 0
  if (sshdPid) {
    try {
      const s = procTimes(sshdPid)
      sshd = s.utime + s.stime + s.cutime + s.cstime
    } catch {
      sshd = 0
    }
  }
  return { t: process.hrtime.bigint(), children: self.cutime + self.cstime, sshd, box: boxBusyMs() }
}

/** The differences between two snapshots, in ms. */
export function delta(a, b) {
  return {
    wallMs: Number(b.t - a.t) / 1e6,
    toolCpuMs: b.children - a.children,
    sshdCpuMs: b.sshd - a.sshd,
    boxCpuMs: b.box - a.box,
  }
}

/** Process groups of running measured commands, so an interrupted bench can end them (and their ssh children). */
const active = new Set()

/** Sends SIGKILL to the process group of every measured command still running. */
export function killActive() {
  for (const pid of active) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  active.clear()
}

/** Runs a command to its end, capturing output; resolves with its exit code and measurements. */
export async function runMeasured(cmd, args, { env, sshdPid, cwd, timeoutMs = 600_000 } = {}) {
  const before = snapshot(sshdPid)
  // Its own process group: a timeout or Ctrl+C ends the tool with all its children.
  const child = spawn(cmd, args, {
    env: env ?? process.env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  active.add(child.pid)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)))
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      child.kill('SIGKILL')
    }
  }, timeoutMs)
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (c, sig) => resolve(c ?? (sig ? 128 : 1)))
  })
  clearTimeout(timer)
  active.delete(child.pid)
  const ended = process.hrtime.bigint()
  // sshd reaps its per-connection children a moment after the client sees the channel close.
  await new Promise((r) => setTimeout(r, 150))
  const after = snapshot(sshdPid)
  const m = delta(before, after)
  m.wallMs = Number(ended - before.t) / 1e6
  return { code, stdout, stderr, ...m }
}

/** The median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  if (!s.length) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** The p-th percentile (nearest rank) of numbers. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b)
  if (!s.length) return NaN
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}
