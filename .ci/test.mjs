// `npm test`: build, typecheck, lint, unit/integration tests (vitest) and E2E tests (Playwright), in
// that order, stopping at the first failing stage. Streams every stage's output, then prints a stage
// summary and, alone on the last line, `tests: N passed, N failed, N skipped`. Exits non-zero when a
// stage failed, a test failed, or no test ran at all. Node built-ins only.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const results = join(root, '.ci', 'results')
const vitestJson = join(results, 'vitest.json')
const playwrightJson = join(results, 'playwright.json')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

/** Runs a command with inherited stdio; resolves with its exit code (signals count as failure). */
function run(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(npx, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
    child.on('error', (err) => {
      console.error(`test: cannot start npx ${args.join(' ')}: ${err.message}`)
      resolve(127)
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
  })
}

const stages = [
  { name: 'build', steps: [['electron-vite', 'build']] },
  { name: 'typecheck', steps: [['tsc', '--noEmit', '-p', 'tsconfig.json']] },
  {
    name: 'lint',
    steps: [
      ['eslint', '.'],
      ['prettier', '--check', '.'],
    ],
  },
  {
    name: 'vitest',
    steps: [['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`]],
  },
  {
    name: 'playwright',
    steps: [['playwright', 'test', '--reporter=list,json']],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  },
]

/** Sums vitest's JSON report (Jest-style numPassedTests…; todo counts as skipped). */
function vitestCounts() {
  if (!existsSync(vitestJson)) return null
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'))
  return {
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTests ?? 0),
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  }
}

/** Sums Playwright's JSON report: expected+flaky pass, unexpected fail, skipped skip. */
function playwrightCounts() {
  if (!existsSync(playwrightJson)) return null
  const s = JSON.parse(readFileSync(playwrightJson, 'utf8')).stats ?? {}
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 }
}

async function main() {
  rmSync(results, { recursive: true, force: true })
  mkdirSync(results, { recursive: true })
  const summary = []
  let failedStage = null
  for (const stage of stages) {
    if (failedStage) {
      summary.push([stage.name, 'not run'])
      continue
    }
    const why = stage.skip?.()
    if (why) {
      console.log(`\n== ${stage.name}: skipped (${why})`)
      summary.push([stage.name, `skipped: ${why}`])
      continue
    }
    const started = Date.now()
    let code = 0
    for (const step of stage.steps) {
      console.log(`\n== ${stage.name}: npx ${step.join(' ')}`)
      code = await run(step, stage.env)
      if (code !== 0) break
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    summary.push([stage.name, code === 0 ? `ok (${secs}s)` : `FAILED, exit ${code} (${secs}s)`])
    if (code !== 0) failedStage = stage.name
  }

  const totals = { passed: 0, failed: 0, skipped: 0 }
  for (const [name, read] of [
    ['vitest', vitestCounts],
    ['playwright', playwrightCounts],
  ]) {
    try {
      const c = read()
      if (c) for (const k of Object.keys(totals)) totals[k] += c[k]
    } catch (err) {
      console.error(`test: cannot read the ${name} report: ${err.message}`)
      failedStage ??= `${name} report`
    }
  }

  console.log('\n== summary')
  for (const [name, state] of summary) console.log(`  ${name.padEnd(11)} ${state}`)
  const ran = totals.passed + totals.failed
  if (!failedStage && ran === 0) console.log('  no tests ran')
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
  process.exitCode = failedStage || totals.failed > 0 || ran === 0 ? 1 : 0
}

main().catch((err) => {
  console.error(`test: ${err.stack ?? err}`)
  console.log('tests: 0 passed, 0 failed, 0 skipped')
  process.exitCode = 1
})
