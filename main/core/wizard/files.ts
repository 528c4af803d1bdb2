// The wizard's files on disk: its download sessions (what each fetched into the package source folder, so
// Cancel can remove exactly that), and checks of update files in the folder against the catalog's digest.
import { createReadStream } from 'node:fs'
import { lstat, readdir, rmdir, unlink } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import {
  ContentHasher,
  contentFileName,
  downloadFiles,
  ensureSourceFolder,
  parseDigest,
  type ContentFile,
} from '../../clients/content'
import type { TaskDto } from '../../../shared/dto/task'
import { PatchbayError } from '../../../shared/errors'
import type { TaskRegistry } from '../runtime/task-registry'

/** A wizard run's download state: the folder, whether the wizard made it, and the files it wrote. */
interface Session {
  folder: string
  createdFolder: boolean
  /** Local file names this session created (not present before it). */
  written: Set<string>
  taskIds: string[]
}

/** The state of one update file in the source folder, with its SHA-256 when present. */
export interface FileCheck {
  file: string
  state: 'present' | 'missing' | 'mismatch'
  sha256: string
  size: number
}

/** Download sessions of the wizard (in memory: the wizard's state lives in the console until Finish). */
export class WizardFiles {
  private readonly sessions = new Map<string, Session>()
  private readonly hashes = new Map<string, { key: string; sha256: string; actual: string }>()

  constructor(private readonly tasks: TaskRegistry) {}

  /**
   * Starts a task downloading `files` into `folder` (created 0700 if missing). Files already there with
   * the right digest are skipped; those the task writes are remembered so that `discard` removes them.
   */
  async download(
    folder: string,
    files: ContentFile[],
    sessionId?: string,
  ): Promise<{ sessionId: string; createdFolder: boolean; task: TaskDto | null }> {
    let session = sessionId ? this.sessions.get(sessionId) : undefined
    if (sessionId && !session) throw new PatchbayError('not-found', `No wizard session ${sessionId}`)
    if (session && session.folder !== folder) {
      // The admin changed the folder: what the earlier run fetched goes first.
      await this.discard(sessionId!)
      session = undefined
    }
    let created: boolean
    try {
      created = (await ensureSourceFolder(folder)).created
    } catch (err) {
      throw new PatchbayError('invalid-input', `Cannot use ${folder}: ${(err as Error).message}`, 'folder')
    }
    const id = session ? sessionId! : randomUUID()
    if (!session) {
      session = { folder, createdFolder: created, written: new Set(), taskIds: [] }
      this.sessions.set(id, session)
    }
    const s = session
    for (const t of s.taskIds)
      if (this.tasks.get(t).state === 'running')
        throw new PatchbayError('conflict', 'A download is still running')
    if (files.length === 0) return { sessionId: id, createdFolder: s.createdFolder, task: null }
    const before = new Set(await readdir(folder))
    for (const f of files) {
      const name = contentFileName(f.name)
      if (!before.has(name)) s.written.add(name)
    }
    const task = this.tasks.start(
      'wizard-download',
      `Downloading update files to ${folder}`,
      files.map((f) => ({ name: f.name, bytesTotal: f.size })),
      async (t) => {
        const result = await downloadFiles(files, folder, {
          signal: t.signal,
          onProgress: (p) =>
            t.item(p.name, {
              state: p.state,
              bytesDone: p.bytesDone,
              bytesTotal: p.bytesTotal,
              error: p.error,
            }),
        })
        const failed = result.filter((r) => r.state === 'failed').length
        const skipped = result.filter((r) => r.state === 'skipped').length
        if (failed && !t.signal.aborted)
          throw new Error(`${failed} of ${result.length} files could not be downloaded`)
        return `${result.length - skipped - failed} downloaded, ${skipped} already present`
      },
    )
    s.taskIds.push(task.taskId)
    return { sessionId: id, createdFolder: s.createdFolder, task }
  }

  /** Cancels the session's downloads and removes every file it wrote, and the folder if it made it (and it is empty). */
  async discard(sessionId: string): Promise<{ removedFiles: number; removedFolder: boolean }> {
    const s = this.sessions.get(sessionId)
    if (!s) return { removedFiles: 0, removedFolder: false }
    this.sessions.delete(sessionId)
    for (const t of s.taskIds) {
      this.tasks.cancel(t)
      await this.tasks.wait(t)
    }
    let removedFiles = 0
    for (const name of s.written) {
      for (const file of [name, `${name}.partial`]) {
        try {
          await unlink(join(s.folder, file))
          if (file === name) removedFiles++
        } catch {
          // never written, or already gone
        }
      }
    }
    let removedFolder = false
    if (s.createdFolder) {
      try {
        if ((await readdir(s.folder)).length === 0) {
          await rmdir(s.folder)
          removedFolder = true
        }
      } catch {
        // already gone
      }
    }
    return { removedFiles, removedFolder }
  }

  /** Ends a session whose files were kept (Finish); fails when its download is still running. */
  close(sessionId: string | undefined): void {
    if (!sessionId) return
    const s = this.sessions.get(sessionId)
    if (!s) return
    for (const t of s.taskIds)
      if (this.tasks.get(t).state === 'running')
        throw new PatchbayError('conflict', 'The download is still running; wait for it or cancel it first')
    this.sessions.delete(sessionId)
  }

  /** Cancels every session's work and removes what they fetched (site closing). */
  async discardAll(): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.discard(id)
  }

  /** Checks a catalog file in the folder: missing, present with the catalog's digest, or a mismatch. */
  async check(folder: string, f: ContentFile): Promise<FileCheck> {
    const file = contentFileName(f.name)
    const path = join(folder, file)
    const st = await lstat(path).catch(() => null)
    if (!st?.isFile()) return { file, state: 'missing', sha256: '', size: 0 }
    const expected = parseDigest(f.sha256)
    const key = `${st.size}:${st.mtimeMs}:${expected.algorithm}`
    let h = this.hashes.get(path)
    if (h?.key !== key) {
      const hasher = new ContentHasher(expected)
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
        hasher.update(chunk as Buffer)
      h = { key, ...hasher.digest() }
      this.hashes.set(path, h)
    }
    return {
      file,
      state: h.actual === expected.hex ? 'present' : 'mismatch',
      sha256: h.sha256,
      size: st.size,
    }
  }

  /** Regular files in the folder (for Import), without partial downloads. */
  async listFolder(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
    return entries
      .filter((e) => e.isFile() && !e.name.endsWith('.partial'))
      .map((e) => e.name)
      .sort()
  }

  /** Deletes files from the folder (updates removed from a package); answers how many were removed. */
  async remove(folder: string, files: string[]): Promise<number> {
    let n = 0
    for (const f of files) {
      try {
        await unlink(join(folder, f))
        n++
      } catch {
        // already gone
      }
    }
    return n
  }
}
