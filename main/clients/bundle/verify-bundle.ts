// Verify a bundle in one streaming pass (and optionally extract it): signature, trust, every entry's type,
// name, size and SHA-256 against the signed manifest. Every problem is named; only a damaged container
// (or a missing/unreadable manifest) stops the pass early. Extraction writes to a private temp folder that
// becomes `extractTo` only when no problem was found, and payload is only written once the signature and
// trust checks passed. Directory entries under files/ with safe names are tolerated and ignored (GNU tar
// adds them when an admin re-packs an extracted bundle); folders are created from manifest paths only.
import { createHash, type KeyObject } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { Extract } from 'tar-stream'
import { oneLine } from '../parsing/one-line'
import { BundleExtraction } from './bundle-extract'
import { bundlePathProblem, collisionKey } from './bundle-paths'
import {
  FILES_PREFIX,
  MANIFEST_NAME,
  MAX_MANIFEST_BYTES,
  parseManifest,
  SIGNATURE_NAME,
  type BundleFile,
  type BundleManifest,
} from './manifest'
import {
  checkManifestSignature,
  trustedKeyMap,
  type BundleProblem,
  type BundleProblemKind,
  type BundleSigner,
} from './bundle-trust'

/** How to verify. */
export interface VerifyBundleOptions {
  trustedKeys?: KeyObject[]
  /** Demand a trusted signer (default: true when trustedKeys or extractTo is given). */
  requireTrusted?: boolean
  /** Extract the payload files here (must not exist, or be an empty folder) when, and only when, all is well. */
  extractTo?: string
  onProgress?: (bytesDone: number, bytesTotal: number) => void
}

/** The verdict on a bundle. */
export interface VerifyBundleResult {
  ok: boolean
  manifest?: BundleManifest
  signer?: BundleSigner
  problems: BundleProblem[]
  extractedTo?: string
}

type Entry = Extract extends AsyncIterable<infer S> ? S : never

/** Reading stops after this many problems (a hostile tar could otherwise make the list unbounded). */
export const MAX_PROBLEMS = 10_000

/** Parsing stops after a problem already recorded. */
class Stop extends Error {}
/** A failure of our own (disk full while extracting, …), not of the bundle: rethrown to the caller. */
class LocalFailure extends Error {}

/** Verify (and with `extractTo`, extract) the bundle at `file`, naming every problem found. */
export async function verifyBundle(
  file: string,
  opts: VerifyBundleOptions = {},
): Promise<VerifyBundleResult> {
  const requireTrusted =
    opts.requireTrusted ?? (opts.trustedKeys !== undefined || opts.extractTo !== undefined)
  const trusted = trustedKeyMap(opts.trustedKeys ?? [])
  const total = (await stat(file)).size
  const extraction = opts.extractTo !== undefined ? await BundleExtraction.start(opts.extractTo) : null
  const v = new Verifier(trusted, requireTrusted, extraction)
  // Loaded here, not at start-up: every CLI command would otherwise pay for it.
  const { extract: tarExtract } = await import('tar-stream')
  const input = createReadStream(file, { highWaterMark: 1 << 20 })
  const parser = tarExtract()
  let done = 0
  input.on('data', (chunk) => {
    done += chunk.length
    opts.onProgress?.(done, total)
  })
  input.on('error', (err) => parser.destroy(err))
  input.pipe(parser)
  let stopped = false
  let committed = false
  try {
    try {
      for await (const entry of parser) await v.entry(entry)
      if (v.index === 0) v.add('malformed', 'the bundle has no entries (is it a tar file?)', MANIFEST_NAME)
      else if (v.index === 1) v.add('signature', 'manifest.sig is missing', SIGNATURE_NAME)
    } catch (err) {
      stopped = true
      if (err instanceof LocalFailure) throw err.cause
      if (!(err instanceof Stop)) {
        const where = v.current ? ` in or after entry ${v.current}` : ''
        v.add('malformed', `the tar is damaged or truncated${where}: ${(err as Error).message}`, v.current)
      }
    } finally {
      input.destroy()
    }
    if (!stopped) v.finish()
    const result: VerifyBundleResult = { ok: v.problems.length === 0, problems: v.listed() }
    if (v.manifest) result.manifest = v.manifest
    if (v.signer) result.signer = v.signer
    if (extraction && result.ok) {
      await extraction.commit()
      committed = true
      result.extractedTo = extraction.target
    }
    return result
  } finally {
    if (extraction && !committed) await extraction.abandon()
  }
}

