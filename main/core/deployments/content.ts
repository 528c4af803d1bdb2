/**
 * Content of a deployment from distribution points: the deployment package's files a client needs
 * are streamed from a point that has the package Installed (SFTP read there, SFTP write on the client) into
 * a temp folder on the client (`~/.patchbay/content/<package>/`), verified there by SHA-256 against
 * package_file, installed from, and the folder is removed afterwards. Without a point the client uses its
 * own (vendor) sources when the deployment allows it; otherwise the host fails with a clear message.
 */
import { posix } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { defaultDpRoot } from '../../../shared/dto/distribution'
import type { DeploymentDto } from '../../../shared/dto/deployment'
import type { ResourceDto } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import { DpSession, remoteFilePath, remoteHashes, removeRemoteFolder } from '../../clients/distribution'
import { psCommandLine, psQuote } from '../../clients/quoting'
import type { SshTarget } from '../../clients/ssh'
import type { InstallContent, IoLog } from './client-io'
import { distributionPointResources, rootPaths } from '../distribution/rows'
import { packageFolder } from '../distribution/sync'
import { createDbHostKeyStore } from '../resources/host-key-db-store'
import { packageFiles } from '../packages/content-rows'
import type { Db, SiteContext } from '../runtime/site-context'

/** Where copied content lives on a client, below the login's home. */
export const CLIENT_CONTENT_DIR = '.patchbay/content'

/** One deployment package's files and the point that has it Installed (null: none has). */
export interface PackageSource {
  packageId: string
  packageName: string
  files: Array<{ path: string; size: number; sha256: string; updateId: string | null }>
  dp: ResourceDto | null
  rootPath: string
}

/** The first distribution point (by name) with the package Installed, or null. */
export async function installedPoint(db: Db, packageId: string): Promise<ResourceDto | null> {
  const rows = await db
    .selectFrom('package_dp_status')
    .select('resource_id')
    .where('package_id', '=', packageId)
    .where('state', '=', 'Installed')
    .execute()
  if (rows.length === 0) return null
  const points = await distributionPointResources(
    db,
    rows.map((r) => Number(r.resource_id)),
  )
  return points[0] ?? null
}

/** The packages among `packageIds` that carry files, each with the point to copy from. */
export async function packageSources(db: Db, packageIds: readonly string[]): Promise<PackageSource[]> {
  const roots = await rootPaths(db)
  const out: PackageSource[] = []
  for (const id of packageIds) {
    const files = await packageFiles(db, id)
    if (files.length === 0) continue
    const pkg = await db.selectFrom('package').select('name').where('id', '=', id).executeTakeFirst()
    const dp = await installedPoint(db, id)
    out.push({
      packageId: id,
      packageName: pkg?.name ?? id,
      files,
      dp,
      rootPath: dp ? (roots.get(dp.id) ?? defaultDpRoot) : '',
    })
  }
  return out
}

/** The point a deployment's steps count against for the per-distribution-point limit (null: none). */
export async function deploymentPoint(db: Db, d: DeploymentDto): Promise<number | null> {
  return (await packageSources(db, d.packageIds)).find((s) => s.dp)?.dp?.id ?? null
}

/** Content copied to one client: what install() takes, and how to remove it again. */
export interface CopiedContent {
  content: InstallContent
  /** Removes the temp folders on the client and closes the sessions (never throws). */
  cleanup(): Promise<void>
}

/** What copying needs from the deployment's client I/O. */
export interface ContentDeps {
  target(resource: ResourceDto): Promise<SshTarget>
}

