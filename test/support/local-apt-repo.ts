import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, normalize } from 'node:path'
import { gzipSync } from 'node:zlib'
import { alive, sharedTmp } from './machine-state'
import { peerMissing } from './peers'

/** The harmless test package the repository serves (it installs one text file). */
export const TEST_PACKAGE = 'patchbay-testpkg'
/** The version tests install first, and the one the repository offers as the upgrade. */
export const OLD_VERSION = '1.0'
export const NEW_VERSION = '1.1'

const SOURCES_DIR = '/etc/apt/sources.list.d'
const LISTS_DIR = '/var/lib/apt/lists'
/** The suite under which the repository also serves its index in the dists layout (for a catalog source). */
export const CATALOG_SUITE = 'patchbay-tests'

/** One process at a time may hold the machine's test package and apt source (tests run in parallel forks). */
const LOCK_DIR = join(sharedTmp(), `${TEST_PACKAGE}.lock`)

/** One built .deb of the test package. */
export interface TestDeb {
  version: string
  /** Absolute path of the .deb on this machine. */
  path: string
  /** Path inside the repository (the Packages `Filename`). */
  filename: string
  size: number
  sha256: string
}

/** A flat apt repository with two versions of the test package, served on 127.0.0.1. */
export interface LocalAptRepo {
  /** Repository root, e.g. http://127.0.0.1:41234/ */
  url: string
  packageName: string
  oldVersion: string
  newVersion: string
  debs: TestDeb[]
  /** The Packages index as served (dpkg-scanpackages output). */
  packagesText: string
  /** The sources.list line for this repository (`deb [trusted=yes] <url> ./`). */
  sourcesLine: string
  /** Where addSource writes that line: a file of its own under /etc/apt/sources.list.d. */
  sourcesFile: string
  /** apt options that scope apt-get/apt-cache to `sourcesFile` only (never run a full update in tests:
   *  the machine's other sources are not on loopback). */
  aptOptions: string[]
  /** Every request served: URL path and HTTP status. */
  requests: Array<{ path: string; status: number }>
  /** Writes the sources file and runs `apt-get update` for that file ONLY (other lists are untouched). */
  addSource(): Promise<void>
  /** Removes the sources file and the package lists apt downloaded for it. */
  removeSource(): Promise<void>
  /** Installs one version of the test package with dpkg (default: the old one). */
  install(version?: string): Promise<void>
  /** Purges the test package if it is installed. */
  purge(): Promise<void>
  /** The installed version of the test package, or null. */
  installedVersion(): Promise<string | null>
  /** `apt-cache policy patchbay-testpkg` output. */
  policy(): Promise<string>
  /** Purges the package, removes the source, stops the server, deletes the files; safe to call twice. */
  close(): Promise<void>
}

/** How privileged commands run here: directly as root, through `sudo -n`, or not at all (null). */
export function rootPrefix(): string[] | null {
  if (process.getuid?.() === 0) return []
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' })
  return sudo.status === 0 ? ['sudo', '-n'] : null
}

/** Why the local apt repository cannot be used here, or null; under CI=true a missing part throws. */
export function localAptRepoSkipReason(): string | null {
  const tools = ['/usr/bin/dpkg-deb', '/usr/bin/dpkg-scanpackages', '/usr/bin/apt-get', '/usr/bin/apt-cache']
  let reason: string | null = null
  if (process.platform !== 'linux') reason = 'needs a Debian-like Linux'
  else {
    const missing = tools.find((t) => !existsSync(t))
    if (missing) reason = `${missing} missing (apt-get install dpkg-dev)`
    else if (!rootPrefix()) reason = 'installing the test package needs root or passwordless sudo'
  }
  return peerMissing('local apt repository', reason)
}

interface RunResult {
  status: number | null
  out: string
}

/** Runs a command without blocking the event loop (the repository's HTTP server lives in this process). */
function run(
  cmd: string,
  args: string[],
  o: { root?: boolean; cwd?: string; input?: string } = {},
): Promise<RunResult> {
  const prefix = o.root ? rootPrefix() : []
  if (!prefix) throw new Error(`${cmd} needs root or passwordless sudo`)
  const argv = [...prefix, cmd, ...args]
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: o.cwd,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, out: out.trim() }))
    // A command that exits without reading stdin closes the pipe first (EPIPE is not a failure).
    child.stdin.on('error', () => {})
    child.stdin.end(o.input ?? '')
  })
}

