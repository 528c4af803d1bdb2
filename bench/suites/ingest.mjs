// Suite 3: site database ingest of applicability state messages (client × update) through Patchbay's paths vs a raw
// prepared insert of the same rows on the same schema; compliance summary queries and freshness; SQLite and PostgreSQL.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { runMeasured } from '../lib/measure.mjs'
import { createDatabase, startBenchPostgres } from '../lib/postgres.mjs'

async function driverJson(driver, args, what) {
  const r = await runMeasured(process.execPath, [driver, ...args])
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr.slice(-2000)}`)
  const line = r.stdout.trim().split('\n').pop()
  return JSON.parse(line)
}

/** Runs every ingest mode on one engine; `location(name)` gives a fresh site location per run. */
async function ingestEngine(ctx, engine, location, clients, updates) {
  const { driver, log } = ctx
  const size = ['--clients', String(clients), '--updates', String(updates)]
  const result = { engine, clients, updates, modes: {} }
  const modes = ['raw', 'record-scan', 'kysely-batched', 'prepared-batched']
  // Warm-up (a fresh cluster's first database, page cache, module load), not counted.
  await driverJson(
    driver,
    [
      'raw-ingest',
      '--site',
      await location(`${engine}_warmup`),
      '--clients',
      '5',
      '--updates',
      String(updates),
    ],
    'warm-up',
  )
  for (const mode of modes) {
    const site = await location(`${engine}_${mode.replace(/-/g, '_')}`)
    const args =
      mode === 'raw'
        ? ['raw-ingest', '--site', site, ...size]
        : ['ingest', '--site', site, ...size, '--mode', mode]
    const r = await driverJson(driver, args, `${engine} ${mode} ingest`)
    result.modes[mode] = r
    log(
      `  ${engine} ${mode.padEnd(16)} ${r.rows.toLocaleString('en-US')} rows in ${(r.ms / 1000).toFixed(2)} s = ${Math.round(r.rowsPerSec).toLocaleString('en-US')} rows/s${r.perClientP50 ? ` (per client p50 ${r.perClientP50.toFixed(0)} ms)` : ''}`,
    )
    if (mode === 'record-scan') {
      const s = await driverJson(
        driver,
        ['summary', '--site', site, '--probe-client', '2'],
        `${engine} summary`,
      )
      result.summary = s
      log(
        `  ${engine} summary: repository ${s.repositoryMs.toFixed(0)} ms, one client ${s.perClientMs.toFixed(0)} ms, collection ${s.perCollectionMs.toFixed(0)} ms; freshness ${s.freshnessMs.toFixed(0)} ms (record ${s.recordMs.toFixed(0)} ms + re-read), reflected ${s.reflected}`,
      )
    }
  }
  const raw = result.modes.raw.rowsPerSec
  for (const mode of modes) result.modes[mode].ratioToRaw = result.modes[mode].rowsPerSec / raw
  return result
}

/** Runs suite 3 on SQLite and (when its binaries exist) PostgreSQL. */
export async function runIngest(ctx) {
  const { dir, sizes, log } = ctx
  const out = {}
  out.sqlite = await ingestEngine(
    ctx,
    'sqlite',
    async (name) => join(dir, `${name}.db`),
    sizes.sqliteClients,
    sizes.updates,
  )
  let pg = null
  try {
    pg = await startBenchPostgres(dir)
  } catch (err) {
    log(`  PostgreSQL skipped: ${err.message}`)
    out.postgres = { skipped: err.message }
  }
  if (pg) {
    try {
      out.postgres = await ingestEngine(
        ctx,
        'postgres',
        async (name) => createDatabase(pg, name),
        sizes.pgClients,
        sizes.updates,
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
