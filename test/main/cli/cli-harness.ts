import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The built CLI entry the tests run. */
export const cliPath = join(repoRoot, 'out/main/cli.js')

/** What a CLI run left behind. */
export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path))
    else if (/\.(ts|tsx|mjs|js|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function cliIsFresh(): boolean {
  if (!existsSync(cliPath)) return false
  const built = statSync(cliPath).mtimeMs
  return ['main', 'shared'].every((d) => newestMtime(join(repoRoot, d)) <= built)
}

/**
 * Builds out/main/cli.js with `npx electron-vite build` when it is missing or older than the sources
 * (`npm test` builds first, so this normally does nothing). A lock keeps parallel test files from
 * building twice.
 */
export async function ensureCliBuilt(): Promise<void> {
  if (cliIsFresh()) return
  // Not under out/: the build empties that folder.
  const lock = join(
    tmpdir(),
    `patchbay-cli-build-${createHash('sha1').update(repoRoot).digest('hex').slice(0, 12)}.lock`,
  )
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (waited > 180_000) throw new Error(`gave up waiting for ${lock}; remove it if no build is running`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  try {
    if (cliIsFresh()) return
    const result = spawnSync('npx', ['electron-vite', 'build'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 300_000,
    })
    // The renderer build may fail on its own; the CLI only needs the main bundle to be fresh.
    if (!cliIsFresh())
      throw new Error(
        `electron-vite build did not produce a fresh ${cliPath}:\n${(result.stdout + result.stderr).slice(-3000)}`,
      )
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** A throw-away site folder: PATCHBAY_HOME and a SQLite site path inside it. */
export function makeSiteDir(): { dir: string; site: string; env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-cli-'))
  const env: NodeJS.ProcessEnv = { ...process.env, PATCHBAY_HOME: join(dir, 'home'), NO_COLOR: '1' }
  delete env.PATCHBAY_SITE
  delete env.PATCHBAY_DEBUG
  return {
    dir,
    site: join(dir, 'site.db'),
    env,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** Runs `node out/main/cli.js …args` and collects its exit code and output; `input` is piped to stdin. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd = repoRoot,
  input?: string,
): Promise<CliRun> {
  return runProcess(process.execPath, [cliPath, ...args], env, cwd, input)
}

/** A CLI process left running (e.g. `lab start`), with its output so far. */
export interface RunningCli {
  child: ChildProcess
  readonly stdout: string
  readonly stderr: string
  /** Resolves with stdout once it matches `pattern`; rejects if the process exits or the time runs out first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `node out/main/cli.js …args` without waiting for it to end. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv, cwd = repoRoot): RunningCli {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  )
  return {
    child,
    get stdout() {
      return stdout
    },
    get stderr() {
      return stderr
    },
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((done, fail) => {
        const deadline = Date.now() + timeoutMs
        const check = () => {
          if (pattern.test(stdout)) return done(stdout)
          if (child.exitCode !== null || child.signalCode !== null)
            return fail(new Error(`patchbay ${args.join(' ')} exited (${child.exitCode}): ${stderr}`))
          if (Date.now() > deadline)
            return fail(new Error(`no ${pattern} from patchbay ${args.join(' ')}: ${stdout}${stderr}`))
          setTimeout(check, 50)
        }
        check()
      }),
  }
}

/** Runs any command and collects its exit code and output. */
export function runProcess(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd = repoRoot,
  input?: string,
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    if (input !== undefined) child.stdin?.end(input)
    let stdout = ''
    let stderr = ''
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('error', fail)
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

/** Runs the CLI with --json and parses stdout, failing with stderr when the command failed. */
export async function runJson<T = unknown>(args: readonly string[], env: NodeJS.ProcessEnv): Promise<T> {
  const run = await runCli([...args, '--json'], env)
  if (run.code !== 0) throw new Error(`patchbay ${args.join(' ')} exited ${run.code}: ${run.stderr}`)
  return JSON.parse(run.stdout) as T
}

/** The lines of a text, without the trailing empty one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1))
}
