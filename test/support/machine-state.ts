import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
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

/** The temp folder shared by every run on this machine (caches and machine-wide locks live here). */
export function sharedTmp(): string {
  return process.env.PATCHBAY_TEST_SHARED_TMP || tmpdir()
}

/**
 * Points TMPDIR at a new folder for this run (world-traversable, sticky, as /tmp is: test accounts and
 * postgres read their files there), so every temp file a test leaves goes when the run ends; returns that cleanup.
 */
export function useRunTmpdir(): () => void {
  const shared = sharedTmp()
  const dir = mkdtempSync(join(shared, 'patchbay-test-run-'))
  chmodSync(dir, 0o1777)
  process.env.PATCHBAY_TEST_SHARED_TMP = shared
  process.env.TMPDIR = dir
  return () => {
    process.env.TMPDIR = shared
    rmSync(dir, { recursive: true, force: true })
  }
}
