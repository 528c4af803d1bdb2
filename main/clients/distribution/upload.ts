import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { posix } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { DistributionError, toDistributionError } from './errors'
import { posixQuote } from '../quoting'
import type { DpSession } from './session'

/** A file to place on a distribution point and the hash it must have on arrival. */
export interface DpFile {
  /** Path relative to the package folder, e.g. `files/x.deb`. */
  path: string
  size: number
  sha256: string
}

/** What uploading one file did: bytes actually sent and where a resumed upload continued from. */
export interface UploadResult {
  sent: number
  resumedFrom: number
}

/** Options of one upload. */
export interface UploadOptions {
  signal?: AbortSignal
  /** Called as bytes arrive, with the bytes of the file now on the point (resumed part included). */
  onBytes?: (bytesOnPoint: number) => void
}

const HASH_LINE = /^([0-9a-f]{64}) [ *](.+)$/

/** SHA-256 of files on the point (`sha256sum` there), by path; missing or unreadable files are left out. */
export async function remoteHashes(
  session: DpSession,
  paths: string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const hashes = new Map<string, string>()
  for (let i = 0; i < paths.length; i += 100) {
    const chunk = paths.slice(i, i + 100)
    const r = await session.exec(`sha256sum -- ${chunk.map(posixQuote).join(' ')} 2>/dev/null; true`, signal)
    for (const line of r.stdout.split('\n')) {
      const m = HASH_LINE.exec(line)
      if (m) hashes.set(m[2] as string, m[1] as string)
    }
  }
  return hashes
}

/** Sends `local` into `remote` from `offset` (the bytes already there) and resolves with the bytes sent. */
async function send(
  session: DpSession,
  local: string,
  remote: string,
  offset: number,
  options: UploadOptions,
): Promise<number> {
  let sent = 0
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length
      options.onBytes?.(offset + sent)
      done(null, chunk)
    },
  })
  const out = session.sftp.createWriteStream(remote, {
    flags: offset > 0 ? 'r+' : 'w',
    start: offset,
    mode: 0o644,
  })
  const signal = options.signal ? AbortSignal.any([options.signal, session.lost]) : session.lost
  try {
    await pipeline(createReadStream(local, { start: offset, highWaterMark: 256 * 1024 }), count, out, {
      signal,
    })
  } catch (err) {
    if (options.signal?.aborted) throw err
    throw toDistributionError(session.lost.aborted ? session.lost.reason : err, remote)
  }
  return sent
}

/**
 * Uploads one package file: continues `<remote>.partial` from its size (resume), checks the arrived file
 * with `sha256sum` on the point, then renames it into place atomically. A resumed file whose hash is wrong
 * is sent again from the start once; a fresh one that arrives wrong fails ("hash mismatch on arrival").
 */
export async function uploadFile(
  session: DpSession,
  local: string,
  remote: string,
  file: DpFile,
  options: UploadOptions = {},
): Promise<UploadResult> {
  const localSize = await stat(local).then(
    (s) => s.size,
    () => -1,
  )
  if (localSize < 0) throw new DistributionError(`source file missing: ${local}`, false)
  if (localSize !== file.size)
    throw new DistributionError(
      `source file changed: ${file.path} is ${localSize} bytes, the package lists ${file.size}`,
      false,
    )
  const partial = `${remote}.partial`
  try {
    await session.mkdirp(posix.dirname(remote))
  } catch (err) {
    throw toDistributionError(err, posix.dirname(remote))
  }
  let existing = 0
  try {
    existing = (await session.stat(partial))?.size ?? 0
  } catch (err) {
    throw toDistributionError(err, partial)
  }
  if (existing > file.size) existing = 0
  let result: UploadResult = { sent: 0, resumedFrom: existing }
  for (let attempt = 0; ; attempt++) {
    const from = attempt === 0 ? existing : 0
    result = {
      sent: result.sent + (await send(session, local, partial, from, options)),
      resumedFrom: existing,
    }
    const arrived = (await remoteHashes(session, [partial], options.signal)).get(partial)
    if (arrived === file.sha256) break
    if (from > 0) continue // the kept part was not what we sent: start over once
    await session.unlink(partial).catch(() => undefined)
    throw new DistributionError(
      `hash mismatch on arrival: ${file.path} (expected ${file.sha256.slice(0, 12)}…, got ${arrived ? `${arrived.slice(0, 12)}…` : 'no readable file'})`,
      false,
    )
  }
  try {
    await session.rename(partial, remote)
  } catch (err) {
    throw toDistributionError(err, remote)
  }
  return result
}

/** Deletes a package folder on the point (`rm -rf`), refusing anything but a folder below the root. */
export async function removeRemoteFolder(
  session: DpSession,
  root: string,
  folder: string,
  signal?: AbortSignal,
): Promise<void> {
  if (!folder.startsWith(`${root}/`) || folder.length <= root.length + 1)
    throw new DistributionError(`refusing to remove ${folder}: not below ${root}`, false)
  const r = await session.exec(`rm -rf -- ${posixQuote(folder)}`, signal)
  if (r.exitCode !== 0) {
    const why = r.stderr.split('\n').find((l) => l.trim()) ?? `exit code ${r.exitCode}`
    throw new DistributionError(
      /permission denied/i.test(why) ? `permission denied: ${folder}` : `could not remove ${folder}: ${why}`,
      false,
    )
  }
}
