#!/usr/bin/env node
// Patchbay benchmark: `node bench/run.mjs [--quick|--full] [--only fanout,scan,ingest,console,packaging]
// [--hosts N] [--rounds N] [--profile] [--patchbay-path cli|driver]`. Installs the peers from Debian, builds when needed,
// starts a private sshd on 127.0.0.1, runs the suites, prints a table (ratios first) and writes
// bench/results/latest.json and bench/results/latest.md.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, setPriority, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildDriver, newestMtime } from './lib/build-driver.mjs'
import { killActive, runMeasured } from './lib/measure.mjs'
import { summarizeProfile } from './lib/profile.mjs'
import { startBenchSshd } from './lib/sshd.mjs'
import { renderMarkdown, renderTable, resultRows } from './lib/report.mjs'
import { runConsole } from './suites/console.mjs'
import { runFanout, runScan } from './suites/fanout.mjs'
import { runIngest } from './suites/ingest.mjs'
import { runPackaging } from './suites/packaging.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const resultsDir = join(root, 'bench/results')
const cli = join(root, 'out/main/cli.js')

function parseArgs(argv) {
  const o = {
    mode: 'quick',
    only: null,
    hosts: null,
    rounds: null,
    profile: false,
    patchbayPath: null,
    nice: null,
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--quick') o.mode = 'quick'
    else if (a === '--full') o.mode = 'full'
    else if (a === '--only') o.only = new Set(argv[++i].split(','))
    else if (a === '--hosts') o.hosts = Number(argv[++i])
    else if (a === '--rounds') o.rounds = Number(argv[++i])
    else if (a === '--profile') o.profile = true
    else if (a === '--patchbay-path') o.patchbayPath = argv[++i]
    else if (a === '--nice') o.nice = Number(argv[++i])
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node bench/run.mjs [--quick|--full] [--only fanout,scan,ingest,console,packaging] [--hosts N] [--rounds N] [--profile] [--patchbay-path cli|driver] [--nice N]',
      )
      process.exit(0)
    } else throw new Error(`unknown option ${a}`)
  }
  return o
}

const log = (line) => process.stdout.write(`${line}\n`)

/** The sizes of each mode: quick finishes in under 5 minutes on 2 cores; `rounds` overrides every suite's. */
function sizesFor(mode, hosts, rounds) {
  const quick = mode === 'quick'
  const sizes = {
    hosts: hosts ?? 200,
    rounds: quick ? 3 : 7,
    scanRounds: quick ? 1 : 3,
    // A scan runs apt on the (shared) box for every host: ~0.6 s CPU each, so quick mode scans 20.
    scanHosts: quick ? Math.min(20, hosts ?? 200) : (hosts ?? 200),
    floorSamples: quick ? 30 : 50,
    ingest: quick
      ? { sqliteClients: 100, pgClients: 25, updates: 2000, rounds: 3 }
      : { sqliteClients: 10_000, pgClients: 2_000, updates: 2000, rounds: 3 },
    consoleClients: 10_000,
    switches: 20,
    // The issue's bundle is 1 GB; quick mode builds a quarter of it (the table says so).
    packaging: { bytes: quick ? 256 * 2 ** 20 : 2 ** 30, rounds: 3 },
  }
  if (rounds) {
    sizes.rounds = sizes.scanRounds = sizes.ingest.rounds = sizes.packaging.rounds = rounds
  }
  return sizes
}

function installDeps() {
  const r = spawnSync('sh', [join(root, 'bench/install-deps.sh')], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('bench/install-deps.sh failed')
}

/** Builds when out/ is missing or older than main/, shared/ or renderer/ (the driver and the CLI must agree on the schema). */
function buildIfNeeded() {
  const sources = ['main', 'shared', 'renderer'].map((d) => join(root, d))
  const fresh =
    existsSync(cli) &&
    existsSync(join(root, 'out/renderer/index.html')) &&
    statSync(cli).mtimeMs >= newestMtime(sources)
  if (fresh) return false
  log('building (npx electron-vite build)…')
  execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  return true
}

function cliHas(command) {
  const r = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })
  return new RegExp(`^\\s+${command}\\b`, 'm').test(r.stdout ?? '')
}

async function driverJson(driver, args, opts = {}) {
  const r = await runMeasured(process.execPath, [...(opts.nodeArgs ?? []), driver, ...args], opts)
  if (r.code !== 0) throw new Error(`driver ${args[0]} failed (${r.code}): ${r.stderr.slice(-2000)}`)
  return { ...r, json: JSON.parse(r.stdout.trim().split('\n').pop()) }
}

