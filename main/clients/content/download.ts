// Resumable, verified downloads of update content. Partial data is kept as `<name>.partial` and resumed
// with an HTTP Range request (also across calls, e.g. after a cancel); a finished file is checked against
// the catalog's digest and refused on a mismatch (the bad data is deleted). A file already present with the
// right digest is skipped.
import { constants, createReadStream } from 'node:fs'
import { lstat, mkdir, open, rename, stat, truncate, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { contentFileName } from './content-names'
import { ContentHasher, describeDigest, parseDigest, type Digest } from './digest'

/** A downloadable file of an update, as the catalog lists it (sha256 may also be a SHA-1 / base64 digest; see parseDigest). */
export interface ContentFile {
  updateId: string
  name: string
  url: string
  size: number
  sha256: string
}

/** Progress and outcome of one file. */
export interface FileProgress {
  updateId: string
  name: string
  state: 'queued' | 'running' | 'done' | 'failed' | 'skipped'
  bytesDone: number
  bytesTotal: number
  error: string
  /** The local file name in the folder (':' and other reserved characters percent-encoded). */
  file?: string
  /** SHA-256 (hex) of the file once done or skipped. */
  sha256?: string
}

/** Options of `downloadFiles`. */
export interface DownloadOptions {
  signal?: AbortSignal
  /** Files fetched at once (default 4). */
  concurrency?: number
  onProgress?: (p: FileProgress) => void
  /** Tries per file; each retry resumes where the last stopped (default 4). */
  attempts?: number
}

/** A failure that retrying cannot fix (HTTP error status, oversize body). */
class Permanent extends Error {}

/** Downloads `files` into `dir` (created 0700 when missing), resuming partial data and verifying each file. */
export async function downloadFiles(
  files: ContentFile[],
  dir: string,
  opts: DownloadOptions = {},
): Promise<FileProgress[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const progress: FileProgress[] = files.map((f) => ({
    updateId: f.updateId,
    name: f.name,
    state: 'queued',
    bytesDone: 0,
    bytesTotal: f.size,
    error: '',
  }))
  const seen = new Map<string, ContentFile>()
  let next = 0
  const worker = async () => {
    while (next < files.length) {
      const i = next++
      const f = files[i]!
      const p = progress[i]!
      const emit = () => opts.onProgress?.({ ...p })
      try {
        opts.signal?.throwIfAborted()
        p.file = contentFileName(f.name)
        const prior = seen.get(p.file)
        if (prior && parseDigest(prior.sha256).hex !== parseDigest(f.sha256).hex)
          throw new Error(`${f.name} has the same file name as another file with different content`)
        seen.set(p.file, f)
        p.state = 'running'
        emit()
        p.sha256 = await fetchOne(f, join(dir, p.file), p, opts, emit)
        p.bytesDone = f.size || p.bytesDone
        emit()
      } catch (err) {
        p.state = 'failed'
        p.error = opts.signal?.aborted ? 'Cancelled' : (err as Error).message
        emit()
      }
    }
  }
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, files.length)) }, worker),
  )
  return progress
}

async function hashFile(path: string, expected: Digest, signal?: AbortSignal) {
  const h = new ContentHasher(expected)
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }))
    h.update(chunk as Buffer)
  return h.digest()
}

/** Fetches one file to `target`; answers its SHA-256 and sets p.state to 'done' or 'skipped'. */
async function fetchOne(
  f: ContentFile,
  target: string,
  p: FileProgress,
  opts: DownloadOptions,
  emit: () => void,
): Promise<string> {
  const expected = parseDigest(f.sha256)
  const present = await lstat(target).catch(() => null)
  if (present?.isFile() && (present.size === f.size || f.size === 0)) {
    const h = await hashFile(target, expected, opts.signal)
    if (h.actual === expected.hex) {
      p.state = 'skipped'
      p.error = 'already present'
      return h.sha256
    }
  }
  const partial = target + '.partial'
  const attempts = opts.attempts ?? 4
  for (let attempt = 1; ; attempt++) {
    try {
      await transfer(f, partial, opts.signal, (bytes) => {
        p.bytesDone = bytes
        emit()
      })
      break
    } catch (err) {
      if (opts.signal?.aborted || err instanceof Permanent || attempt >= attempts) throw err
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
  const h = await hashFile(partial, expected, opts.signal)
  if (h.actual !== expected.hex) {
    await unlink(partial).catch(() => undefined)
    throw new Error(
      `${f.name} does not match the catalog: expected ${describeDigest(expected)}, got ${describeDigest({ algorithm: expected.algorithm, hex: h.actual })}; the file was deleted`,
    )
  }
  await rename(partial, target)
  p.state = 'done'
  return h.sha256
}

/** One HTTP request, appending to the partial file from where it ends (Range) or starting over. */
async function transfer(
  f: ContentFile,
  partial: string,
  signal: AbortSignal | undefined,
  onBytes: (bytes: number) => void,
): Promise<void> {
  // size 0 = unknown (some Windows metadata lists only a digest): no size checks, the digest decides.
  const known = f.size > 0
  let have = (await stat(partial).catch(() => null))?.size ?? 0
  if (known && have > f.size) {
    await truncate(partial, 0)
    have = 0
  }
  if (known && have === f.size) return
  const url = new URL(f.url)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Permanent(`${f.url}: only http and https downloads are supported`)
  const res = await fetch(url, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, signal })
  let start = 0
  if (res.status === 206 && have > 0) {
    const range = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')
    if (!range || Number(range[1]) !== have) {
      await res.body?.cancel()
      await truncate(partial, 0)
      throw new Error(`${f.url}: the server answered a different range than asked; starting over`)
    }
    start = have
  } else if (res.status === 416) {
    await res.body?.cancel()
    await truncate(partial, 0)
    throw new Error(`${f.url}: the server refused to resume (416); starting over`)
  } else if (res.status !== 200) {
    await res.body?.cancel()
    throw new Permanent(`${f.url}: HTTP ${res.status} ${res.statusText}`)
  }
  const flags = constants.O_WRONLY | constants.O_CREAT | (start > 0 ? constants.O_APPEND : constants.O_TRUNC)
  const fh = await open(partial, flags, 0o600)
  let written = start
  let discard = false
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        written += chunk.length
        if (known && written > f.size) {
          discard = true
          throw new Permanent(`${f.url}: the server sent more than the ${f.size} bytes the catalog lists`)
        }
        await fh.write(chunk)
        onBytes(written)
      }
    }
  } finally {
    await fh.close()
    if (discard) await unlink(partial).catch(() => undefined)
  }
  if (known && written < f.size)
    throw new Error(`${f.url}: the transfer ended at ${written} of ${f.size} bytes`)
}
