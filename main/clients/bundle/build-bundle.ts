// Build a signed bundle: one streaming pass over the payload, constant memory.
//
// manifest.json and manifest.sig must come first in the tar, yet they hold every file's SHA-256. Rather
// than hash every file in a first pass and copy it in a second (two reads, two hashes, and a window in
// which a file can change between the passes), the builder reserves the manifest's exact byte length: a
// SHA-256 is always 64 hex digits and an Ed25519 signature always 88 base64 characters, so a manifest
// serialized with placeholder digests has the same length as the final one. Files are then read once,
// hashed and written in the same pass, and the real manifest and signature are written over the
// placeholders before the atomic rename. The digest is of exactly the bytes written, so a file changing
// while it is read cannot produce a bundle that fails to verify; a size change is still refused.
import { createHash, type KeyObject } from 'node:crypto'
import { constants } from 'node:fs'
import { lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises'
import { dirname, isAbsolute } from 'node:path'
import { bundlePathProblem, pathConflicts } from './bundle-paths'
import {
  BUNDLE_FORMAT,
  bundleManifestSchema,
  FILES_PREFIX,
  MANIFEST_NAME,
  serializeManifest,
  SIGNATURE_NAME,
  type BundleFile,
  type BundleManifest,
  type BundleManifestInput,
} from './manifest'
import { fingerprintOf, rawPublicKey, signBytes } from './signing-keys'
import { encodeFileHeader, END_OF_ARCHIVE, padding } from './tar-format'

/** A file to put in the bundle: where it goes (bundle-relative) and where it is now (absolute). */
export interface BundleSourceFile {
  path: string
  source: string
  updateId?: string
}

/** What `buildBundle` needs. */
export interface BuildBundleOptions {
  out: string
  manifest: BundleManifestInput
  files: BundleSourceFile[]
  signingKey: KeyObject
  onProgress?: (bytesDone: number, bytesTotal: number, file: string) => void
  /** Read size per chunk (default 1 MiB). */
  chunkSize?: number
}

/** What `buildBundle` made. */
export interface BuildBundleResult {
  out: string
  manifest: BundleManifest
  fingerprint: string
  bundleBytes: number
  payloadBytes: number
}

const PLACEHOLDER_SHA = '0'.repeat(64)
const SIGNATURE_LENGTH = 88 // base64 of 64 bytes

/** Build a signed bundle at `out` (via `out.partial` and an atomic rename; nothing is left at `out` on failure). */
export async function buildBundle(opts: BuildBundleOptions): Promise<BuildBundleResult> {
  const sizes = await checkSources(opts.files)
  const draft: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: opts.manifest.createdAt ?? new Date().toISOString(),
    createdBy: opts.manifest.createdBy,
    signingKey: {
      algorithm: 'ed25519',
      fingerprint: fingerprintOf(opts.signingKey),
      publicKey: rawPublicKey(opts.signingKey).toString('base64'),
    },
    package: opts.manifest.package,
    programs: opts.manifest.programs,
    updates: opts.manifest.updates,
    files: opts.files.map((f, i): BundleFile => {
      const entry: BundleFile = { path: f.path, size: sizes[i] ?? 0, sha256: PLACEHOLDER_SHA }
      if (f.updateId !== undefined) entry.updateId = f.updateId
      return entry
    }),
  }
  const checked = bundleManifestSchema.safeParse(draft)
  if (!checked.success) {
    const issues = checked.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`Bundle manifest is not valid:\n  ${issues.join('\n  ')}`)
  }
  const placeholder = serializeManifest(draft)
  const mtime = new Date(draft.createdAt)
  const partial = opts.out + '.partial'
  await unlink(partial).catch(() => undefined) // a stale one from a crash; O_EXCL below guards the race
  const fh = await open(partial, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644)
  try {
    const w = new PositionWriter(fh)
    await w.write(encodeFileHeader({ name: MANIFEST_NAME, size: placeholder.length, mtime }))
    const manifestAt = w.position
    await w.write(Buffer.concat([placeholder, padding(placeholder.length)]))
    await w.write(encodeFileHeader({ name: SIGNATURE_NAME, size: SIGNATURE_LENGTH, mtime }))
    const signatureAt = w.position
    await w.write(Buffer.concat([Buffer.alloc(SIGNATURE_LENGTH, 0x20), padding(SIGNATURE_LENGTH)]))

    const total = sizes.reduce((a, b) => a + b, 0)
    let done = 0
    const buffers = [
      Buffer.allocUnsafe(opts.chunkSize ?? 1 << 20),
      Buffer.allocUnsafe(opts.chunkSize ?? 1 << 20),
    ]
    for (const [i, file] of opts.files.entries()) {
      const entry = draft.files[i]!
      await w.write(encodeFileHeader({ name: FILES_PREFIX + file.path, size: entry.size, mtime }))
      entry.sha256 = await copyHashed(file.source, entry.size, w, buffers, (n) => {
        done += n
        opts.onProgress?.(done, total, file.path)
      })
      await w.write(padding(entry.size))
    }
    await w.write(END_OF_ARCHIVE)

    const finalBytes = serializeManifest(draft)
    if (finalBytes.length !== placeholder.length)
      throw new Error('internal: manifest length changed after hashing')
    const signature = Buffer.from(signBytes(finalBytes, opts.signingKey).toString('base64'))
    if (signature.length !== SIGNATURE_LENGTH) throw new Error('internal: unexpected signature length')
    await fh.write(finalBytes, 0, finalBytes.length, manifestAt)
    await fh.write(signature, 0, signature.length, signatureAt)
    await fh.sync()
    await fh.close()
    await rename(partial, opts.out)
    await syncDir(dirname(opts.out))
    return {
      out: opts.out,
      manifest: draft,
      fingerprint: draft.signingKey.fingerprint,
      bundleBytes: w.position,
      payloadBytes: total,
    }
  } catch (err) {
    await fh.close().catch(() => undefined)
    await unlink(partial).catch(() => undefined)
    throw err
  }
}

