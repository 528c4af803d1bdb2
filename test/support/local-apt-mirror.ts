import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, normalize } from 'node:path'
import { gzipSync } from 'node:zlib'
import { stripClearsign } from '../../main/clients/catalog/apt-release'
import { peerMissing } from './peers'

const LISTS = '/var/lib/apt/lists'
const APT_HELPER = '/usr/lib/apt/apt-helper'

/** Suites whose lists a Debian 12 machine has after `apt-get update`. */
export type LocalSuite = 'bookworm' | 'bookworm-updates' | 'bookworm-security'

/** Options for `startLocalAptMirror`. */
export interface LocalAptMirrorOptions {
  suite: LocalSuite
  component?: string
  arch?: string
  listsDir?: string
}

/** A real Debian archive layout (from this machine's apt lists) served over HTTP on 127.0.0.1. */
export interface LocalAptMirror {
  /** Archive root, e.g. http://127.0.0.1:41234/debian-security. */
  baseUrl: string
  suite: LocalSuite
  /** Release path of the index, e.g. main/binary-amd64/Packages. */
  indexPath: string
  /** The uncompressed Packages text apt holds for this suite. */
  packagesText: string
  /** SHA-256 (hex) of those Packages bytes, as the served Release lists them. */
  packagesSha256: string
  /** The original (clearsigned) InRelease text. */
  inRelease: string
  /** Every request served: URL path and HTTP status. */
  requests: Array<{ path: string; status: number }>
  /** Serves different index bytes (plain and by-hash) without touching the Release: a corrupt mirror. */
  tamperIndex(data: string | Buffer): void
  /** Publishes a new index consistently: Packages (or only Packages.gz) plus an unsigned Release listing it. */
  publishIndex(text: string, opts?: { gzipOnly?: boolean }): void
  /** Replaces the Release with this unsigned text (InRelease is removed). */
  setRelease(text: string): void
  /** The Release body currently served, unsigned. */
  releaseText(): string
  close(): Promise<void>
}

function listFiles(o: LocalAptMirrorOptions) {
  const dir = o.listsDir ?? LISTS
  const archive = o.suite === 'bookworm-security' ? 'debian-security' : 'debian'
  const prefix = join(dir, `deb.debian.org_${archive}_dists_${o.suite}`)
  const inRelease = `${prefix}_InRelease`
  const stem = `${prefix}_${o.component ?? 'main'}_binary-${o.arch ?? 'amd64'}_Packages`
  const packages = ['', '.lz4', '.xz', '.gz', '.zst'].map((e) => stem + e).find((f) => existsSync(f))
  return { archive, inRelease, packages, stem }
}

/** Why a local mirror for `suite` cannot be built here, or null; under CI=true a missing list throws. */
export function localMirrorSkipReason(suite: LocalSuite, listsDir?: string): string | null {
  const f = listFiles({ suite, listsDir })
  let reason: string | null = null
  if (!existsSync(APT_HELPER)) reason = `${APT_HELPER} missing (not a Debian machine)`
  else if (!existsSync(f.inRelease)) reason = `${f.inRelease} missing (run apt-get update)`
  else if (!f.packages) reason = `${f.stem}[.lz4|.xz|.gz] missing (run apt-get update)`
  return peerMissing(`local apt mirror for ${suite}`, reason)
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/** Rewrites (or adds) SHA256 entries of a Release body for the given path → bytes. */
export function rewriteReleaseHashes(body: string, files: Record<string, Buffer | null>): string {
  const lines = body.split('\n')
  const start = lines.indexOf('SHA256:')
  if (start < 0) throw new Error('Release has no SHA256 section')
  let end = start + 1
  while (end < lines.length && /^\s/.test(lines[end]!)) end++
  const kept = lines.slice(start + 1, end).filter((l) => !(l.trim().split(/\s+/)[2]! in files))
  const added = Object.entries(files)
    .filter((e): e is [string, Buffer] => e[1] !== null)
    .map(([p, b]) => ` ${sha256(b)} ${String(b.length).padStart(8)} ${p}`)
  return [...lines.slice(0, start + 1), ...kept, ...added, ...lines.slice(end)].join('\n')
}

/** Builds the archive in a temp dir from /var/lib/apt/lists and serves it on 127.0.0.1:0. */
export async function startLocalAptMirror(o: LocalAptMirrorOptions): Promise<LocalAptMirror> {
  const f = listFiles(o)
  if (!f.packages) throw new Error(`no Packages list for ${o.suite} under ${o.listsDir ?? LISTS}`)
  const cat = spawnSync(APT_HELPER, ['cat-file', f.packages], { maxBuffer: 1 << 30 })
  if (cat.status !== 0) throw new Error(`apt-helper cat-file ${f.packages} failed: ${cat.stderr}`)
  const packages = cat.stdout as Buffer
  const inRelease = readFileSync(f.inRelease, 'utf8')
  const root = mkdtempSync(join(tmpdir(), 'patchbay-apt-mirror-'))
  const dists = join(root, f.archive, 'dists', o.suite)
  const indexPath = `${o.component ?? 'main'}/binary-${o.arch ?? 'amd64'}/Packages`
  const byHash = (hash: string) => join(dists, dirname(indexPath), 'by-hash', 'SHA256', hash)
  const put = (file: string, data: Buffer | string | null) => {
    if (data === null) return rmSync(file, { force: true })
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, data)
  }
  put(join(dists, 'InRelease'), inRelease)
  put(join(dists, indexPath), packages)
  put(byHash(sha256(packages)), packages)
  const requests: LocalAptMirror['requests'] = []
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = normalize(join(root, path))
    const ok = req.method === 'GET' && file.startsWith(root + '/') && existsSync(file)
    requests.push({ path, status: ok ? 200 : 404 })
    if (!ok) return res.writeHead(404).end('not found')
    const body = readFileSync(file)
    res
      .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length })
      .end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let release = stripClearsign(inRelease, 'InRelease').body
  const setRelease = (text: string) => {
    release = text
    put(join(dists, 'InRelease'), null)
    put(join(dists, 'Release'), text)
  }
  return {
    baseUrl: `http://127.0.0.1:${port}/${f.archive}`,
    suite: o.suite,
    indexPath,
    packagesText: packages.toString('utf8'),
    packagesSha256: sha256(packages),
    inRelease,
    requests,
    tamperIndex(data) {
      put(join(dists, indexPath), data)
      put(byHash(sha256(packages)), data)
    },
    publishIndex(text, opts = {}) {
      const plain = Buffer.from(text)
      const gz = gzipSync(plain)
      put(join(dists, indexPath), opts.gzipOnly ? null : plain)
      put(join(dists, `${indexPath}.gz`), gz)
      if (!opts.gzipOnly) put(byHash(sha256(plain)), plain)
      put(byHash(sha256(gz)), gz)
      setRelease(
        rewriteReleaseHashes(release, {
          [indexPath]: plain,
          [`${indexPath}.gz`]: gz,
          [`${indexPath}.xz`]: null,
        }),
      )
    },
    setRelease,
    releaseText: () => release,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      rmSync(root, { recursive: true, force: true })
    },
  }
}
