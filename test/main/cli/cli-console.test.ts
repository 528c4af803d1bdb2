import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliPath, ensureCliBuilt, lines, makeSiteDir, repoRoot, runJson, runProcess } from './cli-harness'

/** Starts `patchbay console --browser --port 0` and resolves with the first stdout line. */
function startConsole(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [cliPath, 'console', '--browser', '--port', '0', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  )
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line within 20 s; stderr: ${stderr}`)), 20_000)
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s
      if (stdout.includes('\n')) {
        clearTimeout(timer)
        resolve(stdout.slice(0, stdout.indexOf('\n')))
      }
    })
    void exited.then((code) =>
      reject(new Error(`console exited ${code} before printing a URL; stderr: ${stderr}`)),
    )
  })
  return { child, firstLine, exited, output: () => stdout }
}

describe('patchbay console and the bin shim', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'CON', '--name', 'Console', ...site], tmp.env)
  })
  afterAll(() => tmp.cleanup())

  it('console --browser --port 0 prints one line with a tokenized 127.0.0.1 URL and answers HTTP there', async () => {
    const run = startConsole(site, tmp.env)
    try {
      const line = await run.firstLine
      const match = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]+)/.exec(line)
      expect(match, line).not.toBeNull()
      expect(Number(match?.[2])).toBeGreaterThan(0)
      const response = await fetch(match?.[1] ?? '', { redirect: 'manual' })
      expect(response.status).toBeLessThan(500)
      // The console serves the site given by --site, through the same contract.
      const token = new URL(match?.[1] ?? '').searchParams.get('token')
      const call = await fetch(`http://127.0.0.1:${match?.[2]}/api/call/site:info`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      })
      expect(await call.json()).toMatchObject({ ok: true, value: { code: 'CON', frontDoor: 'browser' } })
      await new Promise((r) => setTimeout(r, 200))
      expect(lines(run.output())).toHaveLength(1)
    } finally {
      run.child.kill('SIGTERM')
      await run.exited
    }
  })

  it('the console refuses a bad port before starting anything', async () => {
    const run = await runProcess(
      process.execPath,
      [cliPath, 'console', '--browser', '--port', 'abc', ...site],
      tmp.env,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('patchbay: --port must be a number from 0 to 65535\n')
  })

  it('`npx patchbay --help` works from the repo root (npm exec finds the package’s own bin)', async () => {
    const run = await runProcess('npx', ['--no-install', 'patchbay', '--help'], tmp.env)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^Usage: patchbay \[options\] \[command\]/)
  })

  it('the bin shim runs the built CLI, and says so when out/ is missing', async () => {
    const viaShim = await runProcess(
      process.execPath,
      [join(repoRoot, 'main/cli/patchbay.mjs'), 'site', 'info', '--json', ...site],
      tmp.env,
    )
    expect(viaShim.code, viaShim.stderr).toBe(0)
    expect(JSON.parse(viaShim.stdout)).toMatchObject({ code: 'CON' })

    const lonely = join(tmp.dir, 'elsewhere/main/cli')
    mkdirSync(lonely, { recursive: true })
    copyFileSync(join(repoRoot, 'main/cli/patchbay.mjs'), join(lonely, 'patchbay.mjs'))
    const unbuilt = await runProcess(process.execPath, [join(lonely, 'patchbay.mjs'), '--help'], tmp.env)
    expect(unbuilt.code).toBe(1)
    expect(unbuilt.stderr).toBe('patchbay: not built yet — run npm run build\n')
  })
})