class Verifier {
  readonly problems: BundleProblem[] = []
  private unlisted = 0
  manifest?: BundleManifest
  signer?: BundleSigner
  index = 0
  current?: string
  private manifestBytes: Buffer = Buffer.alloc(0)
  private writable = false
  private readonly declared = new Map<string, BundleFile>()
  private readonly declaredKeys = new Map<string, string>()
  private readonly seenKeys = new Map<string, string>()
  private readonly found = new Set<string>()

  constructor(
    private readonly trusted: Map<string, KeyObject>,
    private readonly requireTrusted: boolean,
    private readonly extraction: BundleExtraction | null,
  ) {}

  /** Records a problem; its message is made one line (tar entry names may hold any character). */
  add(kind: BundleProblemKind, text: string, path?: string): void {
    const message = oneLine(text, 4000)
    if (this.problems.length >= MAX_PROBLEMS) this.unlisted++
    else this.problems.push(path === undefined ? { kind, message } : { kind, path, message })
  }

  /** The problems, with a last note when some were not listed. */
  listed(): BundleProblem[] {
    if (this.unlisted === 0) return this.problems
    const message = `${this.unlisted} more problems not listed; reading stopped after ${MAX_PROBLEMS}`
    return [...this.problems, { kind: 'malformed', message }]
  }

  async entry(entry: Entry): Promise<void> {
    if (this.unlisted > 0) throw new Stop()
    const { name, type, size = 0 } = entry.header
    this.current = name
    const index = this.index++
    if (index === 0) return this.readManifest(entry)
    if (index === 1) {
      if (name === SIGNATURE_NAME && type === 'file' && size <= 1024)
        return this.checkSignature(await readAll(entry))
      if (name === SIGNATURE_NAME) {
        this.add('signature', `manifest.sig is a ${type} of ${size} bytes, not a signature`, SIGNATURE_NAME)
        return drain(entry)
      }
      this.add('signature', `manifest.sig is missing (the second entry is ${name})`, SIGNATURE_NAME)
    }
    return this.payload(entry)
  }

  finish(): void {
    for (const f of this.declared.values()) {
      if (!this.found.has(f.path))
        this.add('missing-file', `${f.path} is listed in the manifest but not in the bundle`, f.path)
    }
  }

  private async readManifest(entry: Entry): Promise<void> {
    const { name, type, size = 0 } = entry.header
    if (name !== MANIFEST_NAME || type !== 'file') {
      this.add(
        'malformed',
        `manifest.json must be the first entry; found ${type ?? 'unknown'} ${name}`,
        MANIFEST_NAME,
      )
      throw new Stop()
    }
    if (size > MAX_MANIFEST_BYTES) {
      this.add(
        'malformed',
        `manifest.json is ${size} bytes; at most ${MAX_MANIFEST_BYTES} are accepted`,
        MANIFEST_NAME,
      )
      throw new Stop()
    }
    this.manifestBytes = await readAll(entry)
    const parsed = parseManifest(this.manifestBytes)
    if ('errors' in parsed) {
      this.add(
        'malformed',
        `manifest.json does not match ${'patchbay-bundle/1'}: ${parsed.errors.join('; ')}`,
        MANIFEST_NAME,
      )
      throw new Stop()
    }
    this.manifest = parsed.manifest
    for (const f of parsed.manifest.files) {
      this.declared.set(f.path, f)
      this.declaredKeys.set(collisionKey(f.path), f.path)
    }
  }

