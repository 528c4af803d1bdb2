#!/usr/bin/env node
// `npm start [-- args]`: installs the npm dependencies when node_modules is missing or older than
// package-lock.json (Electron's binary download skipped unless PATCHBAY_DOWNLOAD_ELECTRON=1), builds with
// electron-vite when out/ is missing or older than the sources, then runs `node out/main/cli.js console
// [args]` (the Electron console, or browser mode where Electron's binary is missing), forwarding signals
// and the exit code. Uses only Node's own modules, so it runs before anything is installed.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
const cli = join(root, 'out', 'main', 'cli.js')
const outputs = ['out/main/cli.js', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']
const sourceDirs = ['main', 'renderer', 'shared']
const sourceFiles = ['electron.vite.config.ts', 'package.json', 'tsconfig.json']

/** The newest modification time under a folder (node_modules and dot-folders skipped). */
function newest(path) {
  let st
  try {
    st = statSync(path)
  } catch {
    return 0
  }
  if (!st.isDirectory()) return st.mtimeMs
  let max = 0
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    max = Math.max(max, newest(join(path, entry.name)))
  }
  return max
}

/** Why a build is needed, or null when out/ is current. */
function staleReason() {
  const missing = outputs.find((p) => !existsSync(join(root, p)))
  if (missing) return `${missing} is missing`
  const built = Math.min(...outputs.map((p) => statSync(join(root, p)).mtimeMs))
  for (const p of [...sourceDirs, ...sourceFiles]) {
    if (newest(join(root, p)) > built) return `${p} changed since the last build`
  }
  return null
}

/** Why `npm ci` is needed, or null when node_modules matches the lock file. */
function installReason() {
  const installed = join(root, 'node_modules', '.package-lock.json')
  if (!existsSync(installed)) return 'node_modules is missing'
  if (statSync(join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs)
    return 'package-lock.json changed since the last install'
  return null
}

/** Runs a command (its stdout to ours, or to stderr), forwarding SIGINT/SIGTERM; resolves its exit code. */
function run(command, args, { stdoutToStderr = false, env = process.env } = {}) {
  return new Promise((resolve) => {
    const stdio = ['inherit', stdoutToStderr ? 2 : 'inherit', 'inherit']
    const child = spawn(command, args, { cwd: root, stdio, env, shell: process.platform === 'win32' })
    const forward = (signal) => () => child.kill(signal)
    const onInt = forward('SIGINT')
    const onTerm = forward('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
    child.on('error', (err) => {
      console.error(`start: cannot run ${command}: ${err.message}`)
      resolve(1)
    })
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1))
    })
  })
}

const missing = installReason()
if (missing) {
  const download = process.env.PATCHBAY_DOWNLOAD_ELECTRON === '1'
  console.error(
    `start: installing npm dependencies (${missing}; Electron binary download ${download ? 'on' : 'skipped'})`,
  )
  const env = download ? { ...process.env } : { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
  // better-sqlite3 builds from source: point node-gyp at the system's Node headers instead of downloading them.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr'
  const code = await run('npm', ['ci', '--no-audit', '--no-fund'], { stdoutToStderr: true, env })
  if (code !== 0) {
    console.error(`start: npm ci failed (exit code ${code})`)
    process.exit(code)
  }
}

const reason = staleReason()
if (reason) {
  console.error(`start: building with electron-vite (${reason})`)
  // Build output goes to stderr: stdout carries only the console's own line (the browser-mode address).
  const code = await run('npx', ['electron-vite', 'build'], { stdoutToStderr: true })
  if (code !== 0) {
    console.error(`start: build failed (exit code ${code})`)
    process.exit(code)
  }
}
process.exit(await run(process.execPath, [cli, 'console', ...process.argv.slice(2)]))
