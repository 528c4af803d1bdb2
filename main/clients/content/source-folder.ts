// The package source folder: created owner-only (0700), since it holds what clients will install.
import { lstat, mkdir } from 'node:fs/promises'

/** Creates `path` (and missing parents) with mode 0700; an existing folder is kept as it is. */
export async function ensureSourceFolder(path: string): Promise<{ created: boolean }> {
  const st = await lstat(path).catch(() => null)
  if (st) {
    if (!st.isDirectory()) throw new Error(`${path} exists and is not a folder`)
    return { created: false }
  }
  await mkdir(path, { recursive: true, mode: 0o700 })
  return { created: true }
}
