#!/usr/bin/env node
// The `patchbay` bin (package.json "bin"): runs the built CLI in out/main/cli.js, relative to this file.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = new URL('../../out/main/cli.js', import.meta.url)
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('patchbay: not built yet — run npm run build\n')
  process.exit(1)
}
await import(cli.href)
