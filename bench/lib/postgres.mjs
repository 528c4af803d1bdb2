// A private PostgreSQL cluster for the benchmark (initdb + pg_ctl as the postgres user, trust auth, 127.0.0.1 only,
// fsync off), the approach of test/support/postgres.ts.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from './sshd.mjs'

function findPgBin() {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], 'bin') : null
}

/** Starts a throwaway cluster under `parent`; returns its URL, port and stop(). */
export async function startBenchPostgres(parent) {
  const bin = findPgBin()
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql')
  const dir = join(parent, 'pg')
  mkdirSync(dir, { recursive: true })
  chmodSync(parent, 0o755)
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  const run = (cmd, args) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]
    const r = spawnSync(file, argv, { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`)
  }
  const port = await freePort()
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'patchbay', '--no-sync', '-E', 'UTF8'])
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c shared_buffers=512MB -c max_wal_size=4GB`,
    'start',
  ])
  let stopped = false
  return {
    url: `postgres://patchbay@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      if (stopped) return
      stopped = true
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'])
    },
  }
}

/** Creates a fresh database in the cluster and returns its URL. */
export function createDatabase(pg, name) {
  const safe = name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 50)
  execFileSync('psql', [
    '-h',
    '127.0.0.1',
    '-p',
    String(pg.port),
    '-U',
    'patchbay',
    '-d',
    'postgres',
    '-qc',
    `CREATE DATABASE ${safe}`,
  ])
  return `postgres://patchbay@127.0.0.1:${pg.port}/${safe}`
}

/** Drops a database createDatabase made (its URL's last path segment). */
export function dropDatabase(pg, url) {
  const name = new URL(url).pathname.slice(1)
  execFileSync('psql', [
    '-h',
    '127.0.0.1',
    '-p',
    String(pg.port),
    '-U',
    'patchbay',
    '-d',
    'postgres',
    '-qc',
    `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
  ])
}