async function must(cmd: string, args: string[], o: Parameters<typeof run>[2] = {}): Promise<string> {
  const r = await run(cmd, args, o)
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.out}`)
  return r.out
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/** Builds `<name>_<version>_all.deb` in outDir with dpkg-deb: one file, /usr/share/<name>/version. */
export async function buildTestDeb(outDir: string, version: string, name = TEST_PACKAGE): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), `${name}-${version}-`))
  try {
    mkdirSync(join(root, 'DEBIAN'))
    mkdirSync(join(root, 'usr', 'share', name), { recursive: true })
    writeFileSync(join(root, 'usr', 'share', name, 'version'), `${version}\n`)
    writeFileSync(
      join(root, 'DEBIAN', 'control'),
      [
        `Package: ${name}`,
        `Version: ${version}`,
        'Architecture: all',
        'Maintainer: Patchbay tests <tests@patchbay.invalid>',
        'Section: misc',
        'Priority: optional',
        'Installed-Size: 1',
        'Description: Patchbay test package (harmless)',
        " Installed and removed by Patchbay's tests; it holds one text file.",
        '',
      ].join('\n'),
    )
    const deb = join(outDir, `${name}_${version}_all.deb`)
    await must('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, deb])
    return deb
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

async function acquireLock(timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      mkdirSync(LOCK_DIR)
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid))
      return
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    let holder = NaN
    try {
      holder = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'))
    } catch {
      // The holder is between mkdir and writing its pid: wait.
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      rmSync(LOCK_DIR, { recursive: true, force: true })
      continue
    }
    if (Date.now() > deadline) throw new Error(`${LOCK_DIR} held by process ${holder} for too long`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Lists files apt keeps for a repository at http://127.0.0.1:<port>/ (apt escapes ':' as %3a). */
function listsFor(port: number): string[] {
  if (!existsSync(LISTS_DIR)) return []
  const prefixes = [`127.0.0.1:${port}_`, `127.0.0.1%3a${port}_`]
  const files = [LISTS_DIR, join(LISTS_DIR, 'partial')].flatMap((dir) =>
    existsSync(dir) ? readdirSync(dir).map((f) => ({ dir, f })) : [],
  )
  return files.filter(({ f }) => prefixes.some((p) => f.startsWith(p))).map(({ dir, f }) => join(dir, f))
}

/** Removes what a crashed earlier run left behind (its sources files and lists, the package); needs the lock. */
async function removeLeftovers(): Promise<void> {
  const stale = existsSync(SOURCES_DIR)
    ? readdirSync(SOURCES_DIR).filter((f) => /^patchbay-testrepo-\d+\.list$/.test(f))
    : []
  for (const f of stale) {
    const port = Number(/(\d+)/.exec(f)![1])
    for (const file of [join(SOURCES_DIR, f), ...listsFor(port)])
      await must('rm', ['-f', file], { root: true })
  }
  await purgeTestPackage()
}

/** Purges the test package when dpkg knows it in any state, and drops its .debs from apt's cache (so the next run downloads). */
async function purgeTestPackage(): Promise<void> {
  const r = await run('dpkg-query', ['-W', '-f=${Status}', TEST_PACKAGE])
  if (r.status === 0 && !/not-installed/.test(r.out))
    await must('dpkg', ['--purge', TEST_PACKAGE], { root: true })
  const cache = '/var/cache/apt/archives'
  for (const f of existsSync(cache) ? readdirSync(cache) : [])
    if (f.startsWith(`${TEST_PACKAGE}_`)) await must('rm', ['-f', join(cache, f)], { root: true })
}

/**
 * Runs `fn` while no test repository is set up on this machine (the same machine-wide lock), for tests
 * that compare a scan with `apt list --upgradable` and must not see the test package come and go.
 */
export async function withMachineAptState<T>(fn: () => Promise<T>): Promise<T> {
  await acquireLock()
  try {
    return await fn()
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true })
  }
}

/**
 * Builds the test package in versions 1.0 and 1.1, writes a flat repository (dpkg-scanpackages,
 * Packages[.gz] and an unsigned Release) and serves it on 127.0.0.1. Holds a machine-wide lock until
 * close(), because the package and apt source are machine state. Call localAptRepoSkipReason() first.
 */
export async function startLocalAptRepo(): Promise<LocalAptRepo> {
  await acquireLock()
  const root = mkdtempSync(join(tmpdir(), 'patchbay-apt-repo-'))
  let server: Server | null = null
  try {
    await removeLeftovers()
    mkdirSync(join(root, 'pool'))
    const debs: TestDeb[] = []
    for (const version of [OLD_VERSION, NEW_VERSION]) {
      const path = await buildTestDeb(join(root, 'pool'), version)
      const bytes = readFileSync(path)
      debs.push({
        version,
        path,
        filename: `pool/${TEST_PACKAGE}_${version}_all.deb`,
        size: bytes.length,
        sha256: sha256(bytes),
      })
    }
    const packagesText = await new Promise<string>((resolve, reject) => {
      const child = spawn('dpkg-scanpackages', ['--multiversion', 'pool', '/dev/null'], { cwd: root })
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      child.on('error', reject)
      child.on('close', (s) =>
        s === 0 ? resolve(out) : reject(new Error(`dpkg-scanpackages failed: ${err}`)),
      )
    })
    const plain = Buffer.from(packagesText)
    const gz = gzipSync(plain)
    writeFileSync(join(root, 'Packages'), plain)
    writeFileSync(join(root, 'Packages.gz'), gz)
    writeFileSync(
      join(root, 'Release'),
      [
        'Origin: Patchbay tests',
        `Label: ${TEST_PACKAGE}`,
        `Date: ${new Date().toUTCString()}`,
        'SHA256:',
        ` ${sha256(plain)} ${plain.length} Packages`,
        ` ${sha256(gz)} ${gz.length} Packages.gz`,
        '',
      ].join('\n'),
    )
    // The same index in the dists layout too, so a catalog source syncs from this repository (apt reads it flat).
    const dists = join(root, 'dists', CATALOG_SUITE)
    mkdirSync(join(dists, 'main', 'binary-amd64'), { recursive: true })
    writeFileSync(join(dists, 'main', 'binary-amd64', 'Packages'), plain)
    writeFileSync(join(dists, 'main', 'binary-amd64', 'Packages.gz'), gz)
    writeFileSync(
      join(dists, 'Release'),
      [
        'Origin: Patchbay tests',
        `Label: ${TEST_PACKAGE}`,
        `Suite: ${CATALOG_SUITE}`,
        `Codename: ${CATALOG_SUITE}`,
        `Date: ${new Date().toUTCString()}`,
        'Architectures: amd64',
        'Components: main',
        'SHA256:',
        ` ${sha256(plain)} ${plain.length} main/binary-amd64/Packages`,
        ` ${sha256(gz)} ${gz.length} main/binary-amd64/Packages.gz`,
        '',
      ].join('\n'),
    )
    const requests: LocalAptRepo['requests'] = []
    const srv = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      const file = normalize(join(root, path))
      const ok =
        (req.method === 'GET' || req.method === 'HEAD') &&
        file.startsWith(root + '/') &&
        existsSync(file) &&
        !file.endsWith('/')
      requests.push({ path, status: ok ? 200 : 404 })
      if (!ok) return res.writeHead(404).end('not found')
      const body = readFileSync(file)
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length })
      res.end(req.method === 'HEAD' ? undefined : body)
    })
    server = srv
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
    const { port } = srv.address() as AddressInfo
    const url = `http://127.0.0.1:${port}/`
    const sourcesLine = `deb [trusted=yes] ${url} ./`
    const sourcesFile = join(SOURCES_DIR, `patchbay-testrepo-${port}.list`)
    const scoped = [
      '-o',
      `Dir::Etc::sourcelist=${sourcesFile}`,
      '-o',
      'Dir::Etc::sourceparts=-',
      '-o',
      'APT::Get::List-Cleanup=0',
    ]
    const removeSource = async () => {
      for (const f of [sourcesFile, ...listsFor(port)])
        if (existsSync(f)) await must('rm', ['-f', f], { root: true })
    }
    const installedVersion = async () => {
      const r = await run('dpkg-query', ['-W', '-f=${Status} ${Version}', TEST_PACKAGE])
      const m = /^install ok installed (\S+)$/.exec(r.out)
      return r.status === 0 && m ? m[1]! : null
    }
    const purge = purgeTestPackage
    let closed = false
    return {
      url,
      packageName: TEST_PACKAGE,
      oldVersion: OLD_VERSION,
      newVersion: NEW_VERSION,
      debs,
      packagesText,
      sourcesLine,
      sourcesFile,
      aptOptions: scoped,
      requests,
      async addSource() {
        await must('tee', [sourcesFile], { root: true, input: `${sourcesLine}\n` })
        await must('apt-get', ['update', '-q', ...scoped], { root: true })
      },
      removeSource,
      async install(version = OLD_VERSION) {
        const deb = debs.find((d) => d.version === version)
        if (!deb) throw new Error(`no ${TEST_PACKAGE} ${version} in the local repository`)
        await must('dpkg', ['-i', deb.path], { root: true })
      },
      purge,
      installedVersion,
      policy: () => must('apt-cache', ['policy', TEST_PACKAGE]),
      async close() {
        if (closed) return
        closed = true
        const problems: string[] = []
        for (const step of [purge, removeSource]) await step().catch((e: Error) => problems.push(e.message))
        await new Promise<void>((resolve) => {
          srv.closeAllConnections()
          srv.close(() => resolve())
        })
        rmSync(root, { recursive: true, force: true })
        rmSync(LOCK_DIR, { recursive: true, force: true })
        if (problems.length) throw new Error(`local apt repository cleanup: ${problems.join('; ')}`)
      },
    }
  } catch (e) {
    server?.close()
    rmSync(root, { recursive: true, force: true })
    rmSync(LOCK_DIR, { recursive: true, force: true })
    throw e
  }
}
