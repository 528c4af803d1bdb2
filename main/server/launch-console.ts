import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createConfPrefs } from '../core/runtime/conf-prefs'
import { startServices } from '../core/runtime/start-services'
import { browserLocalFolders } from './local-folders'
import { locateOutDir } from './out-dir'
import { startBrowserServer } from './server'

/** Options of `patchbay console`. */
export interface ConsoleOptions {
  /** Site database: SQLite path or postgres:// URL; default the per-user site. */
  site?: string
  /** Serve browser mode even where Electron is installed. */
  forceBrowser: boolean
  /** Browser-mode port; 0 or unset picks a free one. */
  port?: number
  /** Prints the one line a user needs (the browser-mode address). */
  log: (line: string) => void
  /** Build output folder; defaults to the one this bundle lives in. */
  outDir?: string
  /** Stops browser mode (besides SIGINT/SIGTERM); used by tests and embedders. */
  signal?: AbortSignal
  /** Browser mode: more folders the page may read and write under (`--allow-folder`). */
  allowFolders?: string[]
  /** Browser mode: more folders the page may only read under (`--allow-read-folder`). */
  allowReadFolders?: string[]
  /** Browser mode: the console's own folder (default `~/Patchbay`). */
  workFolder?: string
}

/** The Electron binary's path, or the reason it cannot be used. */
export function findElectron(): { path: string } | { reason: string } {
  try {
    // In plain Node the electron package exports the binary's path and throws when the binary is missing.
    const found: unknown = createRequire(import.meta.url)('electron')
    if (typeof found !== 'string') return { reason: 'already inside Electron' }
    if (!existsSync(found)) return { reason: 'Electron binary not installed' }
    return { path: found }
  } catch {
    return { reason: 'Electron binary not installed' }
  }
}

/**
 * Opens the console: the Electron app when its binary is installed (unless forceBrowser), else browser
 * mode on 127.0.0.1, printing one line with the tokenized address and serving until SIGINT/SIGTERM. Browser
 * mode confines file and folder fields to `~/Patchbay`, the user data folder and the allowed folders (the
 * console shows them in Help › About); the Electron console is not confined.
 */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const outDir = opts.outDir ?? locateOutDir(import.meta.url)
  const electron = opts.forceBrowser ? { reason: '' } : findElectron()
  if ('path' in electron) return runElectron(electron.path, outDir, opts.site)
  return runBrowser(opts, outDir, electron.reason)
}

/** Starts the Electron console and resolves when it exits (its exit code becomes ours). */
async function runElectron(electronPath: string, outDir: string, site: string | undefined): Promise<void> {
  const appRoot = dirname(outDir)
  // `electron <app root>` reads package.json ("main": "out/main/index.js"); fall back to the entry file.
  const entry = existsSync(join(appRoot, 'package.json')) ? appRoot : join(outDir, 'main', 'index.js')
  const args = [entry, ...(site ? ['--site', site] : [])]
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(electronPath, args, { stdio: 'inherit', env })
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
  const onInt = forward('SIGINT')
  const onTerm = forward('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  try {
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)))
    })
    if (code !== 0) process.exitCode = code
  } finally {
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
  }
}

/** Serves browser mode until a signal (or opts.signal) asks it to stop, then closes cleanly. */
async function runBrowser(opts: ConsoleOptions, outDir: string, reason: string): Promise<void> {
  const rendererDir = join(outDir, 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(
      `patchbay: warning: no renderer bundle in ${rendererDir}; run \`npx electron-vite build\`\n`,
    )
  }
  // Anyone holding the token acts as this user: file and folder fields stay inside the folders the user chose.
  const localPaths = browserLocalFolders({
    workFolder: opts.workFolder,
    allowFolders: opts.allowFolders,
    allowReadFolders: opts.allowReadFolders,
  })
  const services = await startServices({
    site: opts.site,
    frontDoor: 'browser',
    prefs: createConfPrefs(),
    createIfMissing: true,
    localPaths,
  })
  let server: Awaited<ReturnType<typeof startBrowserServer>>
  try {
    server = await startBrowserServer({ services, port: opts.port ?? 0, rendererDir })
  } catch (err) {
    await services.close()
    throw err
  }
  opts.log(`Patchbay console (browser mode${reason ? `, ${reason}` : ''}): ${server.url}`)
  await untilStopped(opts.signal)
  await server.close()
  await services.close()
}

/** Resolves on SIGINT, SIGTERM or the abort signal. */
function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done)
      process.off('SIGTERM', done)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    process.on('SIGINT', done)
    process.on('SIGTERM', done)
    if (signal?.aborted) return done()
    signal?.addEventListener('abort', done)
  })
}
