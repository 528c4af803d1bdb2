import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('../../.ci/remove-test-state.sh', import.meta.url))

/** Removes the accounts, apt sources and package the tests create (.ci/remove-test-state.sh); prints what it removed. */
export function removeTestMachineState(): void {
  if (process.platform !== 'linux' || !existsSync(SCRIPT)) return
  const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8' })
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim()
  if (out) console.log(out)
}

/** The temp folder shared by every run on this machine (caches, machine-wide locks and the run registry live here). */
export function sharedTmp(): string {
  return process.env.PATCHBAY_TEST_SHARED_TMP || tmpdir()
}

/** Whether a local process with this PID is running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Starts a test run (vitest's or Playwright's main process): registers it, so machine state is removed only when
 * the last of several overlapping runs ends, and points TMPDIR at a new folder for it (world-traversable and
 * sticky, as /tmp is: test accounts and postgres read files there). Returns the end of the run: its temp folder
 * is removed and, when no other run is still alive, the accounts, apt sources and package the tests created.
 */
export function beginTestRun(): () => void {
  const shared = sharedTmp()
  const runs = join(shared, 'patchbay-test-runs')
  mkdirSync(runs, { recursive: true })
  for (const p of readdirSync(runs)) if (!alive(Number(p))) rmSync(join(runs, p), { force: true })
  const marker = join(runs, String(process.pid))
  writeFileSync(marker, '')
  const dir = mkdtempSync(join(shared, 'patchbay-test-run-'))
  chmodSync(dir, 0o1777)
  process.env.PATCHBAY_TEST_SHARED_TMP = shared
  process.env.TMPDIR = dir
  return () => {
    process.env.TMPDIR = shared
    rmSync(dir, { recursive: true, force: true })
    rmSync(marker, { force: true })
    const others = readdirSync(runs).filter((p) => alive(Number(p)))
    if (others.length === 0) removeTestMachineState()
    else
      console.log(
        `[machine-state] left test accounts and apt state for runs still going (pids ${others.join(', ')})`,
      )
  }
}
