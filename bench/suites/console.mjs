// Suite 4: the console in headless Chromium (playwright-core, Debian's /usr/bin/chromium) against browser mode
// (`patchbay console --browser`) on a seeded site: first interactive, node switches, scrolling, renderer heap.
/* global document, performance, requestAnimationFrame, MouseEvent, CSS -- page functions run in Chromium */
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { median, percentile, runMeasured } from '../lib/measure.mjs'
import { summarizeProfile } from '../lib/profile.mjs'

/** Writes a renderer CPU profile under bench/results/profiles and returns its top frames. */
function saveProfile(ctx, name, profile) {
  mkdirSync(ctx.profileDir, { recursive: true })
  const file = join(ctx.profileDir, `${name}.cpuprofile`)
  writeFileSync(file, JSON.stringify(profile))
  const summary = summarizeProfile(file, 12)
  ctx.log(
    `    profile ${name} (${summary.totalMs} ms): ${summary.packages
      .slice(0, 5)
      .map((p) => `${p.name} ${p.pct}%`)
      .join(', ')}`,
  )
  for (const f of summary.frames.slice(0, 8)) ctx.log(`      ${String(f.pct).padStart(5)}%  ${f.name}`)
  return { file, ...summary }
}

const CHROMIUM = '/usr/bin/chromium'
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
]

function startConsole(cli, site, home) {
  const proc = spawn(process.execPath, [cli, 'console', '--browser', '--port', '0', '--site', site], {
    env: { ...process.env, PATCHBAY_HOME: home, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`console printed no URL in 30 s:\n${out}`)), 30_000)
    const onData = (d) => {
      out += d
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    proc.stdout.on('data', onData)
    proc.stderr.on('data', onData)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`console exited with ${code}:\n${out}`))
    })
  })
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise((r) => proc.once('exit', r))
    proc.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))])
    if (proc.exitCode === null) proc.kill('SIGKILL')
  }
  return { url, stop }
}

/** In the page: presses a tree node and resolves with ms until the results list shows `expect` (or settles). */
function switchInPage({ nodeId, expectTitle, expectRows, settleMs }) {
  return new Promise((resolve) => {
    const item = document.querySelector(`[role="treeitem"][data-node-id="${CSS.escape(nodeId)}"]`)
    if (!item) return resolve({ ms: -1, rows: -1, title: '' })
    const t0 = performance.now()
    item.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 }))
    item.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, button: 0 }))
    item.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 0 }))
    let lastKey = ''
    let stableSince = t0
    const read = () => {
      const list = document.querySelector('[data-testid="results-list"]')
      const title = document.querySelector('[data-testid="results-title"]')?.textContent ?? ''
      const rows = list ? Number(list.getAttribute('aria-rowcount') ?? '1') - 1 : 0
      const shown = document.querySelectorAll('[data-testid="result-row"]').length
      const empty = document.querySelector('[data-testid="list-empty"], [data-testid="empty-state"]') !== null
      return { title, rows, shown, empty }
    }
    const tick = () => {
      const now = performance.now()
      const s = read()
      if (expectTitle !== undefined) {
        const ok = s.title === expectTitle && s.rows === expectRows && (expectRows === 0 ? true : s.shown > 0)
        if (ok) return resolve({ ms: now - t0, ...s })
        if (now - t0 > 10_000) return resolve({ ms: now - t0, timeout: true, ...s })
      } else {
        // Learning pass: wait until title and row count have not changed for settleMs.
        const key = `${s.title}|${s.rows}|${s.shown > 0}|${s.empty}`
        if (key !== lastKey) {
          lastKey = key
          stableSince = now
        } else if (now - stableSince >= settleMs && (s.shown > 0 || s.empty || s.rows === 0))
          return resolve({ ms: stableSince - t0, ...s })
        if (now - t0 > 15_000) return resolve({ ms: now - t0, timeout: true, ...s })
      }
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
}

