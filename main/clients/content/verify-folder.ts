// "Verify package": re-hash a source folder against the recorded files and name every difference.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** A file a folder is expected to hold (path relative, '/'-separated). */
export interface ExpectedFile {
  path: string
  size: number
  sha256: string
}

/** One difference between a folder and its recorded files. */
export interface FolderProblem {
  path: string
  problem: string
}

/** SHA-256 (hex) of a file, streamed. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function walk(root: string, rel = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...(await walk(root, path)))
    else out.push(path)
  }
  return out
}

/** Compares `dir` with `expected`: missing, changed (size or SHA-256), not a regular file, and extra files. */
export async function verifyFolder(dir: string, expected: ExpectedFile[]): Promise<FolderProblem[]> {
  const st = await lstat(dir).catch(() => null)
  if (!st?.isDirectory()) return [{ path: dir, problem: 'the source folder does not exist' }]
  const problems: FolderProblem[] = []
  const listed = new Set<string>()
  for (const f of expected) {
    listed.add(f.path)
    const path = join(dir, ...f.path.split('/'))
    const fst = await lstat(path).catch(() => null)
    if (!fst) problems.push({ path: f.path, problem: 'missing' })
    else if (!fst.isFile()) problems.push({ path: f.path, problem: 'not a regular file' })
    else if (fst.size !== f.size)
      problems.push({ path: f.path, problem: `changed: ${fst.size} bytes, expected ${f.size}` })
    else {
      const actual = await sha256File(path)
      if (actual !== f.sha256)
        problems.push({ path: f.path, problem: `changed: SHA-256 ${actual}, expected ${f.sha256}` })
    }
  }
  for (const path of (await walk(dir)).sort())
    if (!listed.has(path)) problems.push({ path, problem: 'extra file, not part of the package' })
  return problems
}
