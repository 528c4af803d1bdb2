import { posix } from 'node:path'

/** The absolute folder a root path names: `~/x` and relative paths are under the login's home. */
export function resolveRoot(rootPath: string, home: string): string {
  const p = rootPath.trim()
  if (p === '~') return home
  if (p.startsWith('~/')) return posix.join(home, p.slice(2))
  return posix.isAbsolute(p) ? posix.normalize(p) : posix.join(home, p)
}

/** A package file's remote path under the package folder; refuses paths that would leave it. */
export function remoteFilePath(packageDir: string, relPath: string): string {
  const joined = posix.join(packageDir, relPath)
  if (!joined.startsWith(`${packageDir}/`)) throw new Error(`file path leaves the package folder: ${relPath}`)
  return joined
}
