import { CatalogError } from './catalog-error'
import { parsePackages, type CatalogPackage } from './apt-packages'
import { fetchIndex, fetchRelease, indexBase, type Ctx } from './apt-index-fetch'
import { computeSupersedence } from './apt-supersedence'
import {
  catalogDigest,
  type AptSyncOptions,
  type AptSyncPrevious,
  type AptSyncResult,
  type CatalogUpdate,
} from './apt-sync-types'
import type { FetchLike } from './http-fetch'

export * from './apt-sync-types'

function toUpdate(
  p: CatalogPackage,
  o: AptSyncOptions,
  component: string,
  index: string,
  security: boolean,
): CatalogUpdate {
  const u: CatalogUpdate = {
    id: `deb:${p.package}:${p.architecture}:${p.version}`,
    title: `${p.package} ${p.version}`,
    package: p.package,
    version: p.version,
    architecture: p.architecture,
    suite: o.suite,
    component,
    classification: security ? 'Security Updates' : 'Updates',
    size: p.size,
    sha256: p.sha256,
    downloadPath: `${o.baseUrl.replace(/\/+$/, '')}/${p.filename}`,
    description: p.description,
    index,
  }
  if (p.source) u.source = p.source
  if (p.section) u.section = p.section
  if (p.priority) u.priority = p.priority
  return u
}

/**
 * Synchronizes one apt source (suite × components × architectures): fetches InRelease (or Release),
 * verifies every index's size and SHA256 against it before parsing, skips indexes whose hash equals
 * `previous.indexes`, and diffs against `previous.entries`. Never throws for source problems: on any
 * error the result has `errors` and no entries, so the caller writes nothing.
 */
export async function syncAptSource(opts: AptSyncOptions): Promise<AptSyncResult> {
  const base = opts.baseUrl.replace(/\/+$/, '')
  const ctx: Ctx = {
    opts,
    dists: `${base}/dists/${opts.suite}`,
    fetch: opts.fetch ?? (globalThis.fetch as FetchLike),
    timeoutMs: opts.timeoutMs ?? 60_000,
    bytes: 0,
  }
  const empty = (errors: string[], release: AptSyncResult['release'] = null): AptSyncResult => ({
    release,
    entries: [],
    expired: [],
    supersedence: new Map(),
    stats: {
      fetchedBytes: ctx.bytes,
      indexes: 0,
      skippedIndexes: 0,
      new: 0,
      changed: 0,
      unchanged: 0,
      expired: 0,
    },
    state: { indexes: {} },
    errors,
  })
  let info: AptSyncResult['release'] = null
  try {
    const { release, signedBy } = await fetchRelease(ctx)
    info = {
      suite: opts.suite,
      codename: release.codename,
      date: release.date,
      validUntil: release.validUntil,
    }
    if (signedBy) info.signedBy = signedBy
    const now = (opts.now ?? new Date()).getTime()
    if (release.validUntil && Date.parse(release.validUntil) < now && !opts.allowExpired)
      throw new CatalogError(`${ctx.dists}: Release expired at ${release.validUntil} (stale mirror); refused`)
    const last = opts.lastReleaseDate ? Date.parse(opts.lastReleaseDate) : NaN
    if (!Number.isNaN(last) && release.date && Date.parse(release.date) < last)
      throw new CatalogError(
        `${ctx.dists}: Release dated ${release.date} is older than the one accepted last (${opts.lastReleaseDate}): a replayed or rolled-back mirror; refused`,
      )
    const security = [opts.suite, release.suite, release.codename].some((s) => s?.endsWith('-security'))
    const all: CatalogUpdate[] = []
    const state: Record<string, string> = {}
    const downloaded = new Set<string>()
    let skipped = 0
    for (const component of opts.components ?? ['main']) {
      for (const arch of opts.architectures ?? ['amd64']) {
        const path = indexBase(release, component, arch)
        const hash = (release.files.get(path) ??
          release.files.get(`${path}.gz`) ??
          release.files.get(`${path}.xz`))!.sha256
        state[path] = hash
        if (opts.previous?.indexes?.[path] === hash) {
          skipped++
          continue
        }
        const text = await fetchIndex(ctx, release, path)
        downloaded.add(path)
        for (const p of parsePackages(text, `${ctx.dists}/${path}`))
          all.push(toUpdate(p, opts, component, path, security))
      }
    }
    const supersedence = computeSupersedence(all)
    for (const u of all) {
      const by = supersedence.get(u.id)
      if (by) u.supersededBy = by
    }
    return {
      ...diff(all, opts.previous?.entries, downloaded, skipped),
      release: info,
      supersedence,
      state: { indexes: state },
      errors: [],
    }
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err
    return empty([err.message], info)
  }

  function diff(
    all: CatalogUpdate[],
    prev: AptSyncPrevious['entries'],
    downloaded: Set<string>,
    skipped: number,
  ) {
    const stats = {
      fetchedBytes: ctx.bytes,
      indexes: downloaded.size,
      skippedIndexes: skipped,
      new: 0,
      changed: 0,
      unchanged: 0,
      expired: 0,
    }
    if (!prev) return { entries: all, expired: [] as string[], stats: { ...stats, new: all.length } }
    const lookup = typeof prev === 'function' ? prev : (id: string) => prev.get(id)
    const entries: CatalogUpdate[] = []
    const seen = new Set<string>()
    for (const u of all) {
      seen.add(u.id)
      const before = lookup(u.id)
      const digest = typeof before === 'string' ? before : before?.digest
      if (digest === undefined) stats.new++
      else if (digest !== catalogDigest(u)) stats.changed++
      else {
        stats.unchanged++
        continue
      }
      entries.push(u)
    }
    const expired: string[] = []
    if (typeof prev !== 'function') {
      for (const [id, before] of prev) {
        if (seen.has(id)) continue
        const index = typeof before === 'string' ? undefined : before.index
        if (index ? downloaded.has(index) : skipped === 0 && downloaded.size > 0) expired.push(id)
      }
    }
    return { entries, expired, stats: { ...stats, expired: expired.length } }
  }
}
