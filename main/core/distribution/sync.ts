import { join, posix } from 'node:path'
import {
  DpSession,
  remoteFilePath,
  remoteHashes,
  removeRemoteFolder,
  resolveRoot,
  toDistributionError,
  uploadFile,
  type DpFile,
} from '../../clients/distribution'
import type { TaskHandle } from '../runtime/task-registry'

/** A package's content as a point receives it. */
export interface PackageContent {
  id: string
  sourcePath: string
  files: DpFile[]
}

/** What placing a package on a point did. */
export interface SyncResult {
  files: number
  bytes: number
  sent: number
  resumed: Array<{ path: string; from: number }>
  unchanged: number
}

/** `1.5 MB`, `820 KB`, `12 B`: sizes as status messages show them. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`
  if (n >= 1024) return `${Math.round(n / 1024)} KB`
  return `${n} B`
}

/** The task item naming one file on one point. */
export function itemName(dpName: string, path: string): string {
  return `${dpName}: ${path}`
}

/** The package's folder on a point: `<root>/<package ID>`. */
export function packageFolder(session: DpSession, rootPath: string, packageId: string): string {
  return posix.join(resolveRoot(rootPath, session.home), packageId)
}

/**
 * Makes a point hold exactly the package's files: files already there with the right hash are kept, the
 * others are uploaded (resuming a partial upload), verified by `sha256sum` on arrival and renamed into place.
 */
export async function syncPackage(
  session: DpSession,
  pkg: PackageContent,
  rootPath: string,
  dpName: string,
  task: TaskHandle,
): Promise<SyncResult> {
  const folder = packageFolder(session, rootPath, pkg.id)
  const remote = new Map(pkg.files.map((f) => [f.path, remoteFilePath(folder, f.path)]))
  const present = await remoteHashes(session, [...remote.values()], task.signal)
  const result: SyncResult = {
    files: pkg.files.length,
    bytes: pkg.files.reduce((n, f) => n + f.size, 0),
    sent: 0,
    resumed: [],
    unchanged: 0,
  }
  for (const file of pkg.files) {
    const name = itemName(dpName, file.path)
    const target = remote.get(file.path) as string
    if (present.get(target) === file.sha256) {
      result.unchanged++
      task.item(name, {
        state: 'skipped',
        bytesDone: file.size,
        error: 'already on the point, hash verified',
      })
      continue
    }
    task.item(name, { state: 'running', bytesDone: 0, error: '' })
    try {
      const r = await uploadFile(session, join(pkg.sourcePath, file.path), target, file, {
        signal: task.signal,
        onBytes: (bytesDone) => task.item(name, { bytesDone }),
      })
      result.sent += r.sent
      if (r.resumedFrom > 0) result.resumed.push({ path: file.path, from: r.resumedFrom })
      task.item(name, { state: 'done', bytesDone: file.size })
    } catch (err) {
      const e = task.signal.aborted ? err : toDistributionError(err, target)
      task.item(name, { state: 'failed', error: e instanceof Error ? e.message : String(e) })
      throw e
    }
  }
  return result
}

/** The Installed message: what was verified and what had to be sent. */
export function installedMessage(r: SyncResult): string {
  const parts = [`${r.files} file${r.files === 1 ? '' : 's'} verified (${formatBytes(r.bytes)})`]
  parts.push(`sent ${formatBytes(r.sent)}`)
  if (r.resumed.length)
    parts.push(`resumed ${r.resumed.map((x) => `${x.path} at ${formatBytes(x.from)}`).join(', ')}`)
  if (r.unchanged) parts.push(`${r.unchanged} already there`)
  return parts.join('; ')
}

/** Removes a package's folder from a point. */
export async function removePackage(
  session: DpSession,
  packageId: string,
  rootPath: string,
  signal: AbortSignal,
): Promise<string> {
  const root = resolveRoot(rootPath, session.home)
  const folder = posix.join(root, packageId)
  await removeRemoteFolder(session, root, folder, signal)
  return folder
}