/** In the page: scrolls the results list to its end a page per frame; frame times and the last row's arrival. */
function scrollInPage() {
  return new Promise((resolve) => {
    const list = document.querySelector('[data-testid="results-list"]')
    if (!list) return resolve(null)
    list.scrollTop = 0
    const frames = []
    let last = performance.now()
    const t0 = last
    const step = () => {
      const now = performance.now()
      frames.push(now - last)
      last = now
      if (list.scrollTop + list.clientHeight >= list.scrollHeight - 2) {
        const total = now - t0
        // Jump back to the top, then measure one jump to the end until the last row is rendered.
        list.scrollTop = 0
        requestAnimationFrame(() => {
          const j0 = performance.now()
          list.scrollTop = list.scrollHeight
          const wait = () => {
            const rows = [...list.querySelectorAll('[data-testid="result-row"]')]
            const lastRow = rows.at(-1)
            const idx = Number(lastRow?.getAttribute('aria-rowindex') ?? 0)
            const count = Number(list.getAttribute('aria-rowcount') ?? 0)
            if (idx >= count || performance.now() - j0 > 5000)
              return resolve({
                totalMs: total,
                frames: frames.length,
                frameTimes: frames,
                jumpToEndMs: performance.now() - j0,
                lastRowIndex: idx,
                rowCount: count - 1,
              })
            requestAnimationFrame(wait)
          }
          requestAnimationFrame(wait)
        })
        return
      }
      list.scrollTop += list.clientHeight
      requestAnimationFrame(step)
    }
    requestAnimationFrame(step)
  })
}

