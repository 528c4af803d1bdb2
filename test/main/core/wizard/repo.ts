// A tiny real Debian archive for the wizard's tests: .deb files built with dpkg-deb, a Packages index from
// dpkg-scanpackages and an unsigned Release, served over HTTP on 127.0.0.1 with Range support.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, normalize } from 'node:path'
import { peerMissing } from '../../../support/peers'

/** A package the archive offers. */
export interface RepoPackage {
  name: string
  version: string
  arch: string
}

/** A running archive. */
export interface DebRepo {
  /** Archive root for a catalog source (suite `bookworm-security`, component main). */
  baseUrl: string
  suite: string
  /** The built .deb of each package: file name, size and SHA-256. */
  debs: Map<string, { file: string; size: number; sha256: string; path: string }>
  /** Every request path served, with its status. */
  requests: Array<{ path: string; status: number }>
  /** Makes one file's downloads answer 500 (a broken mirror) or serve again. */
  breakFile(file: string, broken: boolean): void
  close(): Promise<void>
}

/** Why a repo cannot be built here, or null. */
export function debRepoSkipReason(): string | null {
  const missing = ['dpkg-deb', 'dpkg-scanpackages'].find(
    (tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error,
  )
  return peerMissing(
    'deb repository',
    missing ? `${missing} is not installed (apt-get install dpkg-dev)` : null,
  )
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/** Builds the packages into a temp archive and serves it on 127.0.0.1. */
export async function startDebRepo(packages: RepoPackage[], suite = 'bookworm-security'): Promise<DebRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-wizard-repo-'))
  const root = join(dir, 'debian')
  const pool = join(root, 'pool', 'main')
  mkdirSync(pool, { recursive: true })
  const debs: DebRepo['debs'] = new Map()
  for (const p of packages) {
    const build = join(dir, 'build', `${p.name}_${p.version}`)
    mkdirSync(join(build, 'DEBIAN'), { recursive: true })
    mkdirSync(join(build, 'usr', 'share', 'doc', p.name), { recursive: true })
    writeFileSync(
      join(build, 'DEBIAN', 'control'),
      [
        `Package: ${p.name}`,
        `Version: ${p.version}`,
        `Architecture: ${p.arch}`,
        'Maintainer: Patchbay tests <tests@patchbay.invalid>',
        'Section: misc',
        'Priority: optional',
        `Description: ${p.name} security fix (Patchbay wizard test package)`,
        '',
      ].join('\n'),
    )
    writeFileSync(
      join(build, 'usr', 'share', 'doc', p.name, 'README'),
      `${p.name} ${p.version}\n`.repeat(400),
    )
    const file = `${p.name}_${p.version}_${p.arch}.deb`
    execFileSync('dpkg-deb', ['--build', '--root-owner-group', '-Zgzip', build, join(pool, file)], {
      stdio: 'ignore',
    })
    const bytes = readFileSync(join(pool, file))
    debs.set(p.name, { file, size: bytes.length, sha256: sha256(bytes), path: join(pool, file) })
  }
  const packagesText = execFileSync('dpkg-scanpackages', ['--multiversion', 'pool', '/dev/null'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const index = join(root, 'dists', suite, 'main', 'binary-amd64')
  mkdirSync(index, { recursive: true })
  writeFileSync(join(index, 'Packages'), packagesText)
  const idx = Buffer.from(packagesText)
  writeFileSync(
    join(root, 'dists', suite, 'Release'),
    [
      'Origin: Patchbay tests',
      'Label: Patchbay tests',
      `Suite: ${suite}`,
      `Codename: ${suite}`,
      `Date: ${new Date().toUTCString()}`,
      'Architectures: amd64',
      'Components: main',
      'SHA256:',
      ` ${sha256(idx)} ${idx.length} main/binary-amd64/Packages`,
      '',
    ].join('\n'),
  )
  const requests: DebRepo['requests'] = []
  const broken = new Set<string>()
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
    const done = (status: number) => requests.push({ path, status })
    const file = join(dir, path)
    if (!file.startsWith(root)) {
      res.writeHead(404).end()
      return done(404)
    }
    if (broken.has(path.split('/').pop() ?? '')) {
      res.writeHead(500).end()
      return done(500)
    }
    let st
    try {
      st = statSync(file)
      if (!st.isFile()) throw new Error('not a file')
    } catch {
      res.writeHead(404).end()
      return done(404)
    }
    const body = readFileSync(file)
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    if (range && Number(range[1]) < body.length) {
      const start = Number(range[1])
      res.writeHead(206, {
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'content-length': body.length - start,
      })
      res.end(body.subarray(start))
      return done(206)
    }
    res.writeHead(200, { 'content-length': body.length })
    res.end(body)
    done(200)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    baseUrl: `http://127.0.0.1:${port}/debian`,
    suite,
    debs,
    requests,
    breakFile(file, isBroken) {
      if (isBroken) broken.add(file)
      else broken.delete(file)
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Debian 12 security updates the lab fleet's Debian hosts report as required (name, arch, candidate). */
export const LAB_BOOKWORM_SECURITY: RepoPackage[] = [
  { name: 'curl', arch: 'amd64', version: '7.88.1-10+deb12u6' },
  { name: 'libcurl4', arch: 'amd64', version: '7.88.1-10+deb12u6' },
  { name: 'libssl3', arch: 'amd64', version: '3.0.13-1~deb12u1' },
  { name: 'openssl', arch: 'amd64', version: '3.0.13-1~deb12u1' },
]
