import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { gunzipSync } from 'node:zlib'
import { CatalogError } from './catalog-error'
import { parseRelease, type AptRelease, type ReleaseFile } from './apt-release'
import { verifyReleaseSignature } from './apt-signature'
import type { AptSyncOptions } from './apt-sync-types'
import { fetchBytes, type FetchLike } from './http-fetch'

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

function decompress(ext: string, body: Buffer, url: string): Buffer {
  if (ext === '') return body
  if (ext === '.gz') {
    try {
      return gunzipSync(body)
    } catch (err) {
      throw new CatalogError(`${url}: gzip data is corrupt (${(err as Error).message})`)
    }
  }
  const r = spawnSync('xz', ['-dc'], { input: body, maxBuffer: 1 << 30 })
  if (r.error || r.status !== 0)
    throw new CatalogError(`${url}: xz -dc failed (${r.error?.message ?? r.stderr})`)
  return r.stdout
}

function verify(body: Buffer, entry: ReleaseFile, url: string, label: string): void {
  if (body.length !== entry.size)
    throw new CatalogError(
      `${label} (${url}): size ${body.length} bytes, Release says ${entry.size}; refused`,
    )
  const actual = sha256(body)
  if (actual !== entry.sha256)
    throw new CatalogError(
      `${label} (${url}): SHA256 mismatch, expected ${entry.sha256}, got ${actual}; refused`,
    )
}

/** Per-sync fetch context: options, dists URL, fetch function and a running byte count. */
export interface Ctx {
  opts: AptSyncOptions
  dists: string
  fetch: FetchLike
  timeoutMs: number
  bytes: number
}

/** GETs a URL, counting received bytes. */
export async function get(ctx: Ctx, url: string) {
  const r = await fetchBytes(ctx.fetch, url, ctx.timeoutMs)
  if (!r.missing) ctx.bytes += r.body.length
  return r
}

/**
 * Fetches InRelease (or Release, plus Release.gpg) and verifies its signature with the keyring. Without a keyring
 * the sync is refused, unless the source explicitly accepts unsigned Release files.
 */
export async function fetchRelease(ctx: Ctx): Promise<{ release: AptRelease; signedBy?: string }> {
  if (!ctx.opts.keyring && !ctx.opts.allowUnsigned)
    throw new CatalogError(
      `${ctx.dists}: no keyring to verify the Release signature with; refused (give the archive's keyring, or allow unsigned Release files explicitly)`,
    )
  const inUrl = `${ctx.dists}/InRelease`
  const inRel = await get(ctx, inUrl)
  if (!inRel.missing) {
    const release = parseRelease(inRel.body.toString('utf8'), inUrl)
    if (!ctx.opts.keyring) return { release }
    if (!release.signed) throw new CatalogError(`${inUrl}: not clearsigned, but a signature is required`)
    return { release, signedBy: verifyReleaseSignature(inRel.body, ctx.opts.keyring, inUrl) }
  }
  const url = `${ctx.dists}/Release`
  const rel = await get(ctx, url)
  if (rel.missing)
    throw new CatalogError(`${inUrl} and ${url}: HTTP ${rel.status}; is ${ctx.opts.baseUrl} an apt archive?`)
  const release = parseRelease(rel.body.toString('utf8'), url)
  if (!ctx.opts.keyring) return { release }
  const sig = await get(ctx, `${url}.gpg`)
  if (sig.missing) throw new CatalogError(`${url}.gpg: HTTP ${sig.status}; a signature is required`)
  return { release, signedBy: verifyReleaseSignature(rel.body, ctx.opts.keyring, url, sig.body) }
}

/** Release path of the component's index: `main/…`, or `updates/main/…` where the Release only lists that. */
export function indexBase(release: AptRelease, component: string, arch: string): string {
  const prefixes = [component, ...release.components.filter((c) => c.endsWith(`/${component}`))]
  for (const p of prefixes) {
    const base = `${p}/binary-${arch}/Packages`
    if (['', '.gz', '.xz'].some((ext) => release.files.has(base + ext))) return base
  }
  throw new CatalogError(`the Release lists no ${component}/binary-${arch}/Packages index (nor .gz/.xz)`)
}

/** Fetches an index (by-hash first, then plain; Packages, then .gz, then .xz), verified before it is decompressed. */
export async function fetchIndex(ctx: Ctx, release: AptRelease, base: string): Promise<string> {
  const plain = release.files.get(base)
  const tried: string[] = []
  for (const ext of ['', '.gz', '.xz']) {
    const entry = release.files.get(base + ext)
    if (!entry) continue
    const url = `${ctx.dists}/${base}${ext}`
    const urls = [url]
    if (release.acquireByHash && ctx.opts.byHash !== false)
      urls.unshift(`${ctx.dists}/${base.slice(0, base.lastIndexOf('/'))}/by-hash/SHA256/${entry.sha256}`)
    for (const u of urls) {
      const r = await get(ctx, u)
      if (r.missing) {
        tried.push(`${u} (HTTP ${r.status})`)
        continue
      }
      verify(r.body, entry, u, base + ext)
      const text = decompress(ext, r.body, u)
      if (ext !== '' && plain) verify(text, plain, `${u}, decompressed`, base)
      return text.toString('utf8')
    }
  }
  throw new CatalogError(`${base}: no listed variant could be fetched: ${tried.join(', ')}`)
}