async function measureSite(ctx, chromium, label, clients, updates, statesPerClient) {
  const { dir, driver, cli, log, switches } = ctx
  const home = join(dir, `console-${label}`)
  mkdirSync(home, { recursive: true })
  const site = join(home, 'site.db')
  const seed = await runMeasured(process.execPath, [
    driver,
    'seed-console',
    '--site',
    site,
    '--clients',
    String(clients),
    '--updates',
    String(updates),
    '--states-per-client',
    String(statesPerClient),
  ])
  if (seed.code !== 0) throw new Error(`seeding the console site failed: ${seed.stderr}`)
  const server = startConsole(cli, site, home)
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
  try {
    const url = await server.url
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    if (ctx.profile) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
      await cdp.send('Profiler.start')
    }
    // First interactive: navigation start → tree items and the status bar visible (performance.now() is
    // relative to the navigation's time origin).
    await page.goto(url, { waitUntil: 'commit' })
    const firstInteractive = await (
      await page.waitForFunction(
        () => {
          const visible = (sel) => {
            const el = document.querySelector(sel)
            if (!el) return false
            const r = el.getBoundingClientRect()
            return r.width > 0 && r.height > 0
          }
          const items = document.querySelectorAll('[role="treeitem"]').length
          return visible('[data-testid="node-tree"]') && visible('[data-testid="status-bar"]') && items > 1
            ? performance.now()
            : false
        },
        null,
        { polling: 'raf', timeout: 60_000 },
      )
    ).jsonValue()
    // What the page waited for before it was interactive: its requests, slowest first.
    const requests = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => ({
          name: e.name.replace(/^https?:\/\/[^/]+/, '').replace(/token=[^&]+/, 'token=…'),
          startMs: Math.round(e.startTime),
          ms: Math.round(e.duration),
          kB: Math.round((e.transferSize || e.encodedBodySize || 0) / 1024),
        }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 8),
    )
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0]
      return n
        ? {
            responseEnd: Math.round(n.responseEnd),
            domContentLoaded: Math.round(n.domContentLoadedEventEnd),
            load: Math.round(n.loadEventEnd),
          }
        : null
    })
    if (process.env.BENCH_DEBUG)
      log(`    navigation ${JSON.stringify(nav)}; requests ${JSON.stringify(requests)}`)
    const profiles = {}
    if (ctx.profile) {
      const { profile } = await cdp.send('Profiler.stop')
      profiles.load = saveProfile(ctx, `console-${label}-load`, profile)
    }
    // Expand Collections so All Systems is visible, then learn every node's settled title and row count.
    const collections = page.locator('[role="treeitem"][data-node-id="collections"]')
    if ((await collections.getAttribute('aria-expanded')) === 'false') await collections.dblclick()
    await page.waitForSelector('[role="treeitem"][data-node-id^="collection:"]')
    const ids = await page.$$eval('[role="treeitem"]', (els) =>
      els.map((e) => e.getAttribute('data-node-id')),
    )
    const allSystems = ids.find((id) => id?.startsWith('collection:'))
    const wanted = [
      'collections',
      allSystems,
      'clients',
      'packages',
      'advertisements',
      'site-systems',
      'status',
      'reporting',
    ]
    const nodes = wanted.filter((id) => id && ids.includes(id))
    // Pass 1 (cold: first visit, settles after 1 s without change), pass 2 (warm) learns what each node shows.
    const expectations = {}
    const cold = {}
    for (const pass of [1, 2])
      for (const nodeId of nodes) {
        const r = await page.evaluate(switchInPage, { nodeId, settleMs: pass === 1 ? 1000 : 300 })
        if (pass === 1) cold[nodeId] = { ms: r.ms, rows: r.rows, title: r.title }
        else expectations[nodeId] = { expectTitle: r.title, expectRows: r.rows }
        if (process.env.BENCH_DEBUG)
          log(`    pass ${pass} ${nodeId}: "${r.title}" ${r.rows} rows in ${r.ms.toFixed(0)} ms`)
      }
    // Timed node switches, cycling Collections → All Systems → Clients → … (each to a different node).
    const times = []
    let timeouts = 0
    for (let i = 0; i < switches; i++) {
      const nodeId = nodes[(i + 1) % nodes.length]
      const r = await page.evaluate(switchInPage, { nodeId, ...expectations[nodeId] })
      if (r.timeout) {
        timeouts++
        log(
          `    ! switch to ${nodeId} timed out: saw "${r.title}" ${r.rows} rows (${r.shown} shown), expected "${expectations[nodeId].expectTitle}" ${expectations[nodeId].expectRows}`,
        )
      }
      times.push({ nodeId, ms: r.ms })
    }
    // Scrolling the Clients list (10,000 rows on the big site).
    await page.evaluate(switchInPage, { nodeId: 'clients', ...expectations.clients })
    if (ctx.profile) await cdp.send('Profiler.start')
    const scroll = await page.evaluate(scrollInPage)
    if (ctx.profile) {
      const { profile } = await cdp.send('Profiler.stop')
      profiles.scroll = saveProfile(ctx, `console-${label}-scroll`, profile)
    }
    const heapBeforeGc = await cdp.send('Runtime.getHeapUsage')
    await cdp.send('HeapProfiler.collectGarbage')
    const heapAfterGc = await cdp.send('Runtime.getHeapUsage')
    const metrics = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    )
    const ms = times.map((t) => t.ms)
    const result = {
      clients,
      updates,
      statesPerClient,
      seedMs: seed.wallMs,
      firstInteractiveMs: firstInteractive,
      navigation: nav,
      requests,
      switches: {
        count: ms.length,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        max: Math.max(...ms),
        timeouts,
        perNode: Object.fromEntries(
          nodes.map((n) => [n, median(times.filter((t) => t.nodeId === n).map((t) => t.ms))]),
        ),
        coldFirstVisit: cold,
      },
      scroll: scroll && {
        rows: scroll.rowCount,
        totalMs: scroll.totalMs,
        frames: scroll.frames,
        frameP50: percentile(scroll.frameTimes, 50),
        frameP95: percentile(scroll.frameTimes, 95),
        jumpToEndMs: scroll.jumpToEndMs,
      },
      profiles,
      heap: {
        usedMB: heapBeforeGc.usedSize / 2 ** 20,
        usedAfterGcMB: heapAfterGc.usedSize / 2 ** 20,
        totalMB: heapAfterGc.totalSize / 2 ** 20,
        domNodes: metrics.Nodes,
      },
    }
    log(
      `  ${label}: first interactive ${firstInteractive.toFixed(0)} ms; switches p50 ${result.switches.p50.toFixed(0)} / p95 ${result.switches.p95.toFixed(0)} ms (cold Clients ${cold.clients?.ms.toFixed(0)} ms); scroll ${scroll?.rowCount} rows in ${scroll?.totalMs.toFixed(0)} ms (${scroll?.frames} frames, p95 frame ${result.scroll?.frameP95.toFixed(1)} ms), jump to end ${scroll?.jumpToEndMs.toFixed(0)} ms; heap ${result.heap.usedMB.toFixed(0)} MB (${result.heap.usedAfterGcMB.toFixed(0)} MB after GC)`,
    )
    return result
  } finally {
    await browser.close()
    await server.stop()
  }
}

/** Runs suite 4 on the big site and on a 100-client site. */
export async function runConsole(ctx) {
  const { chromium } = await import('playwright-core')
  const big = await measureSite(ctx, chromium, `${ctx.consoleClients}-clients`, ctx.consoleClients, 5000, 20)
  const small = await measureSite(ctx, chromium, '100-clients', 100, 5000, 20)
  return { big, small }
}
