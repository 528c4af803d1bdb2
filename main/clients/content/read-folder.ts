// A package source folder read as content: every regular file below it, its size and SHA-256, with paths
// that are safe on every client platform. Links and special files are refused, never followed.
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { bundlePathProblem, pathConflicts } from '../bundle/bundle-paths'
import { sha256File, type ExpectedFile } from './verify-folder'

/** Most files one source folder may hold (a package is copied file by file to every client). */
export const MAX_SOURCE_FILES = 10_000

/** Why a source folder cannot be package content. */
export class SourceFolderError extends Error {}

/**
 * Every regular file below `dir` with its size and SHA-256 (paths '/'-separated, sorted). Refuses a missing
 * folder, links, devices, names unsafe on a client platform and more than MAX_SOURCE_FILES files, naming each.
 */
export async function readSourceFolder(dir: string, signal?: AbortSignal): Promise<ExpectedFile[]> {
  const st = await lstat(dir).catch(() => null)
  if (!st) throw new SourceFolderError(`Source folder ${dir} does not exist`)
  if (!st.isDirectory()) throw new SourceFolderError(`Source folder ${dir} is not a folder`)
  const paths: string[] = []
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true })
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = rel ? `${rel}/${e.name}` : e.name
      const problem = bundlePathProblem(path)
      if (problem)
        throw new SourceFolderError(`${dir}: ${JSON.stringify(path)} cannot be copied to clients: ${problem}`)
      if (e.isDirectory()) await walk(path)
      else if (e.isFile()) {
        paths.push(path)
        if (paths.length > MAX_SOURCE_FILES)
          throw new SourceFolderError(`${dir} holds more than ${MAX_SOURCE_FILES} files; split the package`)
      } else
        throw new SourceFolderError(
          `${dir}: ${path} is ${e.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; copy the file itself into the folder`,
        )
    }
  }
  await walk('')
  const conflict = pathConflicts(paths)[0]
  if (conflict) throw new SourceFolderError(`${dir}: ${conflict[0]} ${conflict[1]}`)
  const out: ExpectedFile[] = []
  for (const path of paths) {
    const full = join(dir, ...path.split('/'))
    const [fst, sha256] = await Promise.all([lstat(full), sha256File(full, signal)])
    out.push({ path, size: fst.size, sha256 })
  }
  return out
}