/** Patchbay's side of the fan-out and scan: the CLI when it has `exec`/`scan`, else the in-process driver. */
function patchbayAdapter(driver, sshd, dir, preferred) {
  const haveCli = cliHas('exec') && cliHas('scan')
  const useCli = preferred ? preferred === 'cli' : haveCli
  if (useCli && !haveCli) throw new Error('the built CLI has no exec/scan command yet')
  const home = join(dir, 'patchbay-home')
  mkdirSync(home, { recursive: true })
  const cliEnv = { ...process.env, PATCHBAY_HOME: home, ELECTRON_RUN_AS_NODE: '1' }
  const fromCli = (r) => {
    let job = null
    try {
      job = JSON.parse(r.stdout)
    } catch {
      job = null
    }
    const hosts = job?.hosts ?? []
    const bad = hosts.find((h) => h.state !== 'succeeded')
    return {
      ...r,
      job,
      firstError: bad ? `${bad.name}: ${bad.errorKind} ${bad.message}` : r.stderr.slice(0, 300),
    }
  }
  return {
    path: useCli
      ? 'CLI (node out/main/cli.js exec|scan --collection "All Systems" --json)'
      : 'in-process services (bench driver: startServices + clients:exec/clients:scan + wait)',
    short: useCli ? 'CLI' : 'in-process',
    async setupFleet(site, n) {
      rmSync(site, { force: true })
      await driverJson(driver, [
        'setup-fleet',
        '--site',
        site,
        '--count',
        String(n),
        '--port',
        String(sshd.port),
        '--user',
        sshd.user,
        '--key',
        sshd.clientKey,
        '--host-key-pub',
        sshd.hostKeyPub,
      ])
    },
    async scanCommand() {
      return (await driverJson(driver, ['scan-command'])).json.command
    },
    async exec(site, command, nodeArgs = []) {
      if (useCli) {
        const r = fromCli(
          await runMeasured(
            process.execPath,
            [
              ...nodeArgs,
              cli,
              'exec',
              '--collection',
              'All Systems',
              '--json',
              '--site',
              site,
              '--',
              command,
            ],
            { env: cliEnv, sshdPid: sshd.pid },
          ),
        )
        return { ...r, ok: (r.job?.hosts ?? []).filter((h) => h.stdout.trim() === 'ok').length }
      }
      const r = await driverJson(driver, ['exec', '--site', site, '--command', command], {
        sshdPid: sshd.pid,
        nodeArgs,
      })
      return { ...r, ok: r.json.okOutputs, firstError: r.json.firstError, inner: r.json }
    },
    async scan(site) {
      if (useCli) {
        const r = fromCli(
          await runMeasured(
            process.execPath,
            [cli, 'scan', '--collection', 'All Systems', '--force', '--json', '--site', site],
            { env: cliEnv, sshdPid: sshd.pid },
          ),
        )
        return { ...r, ok: (r.job?.hosts ?? []).filter((h) => h.state === 'succeeded').length }
      }
      const r = await driverJson(driver, ['scan', '--site', site], { sshdPid: sshd.pid })
      return { ...r, ok: r.json.succeeded, firstError: r.json.firstError, inner: r.json }
    },
  }
}

