import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A throwaway PostgreSQL cluster on 127.0.0.1 started for the test run. */
export interface TestPostgres {
  url: string
  stop(): void
}

/** The newest PostgreSQL server binaries Debian installed, or null. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], 'bin') : null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}

/** Starts a private cluster (initdb + pg_ctl, trust auth, loopback only); root runs it as the postgres user. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPgBin()
  if (!bin)
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)',
    )
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-pg-'))
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  const run = (cmd: string, args: string[]) => {
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
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
    'start',
  ])
  return {
    url: `postgres://patchbay@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** Creates a fresh database in the test cluster and returns its URL. */
export function createTestDatabase(clusterUrl: string, name: string): string {
  const url = new URL(clusterUrl)
  const safe = name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 50)
  execFileSync('psql', [
    '-h',
    url.hostname,
    '-p',
    url.port,
    '-U',
    url.username,
    '-d',
    'postgres',
    '-qc',
    `CREATE DATABASE ${safe}`,
  ])
  url.pathname = `/${safe}`
  return url.toString()
}
