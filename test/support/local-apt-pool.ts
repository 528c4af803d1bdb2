// Real Debian packages for content tests: the smallest upgradable packages of this machine whose candidate
// is in the served suite, fetched once with `apt-get download` (apt's own configured sources) into a stable
// cache under the temp folder, and served at their pool/ Filename paths on 127.0.0.1 next to the real
// Packages index of local-apt-mirror.ts. A catalog source synced from `baseUrl` then lists update files on
// 127.0.0.1 with apt's own SHA256.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { parsePackages } from '../../main/clients/catalog/apt-packages'
import {
  localMirrorSkipReason,
  startLocalAptMirror,
  type LocalAptMirror,
  type LocalSuite,
} from './local-apt-mirror'
import { sharedTmp } from './machine-state'
import { peerMissing } from './peers'

/** One real package served by the pool. */
export interface PoolPackage {
  package: string
  version: string
  architecture: string
  /** The pool path from the index, e.g. pool/updates/main/o/openssl/libssl3_3.0.15-1~deb12u1_amd64.deb. */
  filename: string
  size: number
  /** SHA256 from apt's own Packages index. */
  sha256: string
  /** The cached .deb on disk. */
  file: string
}

/** A mirror of this machine's apt lists plus real .deb files at their pool paths, on 127.0.0.1. */
export interface LocalAptPool {
  /** Archive root for a catalog source, e.g. http://127.0.0.1:41234/debian-security. */
  baseUrl: string
  suite: LocalSuite
  mirror: LocalAptMirror
  packages: PoolPackage[]
  /** Paths requested under pool/, with the Range header if any. */
  poolRequests: Array<{ path: string; range: string }>
  close(): Promise<void>
}

/** Where downloaded .deb files are kept between runs. */
export const POOL_CACHE = join(sharedTmp(), 'patchbay-apt-pool-cache')

/** Why a pool cannot be built here, or null; under CI=true every missing piece throws. */
export function localAptPoolSkipReason(suite: LocalSuite): string | null {
  const mirror = localMirrorSkipReason(suite)
  if (mirror) return mirror
  const apt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' })
  if (apt.status === 0) return null
  return peerMissing(`local apt pool for ${suite}`, 'apt-get is not available')
}

/** Upgradable packages of this machine: name → candidate version (from `apt list --upgradable`). */
export function upgradablePackages(): Map<string, string> {
  const out = execFileSync('apt', ['list', '--upgradable'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 26,
  })
  const found = new Map<string, string>()
  for (const line of out.split('\n')) {
    const m = /^([^/\s]+)\/\S+ (\S+) (\S+) \[upgradable from/.exec(line)
    if (m) found.set(`${m[1]}:${m[3]}`, m[2]!)
  }
  return found
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/** Fetches (or takes from the cache) one package version with apt-get download; checks it against the index. */
function fetchDeb(p: Omit<PoolPackage, 'file'>): string {
  const name = p.filename.split('/').pop()!
  const cached = join(POOL_CACHE, name)
  if (existsSync(cached) && sha256(readFileSync(cached)) === p.sha256) return cached
  const work = join(POOL_CACHE, `.download-${process.pid}`)
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  const r = spawnSync(
    'apt-get',
    ['download', '-q', `${p.package}${p.architecture === 'all' ? '' : ':' + p.architecture}=${p.version}`],
    {
      cwd: work,
      encoding: 'utf8',
      timeout: 120_000,
    },
  )
  const got = readdirSync(work).filter((f) => f.endsWith('.deb'))
  if (r.status !== 0 || got.length !== 1)
    throw new Error(
      `apt-get download ${p.package}=${p.version} failed: ${r.stderr || r.error?.message || ''}`,
    )
  const data = readFileSync(join(work, got[0]!))
  if (sha256(data) !== p.sha256)
    throw new Error(
      `apt-get download ${p.package}=${p.version} gave a file whose SHA256 differs from apt's index`,
    )
  renameSync(join(work, got[0]!), cached)
  rmSync(work, { recursive: true, force: true })
  return cached
}

/** Picks the `count` smallest upgradable packages whose candidate is in `suite`'s index (else its smallest packages), fetches and serves them. */
export async function startLocalAptPool(o: { suite: LocalSuite; count?: number }): Promise<LocalAptPool> {
  const count = o.count ?? 3
  const mirror = await startLocalAptMirror({ suite: o.suite })
  try {
    const upgradable = upgradablePackages()
    const all = parsePackages(mirror.packagesText).sort(
      (a, b) => a.size - b.size || a.package.localeCompare(b.package),
    )
    const smallest = (list: typeof all) => {
      const seen = new Set<string>()
      return list.filter((p) => !seen.has(p.package) && seen.add(p.package)).slice(0, count)
    }
    let picked = smallest(
      all.filter((p) => {
        const v = upgradable.get(`${p.package}:${p.architecture}`)
        return v !== undefined && v === p.version
      }),
    )
    if (picked.length < count) {
      // A machine with every security update installed has nothing upgradable there: the suite's smallest
      // real packages exercise the same download, hash and bundle paths.
      console.warn(
        `[local-apt-pool] only ${picked.length} upgradable packages have their candidate in ${o.suite}; using its ${count} smallest packages`,
      )
      picked = smallest(all)
    }
    mkdirSync(POOL_CACHE, { recursive: true })
    const packages: PoolPackage[] = picked.map((p) => {
      const entry = {
        package: p.package,
        version: p.version,
        architecture: p.architecture,
        filename: p.filename,
        size: p.size,
        sha256: p.sha256,
      }
      return { ...entry, file: fetchDeb(entry) }
    })
    const archive = new URL(mirror.baseUrl).pathname // e.g. /debian-security
    const byPath = new Map(packages.map((p) => [`${archive}/${p.filename}`, p]))
    const poolRequests: LocalAptPool['poolRequests'] = []
    const server: Server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      const served = byPath.get(path)
      if (served) {
        const range = req.headers.range ?? ''
        poolRequests.push({ path, range })
        const body = readFileSync(served.file)
        const m = /^bytes=(\d+)-$/.exec(range)
        const start = m ? Math.min(Number(m[1]), body.length) : 0
        res.writeHead(m ? 206 : 200, {
          'content-length': body.length - start,
          ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
        })
        return res.end(body.subarray(start))
      }
      // Everything else (dists/…) comes from the mirror of this machine's apt lists.
      void fetch(new URL(path, mirror.baseUrl)).then(
        async (r) => {
          const body = Buffer.from(await r.arrayBuffer())
          res.writeHead(r.status, { 'content-length': body.length }).end(body)
        },
        () => res.writeHead(502).end(),
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    return {
      baseUrl: `http://127.0.0.1:${port}${archive}`,
      suite: o.suite,
      mirror,
      packages,
      poolRequests,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await mirror.close()
      },
    }
  } catch (err) {
    await mirror.close()
    throw err
  }
}
