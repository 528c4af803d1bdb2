// Bundles bench/driver/patchbay-driver.ts (and the main/ + shared/ code it imports) into one ESM file with
// rolldown (what electron-vite uses), leaving npm packages external, so the driver runs in plain Node.
import { existsSync, mkdirSync, statSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Newest modification time under the folders the driver is built from. */
export function newestMtime(dirs) {
  let newest = 0
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs)
    }
  }
  for (const d of dirs) if (existsSync(d)) walk(d)
  return newest
}

/** Builds the driver into bench/results/.build/driver.mjs unless it is newer than its sources; returns its path. */
export async function buildDriver(root) {
  const outDir = resolve(root, 'bench/results/.build')
  const file = join(outDir, 'driver.mjs')
  const sources = ['bench/driver', 'main', 'shared'].map((d) => resolve(root, d))
  if (existsSync(file) && statSync(file).mtimeMs > newestMtime(sources)) return file
  mkdirSync(outDir, { recursive: true })
  const { build } = await import('rolldown')
  await build({
    input: resolve(root, 'bench/driver/patchbay-driver.ts'),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:/.test(id),
    output: { file, format: 'esm', sourcemap: true },
    logLevel: 'warn',
  })
  return file
}