/** Sizes of the sources, after refusing bad bundle paths, non-absolute sources and anything not a regular file. */
async function checkSources(files: BundleSourceFile[]): Promise<number[]> {
  const problems: string[] = []
  for (const f of files) {
    const problem = bundlePathProblem(f.path)
    if (problem) problems.push(`${JSON.stringify(f.path)}: ${problem}`)
    if (!isAbsolute(f.source)) problems.push(`${f.source}: source must be an absolute path`)
  }
  for (const [path, message] of pathConflicts(files.map((f) => f.path))) problems.push(`${path}: ${message}`)
  if (problems.length) throw new Error(`Cannot build the bundle:\n  ${problems.join('\n  ')}`)
  const sizes: number[] = []
  for (const f of files) {
    const st = await lstat(f.source)
    if (st.isSymbolicLink()) throw new Error(`${f.source} is a symbolic link; give the file it points to`)
    if (!st.isFile()) throw new Error(`${f.source} is not a regular file`)
    sizes.push(st.size)
  }
  return sizes
}

/** Stream `source` into the writer, hashing the same bytes; refuses a file whose size differs from `size`. */
async function copyHashed(
  source: string,
  size: number,
  w: PositionWriter,
  buffers: Buffer[],
  progress: (bytes: number) => void,
): Promise<string> {
  const fh = await open(source, constants.O_RDONLY | constants.O_NOFOLLOW)
  try {
    const st = await fh.stat()
    if (!st.isFile()) throw new Error(`${source} is not a regular file`)
    const hash = createHash('sha256')
    let copied = 0
    let turn = 0
    const readInto = (buf: Buffer) => {
      const p = fh.read(buf, 0, buf.length, null)
      p.catch(() => undefined) // awaited below; this only keeps an abandoned read-ahead from being unhandled
      return p
    }
    let pending = readInto(buffers[0]!)
    for (;;) {
      const { bytesRead, buffer } = await pending
      if (bytesRead === 0) break
      copied += bytesRead
      if (copied > size) break
      turn ^= 1
      pending = readInto(buffers[turn]!) // read ahead while this chunk is written
      const chunk = buffer.subarray(0, bytesRead)
      hash.update(chunk)
      await w.write(chunk)
      progress(bytesRead)
    }
    if (copied !== size)
      throw new Error(`${source} changed size while being read (${size} → ${copied}+ bytes)`)
    return hash.digest('hex')
  } finally {
    await fh.close()
  }
}

/** Sequential writes to a file handle, tracking the position. */
class PositionWriter {
  position = 0
  constructor(private readonly fh: FileHandle) {}

  async write(data: Buffer): Promise<void> {
    let offset = 0
    while (offset < data.length) {
      const { bytesWritten } = await this.fh.write(data, offset, data.length - offset, this.position)
      offset += bytesWritten
      this.position += bytesWritten
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => null)
  if (!fh) return
  await fh.sync().catch(() => undefined) // not supported on every platform (Windows)
  await fh.close()
}
