import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The build output folder (`out/`) seen from a module: the nearest ancestor holding `main/cli.js` or
 * `main/index.js` (a bundle or one of its chunks), else `out/` beside the nearest package.json (running
 * from source under vitest or tsx).
 */
export function locateOutDir(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl))
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'main', 'cli.js')) || existsSync(join(dir, 'main', 'index.js'))) return dir
    if (dirname(dir) === dir) break
  }
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'out')
    if (dirname(dir) === dir) return join(process.cwd(), 'out')
  }
}
