// Extraction for verify: payload files go into a private temp folder next to the target, which is renamed
// into place only when the whole bundle verified. Nothing is written at the target on failure.
import { constants } from 'node:fs'
import { lstat, mkdir, mkdtemp, open, readdir, rename, rm, rmdir, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** A temp folder receiving verified-so-far payload files. */
export class BundleExtraction {
  private readonly made = new Set<string>()

  private constructor(
    readonly target: string,
    readonly temp: string,
  ) {}

  /** Start extracting towards `target`, which must not exist or be an empty folder. */
  static async start(target: string): Promise<BundleExtraction> {
    const st = await lstat(target).catch(() => null)
    if (st && !(st.isDirectory() && (await readdir(target)).length === 0)) {
      throw new Error(`${target} already exists and is not an empty folder; refusing to import over it`)
    }
    await mkdir(dirname(target), { recursive: true, mode: 0o700 })
    const temp = await mkdtemp(join(dirname(target), `.${basename(target)}.partial-`))
    return new BundleExtraction(target, temp)
  }

  /** Create one file (path already checked safe and unique), owner-only; returns its open handle. */
  async create(path: string): Promise<FileHandle> {
    const parts = path.split('/')
    let dir = this.temp
    for (const part of parts.slice(0, -1)) {
      dir = join(dir, part)
      if (this.made.has(dir)) continue
      await mkdir(dir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err
      })
      this.made.add(dir)
    }
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW
    return open(join(this.temp, ...parts), flags, 0o600)
  }

  /** Move the temp folder into place. */
  async commit(): Promise<void> {
    const st = await lstat(this.target).catch(() => null)
    if (st) await rmdir(this.target) // the empty folder checked at start; fails if someone filled it since
    await rename(this.temp, this.target)
  }

  /** Remove the temp folder and everything in it. */
  async abandon(): Promise<void> {
    await rm(this.temp, { recursive: true, force: true })
  }
}
