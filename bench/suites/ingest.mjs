// Suite 3: site database ingest of applicability state messages (client × update) through Patchbay's scan path vs a raw
// prepared insert of the same rows on the same schema; compliance summary queries and freshness; SQLite and PostgreSQL.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { median, runMeasured } from '../lib/measure.mjs'
import { createDatabase, dropDatabase, startBenchPostgres } from '../lib/postgres.mjs'

async function driverJson(driver, args, what) {
  const r = await runMeasured(process.execPath, [driver, ...args])
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr.slice(-2000)}`)
  const line = r.stdout.trim().split('\n').pop()
  return JSON.parse(line)
}

/**
 * Runs the peer (`raw`) and Patchbay's product path (`record-scan`: recordScan() per client, 50 in flight) on one
 * engine, `rounds` times with the order alternating, each run in its own process on a fresh database
 * (`location(name)` makes one, `drop(location)` removes it); reports per-run numbers and the medians. The
 * summary queries and freshness run on the last `record-scan` site.
 */
async function ingestEngine(ctx, engine, { location, drop }, clients, updates, rounds) {
  const { driver, log } = ctx
  const size = ['--clients', String(clients), '--updates', String(updates)]
  const result = { engine, clients, updates, rounds, modes: {} }
  const runs = { raw: [], 'record-scan': [] }
  // Warm-up (a fresh cluster's first database, page cache, module load), not counted.
  const warm = await location(`${engine}_warmup`)
  await driverJson(
    driver,
    ['raw-ingest', '--site', warm, '--clients', '5', '--updates', String(updates)],
    'warm-up',
  )
  await drop(warm)
  let summarySite = null
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['raw', 'record-scan'] : ['record-scan', 'raw']
    for (const mode of order) {
      const site = await location(`${engine}_${mode.replace(/-/g, '_')}_${round}`)
      const args =
        mode === 'raw' ? ['raw-ingest', '--site', site, ...size] : ['ingest', '--site', site, ...size]
      const r = await driverJson(driver, args, `${engine} ${mode} ingest`)
      runs[mode].push(r)
      log(
        `  ${engine} round ${round + 1} ${mode.padEnd(11)} ${r.rows.toLocaleString('en-US')} rows in ${(r.ms / 1000).toFixed(2)} s = ${Math.round(r.rowsPerSec).toLocaleString('en-US')} rows/s${r.perClientP50 ? ` (per scan p50 ${r.perClientP50.toFixed(0)} ms)` : ''}`,
      )
      if (mode === 'record-scan' && round === rounds - 1) summarySite = site
      else await drop(site)
    }
  }
  for (const [mode, list] of Object.entries(runs))
    result.modes[mode] = {
      runs: list,
      rows: list[0].rows,
      rowsPerSec: median(list.map((r) => r.rowsPerSec)),
      ms: median(list.map((r) => r.ms)),
      cpuMs: median(list.map((r) => r.cpuMs)),
    }
  const raw = result.modes.raw.rowsPerSec
  for (const mode of Object.keys(runs)) result.modes[mode].ratioToRaw = result.modes[mode].rowsPerSec / raw
  // Per-round ratios (each round's two runs ran back to back): their spread shows how noisy the box was.
  result.roundRatios = runs['record-scan'].map((r, i) => r.rowsPerSec / runs.raw[i].rowsPerSec)
  // The headline: the median of the paired per-round ratios (robust to load changing between rounds).
  result.ratio = median(result.roundRatios)
  const s = await driverJson(
    driver,
    ['summary', '--site', summarySite, '--probe-client', '2'],
    `${engine} summary`,
  )
  result.summary = s
  log(
    `  ${engine} median of per-round ratios ${result.ratio.toFixed(2)}× (rounds ${result.roundRatios.map((x) => x.toFixed(2)).join(', ')})`,
  )
  log(
    `  ${engine} summary: repository ${s.repositoryMs.toFixed(0)} ms, one client ${s.perClientMs.toFixed(0)} ms, collection ${s.perCollectionMs.toFixed(0)} ms; freshness ${s.freshnessMs.toFixed(0)} ms (record ${s.recordMs.toFixed(0)} ms + re-read), reflected ${s.reflected}`,
  )
  await drop(summarySite)
  return result
}

/**
 * What synchronous=FULL (the site's setting: a commit is on disk when it returns) costs against NORMAL for small
 * commits (one state message each, as deployments write them): `rounds` interleaved pairs of 300 commits.
 */
async function sqliteCommitCost(ctx, { location, drop }, rounds) {
  const { driver, log } = ctx
  const runs = { normal: [], full: [] }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['normal', 'full'] : ['full', 'normal']
    for (const mode of order) {
      const site = await location(`commits_${mode}_${round}`)
      const r = await driverJson(
        driver,
        ['commits', '--site', site, '--synchronous', mode, '--count', '300'],
        `sqlite ${mode} commits`,
      )
      runs[mode].push(r.msPerCommit)
      await drop(site)
    }
  }
  const normal = median(runs.normal)
  const full = median(runs.full)
  log(
    `  sqlite small commits: synchronous=FULL ${full.toFixed(2)} ms, NORMAL ${normal.toFixed(2)} ms per commit (${(full / normal).toFixed(2)}×)`,
  )
  return { rounds, normalMsPerCommit: normal, fullMsPerCommit: full, ratio: full / normal, runs }
}

/** Runs suite 3 on SQLite and (when its binaries exist) PostgreSQL. */
export async function runIngest(ctx) {
  const { dir, sizes, log } = ctx
  const out = {}
  const sqliteFiles = {
    location: async (name) => join(dir, `${name}.db`),
    drop: async (file) => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    },
  }
  out.sqlite = await ingestEngine(
    ctx,
    'sqlite',
    sqliteFiles,
    sizes.sqliteClients,
    sizes.updates,
    sizes.rounds,
  )
  out.sqliteDurability = await sqliteCommitCost(ctx, sqliteFiles, sizes.rounds)
  let pg = null
  try {
    pg = await startBenchPostgres(dir)
  } catch (err) {
    log(`  PostgreSQL skipped: ${err.message}`)
    out.postgres = { skipped: err.message }
  }
  if (pg) {
    try {
      const databases = {
        location: async (name) => createDatabase(pg, name),
        drop: async (url) => dropDatabase(pg, url),
      }
      out.postgres = await ingestEngine(
        ctx,
        'postgres',
        databases,
        sizes.pgClients,
        sizes.updates,
        sizes.rounds,
      )
    } finally {
      pg.stop()
    }
  }
  return out
}

/** True when `psql` exists (PostgreSQL client tools). */
export function hasPsql() {
  return spawnSync('psql', ['--version']).status === 0
}