/** `/C:/Users/x/…` (Windows OpenSSH SFTP) as a Windows path; POSIX paths unchanged. */
function clientPath(p: string, windows: boolean): string {
  if (!windows) return p
  return p.replace(/^\/([A-Za-z]:)/, '$1').replace(/\//g, '\\')
}

/** One package's files as they lie on the client after copying (paths in the client's own form). */
export interface CopiedPackage {
  source: PackageSource
  /** The package's folder on the client. */
  folder: string
  /** Each file's path on the client, in the order of `source.files`. */
  local: string[]
}

/** Packages copied to one client, and how to remove them again. */
export interface CopiedPackages {
  packages: CopiedPackage[]
  /** Removes the folders on the client (unless kept) and closes the sessions (never throws). */
  cleanup(opts?: { keep?: boolean }): Promise<void>
}

/**
 * Copies each package's files from its point (SFTP read there, SFTP write on the client) into
 * `~/<dir>/<package>/` on the client and verifies every file there by SHA-256; the sources must have a point.
 */
export async function copyPackages(
  ctx: SiteContext,
  deps: ContentDeps,
  client: ResourceDto,
  sources: readonly PackageSource[],
  signal: AbortSignal,
  log: IoLog,
  dir = CLIENT_CONTENT_DIR,
): Promise<CopiedPackages> {
  if (client.transport === 'winrm')
    throw new PatchbayError(
      'invalid-input',
      `${client.name}: content from a distribution point needs an OpenSSH (SFTP) connection to the client`,
      'transport',
    )
  const hostKeys = createDbHostKeyStore(ctx)
  const open = async (r: ResourceDto) => DpSession.open(await deps.target(r), { hostKeys, signal })
  const windows = client.platform === 'windows'
  const sessions: DpSession[] = []
  const folders: string[] = []
  let clientSession: DpSession | null = null
  const cleanup = async (opts: { keep?: boolean } = {}) => {
    if (clientSession && !opts.keep) {
      const root = posix.join(clientSession.home, dir)
      for (const folder of folders)
        try {
          if (windows) await clientSession.exec(`rmdir /s /q "${clientPath(folder, true)}"`)
          else await removeRemoteFolder(clientSession, root, folder)
          await log('info', `Removed ${folder} from ${client.name}`)
        } catch (err) {
          await log('info', `Could not remove ${folder}: ${(err as Error).message}`)
        }
    }
    for (const s of sessions) s.close()
  }
  try {
    const cs = await open(client)
    clientSession = cs
    sessions.push(cs)
    const packages: CopiedPackage[] = []
    for (const s of sources) {
      const dp = s.dp
      if (!dp) throw new Error(`no distribution point has package ${s.packageName}`)
      const dpSession = await open(dp)
      sessions.push(dpSession)
      const from = packageFolder(dpSession, s.rootPath, s.packageId)
      const folder = posix.join(cs.home, dir, s.packageId)
      folders.push(folder)
      const dests: string[] = []
      for (const f of s.files) {
        const src = remoteFilePath(from, f.path)
        const dst = remoteFilePath(folder, f.path)
        await cs.mkdirp(posix.dirname(dst))
        await log('command', `Copy ${f.path} (${f.size} bytes) from distribution point ${dp.name} to ${dst}`)
        await pipeline(
          dpSession.sftp.createReadStream(src, { highWaterMark: 256 * 1024 }),
          cs.sftp.createWriteStream(dst, { mode: 0o600 }),
          { signal: AbortSignal.any([signal, dpSession.lost, cs.lost]) },
        )
        dests.push(dst)
      }
      const hashes = windows ? await windowsHashes(cs, dests, signal) : await remoteHashes(cs, dests, signal)
      s.files.forEach((f, i) => {
        const got = hashes.get(dests[i]!)
        if (got !== f.sha256)
          throw new Error(
            `${f.path} arrived on ${client.name} with the wrong hash (expected ${f.sha256.slice(0, 12)}…, got ${got ? `${got.slice(0, 12)}…` : 'no readable file'})`,
          )
      })
      await log(
        'output',
        `${s.files.length} file(s) of ${s.packageName} verified on ${client.name} by sha256sum:\n` +
          s.files.map((f) => `${f.sha256}  ${f.path}`).join('\n'),
      )
      packages.push({
        source: s,
        folder: clientPath(folder, windows),
        local: dests.map((d) => clientPath(d, windows)),
      })
    }
    return { packages, cleanup }
  } catch (err) {
    await cleanup()
    throw err
  }
}

/**
 * Copies the files of `todo` from the packages' points to the client, verifies each there and answers the
 * install content. Packages no point has: vendor source when allowed (logged), else the host fails.
 */
export async function copyContent(
  ctx: SiteContext,
  deps: ContentDeps,
  d: DeploymentDto,
  client: ResourceDto,
  todo: readonly string[],
  signal: AbortSignal,
  log: IoLog,
): Promise<CopiedContent | null> {
  const sources = await packageSources(ctx.db, d.packageIds)
  if (sources.length === 0) {
    if (!d.settings.allowVendorSource)
      throw new PatchbayError(
        'invalid-input',
        'the deployment has no deployment package with content and vendor source is not allowed',
        'allowVendorSource',
      )
    await log('info', "Installing from the client's own sources (the deployment has no package content)")
    return null
  }
  const wanted = sources
    .map((s) => ({ ...s, files: s.files.filter((f) => f.updateId === null || todo.includes(f.updateId)) }))
    .filter((s) => s.files.length > 0)
  for (const s of wanted)
    if (!s.dp) {
      if (!d.settings.allowVendorSource)
        throw new PatchbayError(
          'invalid-input',
          `no distribution point has package ${s.packageName} and vendor source is not allowed`,
          'allowVendorSource',
        )
      await log(
        'info',
        `No distribution point has package ${s.packageName}: installing from the client's own sources (vendor source allowed)`,
      )
    }
  const fromPoints = wanted.filter((s) => s.dp)
  if (fromPoints.length === 0) return null
  const copied = await copyPackages(ctx, deps, client, fromPoints, signal, log)
  const windows = client.platform === 'windows'
  const content: InstallContent = { debFiles: [], windowsFiles: {}, covers: [] }
  for (const p of copied.packages)
    p.source.files.forEach((f, i) => {
      const local = p.local[i]!
      if (windows && f.updateId) {
        ;(content.windowsFiles![f.updateId] ??= []).push(local)
        content.covers!.push(f.updateId)
      }
      if (!windows && f.path.endsWith('.deb')) {
        content.debFiles!.push(local)
        if (f.updateId) content.covers!.push(f.updateId)
      }
    })
  return { content, cleanup: () => copied.cleanup() }
}

/** The OpenSSH command that prints a Windows file's SHA-256 (Get-FileHash); the path is data inside the encoded script. */
export function windowsHashCommand(path: string): string {
  return psCommandLine(`(Get-FileHash -Algorithm SHA256 -LiteralPath ${psQuote(path)}).Hash`)
}

/** SHA-256 of files on a Windows client, by the SFTP path given. */
async function windowsHashes(
  s: DpSession,
  paths: string[],
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const p of paths) {
    const r = await s.exec(windowsHashCommand(clientPath(p, true)), signal)
    const h = r.stdout.trim().toLowerCase()
    if (/^[0-9a-f]{64}$/.test(h)) out.set(p, h)
  }
  return out
}
