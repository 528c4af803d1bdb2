import { test as base, expect, type Page } from '@playwright/test'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The built CLI the fixture runs (`npm run build` makes it). */
export const cliPath = resolve('out/main/cli.js')

/** A fresh site in a temp PATCHBAY_HOME, seeded through the CLI, served by `patchbay console --browser`. */
export interface SiteFixture {
  dir: string
  sitePath: string
  /** Runs the built CLI against this site; returns stdout. */
  cli: (...args: string[]) => string
  /** Starts the browser-mode console (once) and returns its tokened URL. */
  launch: () => Promise<string>
  /** Stops the console server (to test reconnection). */
  stop: () => Promise<void>
}

function waitForUrl(proc: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`console did not print its URL within 20 s:\n${out}`)),
      20_000,
    )
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[^\s]+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolvePromise(m[1]!)
      }
    }
    proc.stdout?.on('data', onData)
    proc.stderr?.on('data', onData)
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`console exited with ${code}:\n${out}`))
    })
  })
}

/** Playwright test with a `site` fixture. */
export const test = base.extend<{ site: SiteFixture }>({
  site: async ({}, use) => {
    if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing — run \`npm run build\` first`)
    const dir = mkdtempSync(join(tmpdir(), 'patchbay-e2e-'))
    const sitePath = join(dir, 'site.db')
    const env = { ...process.env, PATCHBAY_HOME: dir, ELECTRON_RUN_AS_NODE: '1' }
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, [cliPath, ...args, '--site', sitePath], { env, encoding: 'utf8' })
    cli('site', 'init', '--code', 'LAB', '--name', 'Lab Site')
    let proc: ChildProcess | null = null
    let url: string | null = null
    const launch = async () => {
      if (url) return url
      proc = spawn(process.execPath, [cliPath, 'console', '--browser', '--port', '0', '--site', sitePath], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      url = await waitForUrl(proc)
      return url
    }
    const stop = async () => {
      const p = proc
      proc = null
      url = null
      if (p && p.exitCode === null) {
        const exited = new Promise((r) => p.once('exit', r))
        p.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))])
        if (p.exitCode === null) p.kill('SIGKILL')
      }
    }
    await use({ dir, sitePath, cli, launch, stop })
    await stop()
    rmSync(dir, { recursive: true, force: true })
  },
})

export { expect }

/** Opens the console and waits until the tree is there. */
export async function openConsole(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect(page.getByTestId('console')).toBeVisible()
  await expect(page.getByRole('tree', { name: 'Console tree' })).toBeVisible()
}

/** The tree item of a node. */
export function treeItem(page: Page, name: string | RegExp) {
  return page.getByRole('treeitem', { name })
}

/** Rows of the results list. */
export function resultRows(page: Page) {
  return page.getByTestId('results-list').getByTestId('result-row')
}

/** Adds simulated clients through the CLI. */
export function seedClients(
  site: SiteFixture,
  clients: { name: string; address: string; platform: string }[],
): void {
  for (const c of clients) site.cli('client', 'add', c.address, '--name', c.name, '--platform', c.platform)
}