/** One profiled Patchbay exec run (node --cpu-prof); returns the top frames and packages. */
async function profileExec(patchbay, site, dir) {
  const profDir = join(resultsDir, 'profiles')
  rmSync(profDir, { recursive: true, force: true })
  mkdirSync(profDir, { recursive: true })
  const r = await patchbay.exec(site, 'echo ok', ['--cpu-prof', '--cpu-prof-dir', profDir])
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))
  if (!file) return { error: 'no profile written' }
  const summary = summarizeProfile(join(profDir, file))
  void dir
  return { file: join('bench/results/profiles', file), wallMs: r.wallMs, ...summary }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const sizes = sizesFor(opts.mode, opts.hosts, opts.rounds)
  const want = (s) => !opts.only || opts.only.has(s)
  const started = new Date()
  const t0 = Date.now()
  // Everything the bench starts (tools, sshd, PostgreSQL, Chromium) inherits this priority, so other work on
  // a shared box disturbs every tool alike and less; --nice 0 turns it off.
  const nice = opts.nice ?? (process.getuid?.() === 0 ? -10 : 0)
  if (nice) setPriority(nice)
  installDeps()
  // The CLI and the console need out/; the ingest and packaging suites run the bundled driver only.
  if (want('fanout') || want('scan') || want('console')) buildIfNeeded()
  const driver = await buildDriver(root)
  mkdirSync(resultsDir, { recursive: true })
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-bench-'))
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '',
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim(),
    openssh: (spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr ?? '').trim(),
    // Other work on the box (builds, tests) skews wall times: the 1-minute load average at start and end.
    loadAvgStart: Math.round(loadavg()[0] * 10) / 10,
    nice: opts.nice ?? (process.getuid?.() === 0 ? -10 : 0),
  }
  const command = `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim()
  const results = { date: started.toISOString(), mode: opts.mode, command, machine, sizes, suites: {} }
  let sshd = null
  const cleanup = async () => {
    killActive()
    await sshd?.stop()
    sshd = null
  }
  for (const sig of ['SIGINT', 'SIGTERM'])
    process.once(sig, () => {
      void cleanup().finally(() => {
        rmSync(dir, { recursive: true, force: true })
        process.exit(130)
      })
    })
  try {
    if (want('fanout') || want('scan')) {
      sshd = await startBenchSshd(dir)
      log(`sshd on 127.0.0.1:${sshd.port} (pid ${sshd.pid}), ${sizes.hosts} client entries`)
      const patchbay = patchbayAdapter(driver, sshd, dir, opts.patchbayPath)
      log(`Patchbay path: ${patchbay.path}`)
      const ctx = {
        sshd,
        dir,
        n: sizes.hosts,
        driver,
        patchbay,
        log,
        floorSamples: sizes.floorSamples,
        warmUp: opts.mode === 'full',
      }
      if (want('fanout')) {
        log(`\n== fan-out: echo ok on ${sizes.hosts} hosts, ${sizes.rounds} interleaved rounds`)
        results.suites.fanout = await runFanout({ ...ctx, rounds: sizes.rounds })
        if (opts.profile) {
          const site = join(dir, 'fanout-site.db')
          results.suites.fanout.profile = await profileExec(patchbay, site, dir)
          const p = results.suites.fanout.profile
          log(
            `  profile (${p.totalMs} ms sampled): top packages ${p.packages
              ?.slice(0, 6)
              .map((x) => `${x.name} ${x.pct}%`)
              .join(', ')}`,
          )
          for (const f of p.frames?.slice(0, 10) ?? []) log(`    ${String(f.pct).padStart(5)}%  ${f.name}`)
        }
      }
      if (want('scan')) {
        log(`\n== scan: forced apt scan of ${sizes.scanHosts} clients`)
        results.suites.scan = await runScan({ ...ctx, n: sizes.scanHosts, rounds: sizes.scanRounds })
      }
      await cleanup()
    }
    if (want('ingest')) {
      log(
        `\n== ingest: ${sizes.ingest.sqliteClients} clients × ${sizes.ingest.updates} updates (SQLite), ${sizes.ingest.pgClients} × ${sizes.ingest.updates} (PostgreSQL)${opts.mode === 'quick' ? ' — quick mode; --full runs 10,000 × 2,000' : ''}`,
      )
      results.suites.ingest = await runIngest({ dir, driver, log, sizes: sizes.ingest })
    }
    if (want('console')) {
      log(`\n== console: browser mode in headless Chromium, ${sizes.consoleClients} and 100 clients`)
      results.suites.console = await runConsole({
        dir,
        driver,
        cli,
        log,
        switches: sizes.switches,
        consoleClients: sizes.consoleClients,
        profile: opts.profile,
        profileDir: join(resultsDir, 'profiles'),
      })
    }
    if (want('packaging')) {
      const mb = sizes.packaging.bytes / 2 ** 20
      log(
        `\n== packaging: build + verify a ${mb >= 1024 ? `${mb / 1024} GiB` : `${mb} MiB`} bundle vs sha256sum + tar, ${sizes.packaging.rounds} interleaved rounds`,
      )
      results.suites.packaging = await runPackaging({
        dir,
        driver,
        log,
        totalBytes: sizes.packaging.bytes,
        rounds: sizes.packaging.rounds,
      })
    }
  } finally {
    await cleanup()
    rmSync(dir, { recursive: true, force: true })
  }
  results.durationS = Math.round((Date.now() - t0) / 1000)
  machine.loadAvgEnd = Math.round(loadavg()[0] * 10) / 10
  results.rows = resultRows(results)
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n')
  writeFileSync(join(resultsDir, 'latest.md'), renderMarkdown(results))
  log('')
  log(renderTable(results))
  log(`\nwrote bench/results/latest.json and bench/results/latest.md (${results.durationS} s)`)
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exitCode = 1
})
