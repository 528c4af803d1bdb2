#!/usr/bin/env node
// `node bench/xml-scan.mjs [updates=100000] [rounds=5]`: bundles bench/xml/xml-bench.ts with rolldown (npm
// packages external) and runs it: the former hand-written package.xml scanner against saxes, speed and hostile
// documents. Prints a table; asserts nothing.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const file = join(root, 'bench/results/.build/xml-bench.mjs')
mkdirSync(dirname(file), { recursive: true })
const { build } = await import('rolldown')
await build({
  input: join(root, 'bench/xml/xml-bench.ts'),
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:/.test(id),
  output: { file, format: 'esm' },
  logLevel: 'warn',
})
const run = spawnSync(process.execPath, ['--max-old-space-size=4096', file, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(run.status ?? 1)
