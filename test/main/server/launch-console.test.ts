import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findElectron, runConsole } from '../../../main/server/launch-console'
import { locateOutDir } from '../../../main/server/out-dir'
import { indexHtml, send, writeRenderer } from './harness'

let dir: string
let savedHome: string | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchbay-console-'))
  savedHome = process.env.PATCHBAY_HOME
  process.env.PATCHBAY_HOME = join(dir, 'home')
})
afterEach(() => {
  if (savedHome === undefined) delete process.env.PATCHBAY_HOME
  else process.env.PATCHBAY_HOME = savedHome
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the console in browser mode until the first line is printed; returns the lines and a stop function. */
async function startConsole(forceBrowser: boolean, allowFolders?: string[]) {
  const outDir = join(dir, 'out')
  writeRenderer(outDir)
  const lines: string[] = []
  const stop = new AbortController()
  let printed: () => void = () => {}
  const first = new Promise<void>((resolve) => (printed = resolve))
  const done = runConsole({
    site: join(dir, 'site.db'),
    forceBrowser,
    outDir,
    workFolder: join(dir, 'Patchbay'),
    allowFolders,
    signal: stop.signal,
    log: (line) => {
      lines.push(line)
      printed()
    },
  })
  await Promise.race([first, done])
  return { lines, stop: () => (stop.abort(), done) }
}

describe('runConsole', () => {
  it('prints exactly one line with the URL in forced browser mode and serves the console', async () => {
    const { lines, stop } = await startConsole(true)
    expect(lines).toHaveLength(1)
    const match =
      /^Patchbay console \(browser mode\): (http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]{43})$/.exec(
        lines[0] ?? '',
      )
    expect(match).not.toBeNull()
    const url = new URL(match?.[1] ?? '')
    const port = Number(url.port)
    const page = await send(port, { path: `${url.pathname}${url.search}` })
    expect(page.status).toBe(200)
    expect(page.body).toBe(indexHtml.replace('<head>', '<head><base href="/">'))
    const token = url.searchParams.get('token') ?? ''
    const info = await send(port, {
      method: 'POST',
      path: '/api/call/site:info',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(info.status).toBe(200)
    await stop()
    await expect(send(port, { path: '/' })).rejects.toThrow()
    expect(lines).toHaveLength(1)
  })

  it('confines file and folder fields to ~/Patchbay, the data folder and each --allow-folder, and says so in site:info', async () => {
    const extra = join(dir, 'shared')
    mkdirSync(extra)
    const { lines, stop } = await startConsole(true, [extra])
    expect(lines).toHaveLength(1)
    const url = new URL(/(http:\S+)$/.exec(lines[0] ?? '')?.[1] ?? '')
    const token = url.searchParams.get('token') ?? ''
    const call = async (channel: string, input: unknown) =>
      JSON.parse(
        (
          await send(Number(url.port), {
            method: 'POST',
            path: `/api/call/${channel}`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(input),
          })
        ).body,
      ) as { ok: boolean; value?: { localFolders: unknown }; error?: { code: string; field: string } }
    const info = await call('site:info', {})
    expect(info.value?.localFolders).toEqual(
      expect.arrayContaining([
        { path: join(dir, 'Patchbay'), access: 'write' },
        { path: join(dir, 'home'), access: 'write' },
        { path: extra, access: 'write' },
      ]),
    )
    expect(await call('keys:create', { dir: join(dir, 'elsewhere') })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'dir' },
    })
    expect(await call('keys:create', { dir: join(extra, 'keys') })).toMatchObject({ ok: true })
    await stop()
  })

  it('falls back to browser mode where the Electron binary is missing, and says why', async () => {
    expect(findElectron()).toEqual({ reason: 'Electron binary not installed' })
    const { lines, stop } = await startConsole(false)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^Patchbay console \(browser mode, Electron binary not installed\): http:\/\/127\.0\.0\.1:\d+\/\?token=/,
    )
    await stop()
  })
})

describe('locateOutDir', () => {
  it('finds out/ from the bundle or one of its chunks', () => {
    const out = join(dir, 'app', 'out')
    mkdirSync(join(out, 'main', 'chunks'), { recursive: true })
    writeFileSync(join(out, 'main', 'cli.js'), '')
    expect(locateOutDir(pathToFileURL(join(out, 'main', 'cli.js')).href)).toBe(out)
    expect(locateOutDir(pathToFileURL(join(out, 'main', 'chunks', 'x.js')).href)).toBe(out)
  })

  it('uses out/ beside package.json when running from source', () => {
    const root = join(dir, 'repo')
    mkdirSync(join(root, 'main', 'server'), { recursive: true })
    writeFileSync(join(root, 'package.json'), '{}')
    expect(locateOutDir(pathToFileURL(join(root, 'main', 'server', 'launch-console.ts')).href)).toBe(
      join(root, 'out'),
    )
  })
})