  private checkSignature(sigFile: Buffer): void {
    const checked = checkManifestSignature(
      this.manifest!,
      this.manifestBytes,
      sigFile,
      this.trusted,
      this.requireTrusted,
    )
    this.signer = checked.signer
    if (checked.problem) this.problems.push(checked.problem)
    else this.writable = true
  }

  private async payload(entry: Entry): Promise<void> {
    const { name, type, size = 0, linkname } = entry.header
    const rel = name.startsWith(FILES_PREFIX) ? name.slice(FILES_PREFIX.length) : null
    const unsafe = bundlePathProblem(rel ?? name)
    if (type === 'directory') {
      const dir = (rel ?? '').replace(/\/$/, '')
      if (rel === null || (dir !== '' && bundlePathProblem(dir)))
        this.add('path-escape', `unexpected folder entry ${name}`, name)
      return drain(entry)
    }
    if (type === 'symlink' || type === 'link') {
      this.add(
        'symlink',
        `${name} is a ${type === 'link' ? 'hard' : 'symbolic'} link to ${linkname ?? '?'}`,
        name,
      )
      return drain(entry)
    }
    if (type === 'character-device' || type === 'block-device' || type === 'fifo') {
      this.add('device', `${name} is a ${type}, not a regular file`, name)
      return drain(entry)
    }
    if (type !== 'file') {
      this.add('malformed', `${name} has an unsupported entry type (${type ?? 'unknown'})`, name)
      return drain(entry)
    }
    if (name === MANIFEST_NAME || name === SIGNATURE_NAME) {
      this.add('duplicate', `${name} appears more than once`, name)
      return drain(entry)
    }
    if (unsafe) {
      this.add('path-escape', `${name}: ${unsafe}`, name)
      return drain(entry)
    }
    if (rel === null) {
      this.add('extra-file', `${name} is outside files/ and not part of the format`, name)
      return drain(entry)
    }
    const key = collisionKey(rel)
    const prior = this.seenKeys.get(key)
    if (prior !== undefined) {
      const how = prior === rel ? 'appears more than once' : `differs only in case from ${prior}`
      this.add('duplicate', `${rel} ${how}`, rel)
      return drain(entry)
    }
    this.seenKeys.set(key, rel)
    const declared = this.declared.get(rel)
    if (!declared) {
      const variant = this.declaredKeys.get(key)
      const hint = variant ? ` (the manifest lists ${variant})` : ''
      this.add('extra-file', `${rel} is in the bundle but not in the manifest${hint}`, rel)
      return drain(entry)
    }
    this.found.add(rel)
    if (size > declared.size) {
      this.add('oversize', `${rel} is ${size} bytes in the tar but ${declared.size} in the manifest`, rel)
      return drain(entry)
    }
    if (size < declared.size) {
      this.add(
        'size-mismatch',
        `${rel} is ${size} bytes in the tar but ${declared.size} in the manifest`,
        rel,
      )
      return drain(entry)
    }
    await this.hashEntry(entry, declared)
  }

  private async hashEntry(entry: Entry, declared: BundleFile): Promise<void> {
    const out = this.writable && this.extraction ? await local(this.extraction.create(declared.path)) : null
    const hash = createHash('sha256')
    let bytes = 0
    try {
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        bytes += chunk.length
        if (bytes > declared.size) continue // cannot happen with a sane parser; never hash or write past the size
        hash.update(chunk)
        if (out) await local(out.write(chunk))
      }
    } finally {
      if (out) await local(out.close())
    }
    if (bytes > declared.size) {
      this.add(
        'oversize',
        `${declared.path} streamed more than its declared ${declared.size} bytes`,
        declared.path,
      )
    } else if (hash.digest('hex') !== declared.sha256) {
      this.add('changed-file', `${declared.path} does not match its SHA-256 in the manifest`, declared.path)
    }
  }
}

async function local<T>(op: Promise<T>): Promise<T> {
  try {
    return await op
  } catch (err) {
    throw new LocalFailure((err as Error).message, { cause: err })
  }
}

async function readAll(entry: Entry): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

async function drain(entry: Entry): Promise<void> {
  for await (const _chunk of entry as AsyncIterable<Buffer>) {
    // discard
  }
}
