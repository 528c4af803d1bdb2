import { readFileSync } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import type { CatalogSyncDto } from '../../../shared/dto/catalog'
import { PatchbayError } from '../../../shared/errors'
import {
  loadWsusCatalog,
  parseUpdateCatalogCsv,
  readWsusDetails,
  type WsusCatalog,
  type WsusDetails,
} from '../../clients/catalog'
import { wsusContentFiles, type ContentFile } from '../../clients/content'
import type { Db, SiteContext } from '../runtime/site-context'
import { REPORTED_BY_CLIENTS } from './updates-service'

/** One update an import writes. */
interface ImportedUpdate {
  id: string
  title: string
  kb: string
  classification: string
  products: string[]
  releaseDate: string | null
  size: number
  supersededBy: string
  /** MSRC severity (Critical, Important, Moderate, Low) or ''. */
  severity: string
  description: string
  supportUrl: string
  /** Security bulletin IDs (MS17-010 …), comma-separated, or ''. */
  securityBulletin: string
  /** No metadata in the catalog: the placeholder title never replaces a title clients reported. */
  syntheticTitle: boolean
  /** The catalog carried this update's metadata (KB, severity, URLs): written even when the title is missing. */
  metadata: boolean
  /** Payload files with their catalog digest (WSUS: base64 SHA-1 as `sha1:…`), for package downloads. */
  files: ContentFile[]
}

/** The kind of catalog a file holds, by its extension. */
export function importKindOf(file: string): 'wsus' | 'csv' {
  const ext = extname(file).toLowerCase()
  if (ext === '.cab' || ext === '.xml') return 'wsus'
  if (ext === '.csv') return 'csv'
  throw new PatchbayError(
    'invalid-input',
    `${file}: not a catalog file (expected wsusscn2.cab, package.xml or an update export .csv)`,
    'file',
  )
}

/** The title an update gets when the catalog carries no metadata for it (never a made-up title). */
export const NO_TITLE = '(no title in the catalog)'

/** The revisions whose metadata an import reads: the updates it lists and the categories they name. */
export function wsusRevisionsToRead(catalog: WsusCatalog): number[] {
  const listed = catalog.updates.filter((u) => u.classificationId && u.bundledBy.length === 0)
  const categories = new Set(listed.flatMap((u) => [...u.products, u.classificationId!]))
  return catalog.updates
    .filter((u) => listed.includes(u) || categories.has(u.updateId))
    .map((u) => u.revisionId)
}

/**
 * The updates of a WSUS offline catalog: classified updates (not bundle members, categories or detectoids), with
 * supersedence, and — when `details` (by revision ID) holds them — Microsoft's title, description, KB numbers,
 * MSRC severity, support URL and bulletin IDs, and product names from the product categories' own titles.
 */
export function wsusUpdates(
  catalog: WsusCatalog,
  details = new Map<number, WsusDetails>(),
): ImportedUpdate[] {
  const byId = new Map(catalog.updates.map((u) => [u.updateId, u]))
  const titleOf = (id: string) => {
    const u = byId.get(id)
    return u ? details.get(u.revisionId)?.title : undefined
  }
  const classified = catalog.updates.flatMap((u) => {
    if (!u.classificationId || u.bundledBy.length > 0) return []
    const classification = u.classification ?? titleOf(u.classificationId)
    return classification ? [{ u, classification }] : []
  })
  const ids = new Set(classified.map(({ u }) => u.updateId))
  // A bundle's payload is its members' files (the installable .cab/.msu lives on the bundled update).
  const members = new Map<string, typeof catalog.updates>()
  for (const m of catalog.updates) for (const b of m.bundledBy) members.set(b, [...(members.get(b) ?? []), m])
  return classified.map(({ u, classification }) => {
    const d = details.get(u.revisionId)
    return {
      id: u.updateId,
      title: d?.title ?? NO_TITLE,
      kb: d?.kbArticleIds.join(', ') ?? '',
      classification,
      products: u.products.map((p) => titleOf(p) ?? p),
      releaseDate: u.creationDate || null,
      size: 0,
      supersededBy: u.supersededBy.find((s) => ids.has(s)) ?? u.supersededBy[0] ?? '',
      severity: d?.msrcSeverity ?? '',
      description: d?.description ?? '',
      supportUrl: d?.supportUrl ?? '',
      securityBulletin: d?.securityBulletinIds.join(', ') ?? '',
      syntheticTitle: d?.title === undefined,
      metadata: d !== undefined,
      files: [u, ...(members.get(u.updateId) ?? [])].flatMap((x) =>
        wsusContentFiles({ updateId: u.updateId, files: x.files }),
      ),
    }
  })
}

/** How an imported catalog file is trusted: verified against a CA bundle and signer, or taken unsigned. */
export interface ImportTrust {
  caBundle: string
  signer: string
  allowUnsigned: boolean
}

async function readCatalog(
  file: string,
  kind: 'wsus' | 'csv',
  trust: ImportTrust,
): Promise<ImportedUpdate[]> {
  if (kind === 'wsus') {
    const catalog = loadWsusCatalog(
      file,
      trust.allowUnsigned ? 'unsigned' : { caBundle: trust.caBundle, signer: trust.signer },
    )
    // The metadata comes from the same (verified) cab; a bare package.xml carries none.
    if (!/\.cab$/i.test(file)) return wsusUpdates(catalog)
    const details = await readWsusDetails(file, wsusRevisionsToRead(catalog))
    return wsusUpdates(catalog, details.byRevision)
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new PatchbayError('not-found', `${file}: ${(err as Error).message}`, 'file')
  }
  return parseUpdateCatalogCsv(text, file).map((r) => ({
    id: r.id,
    title: r.title,
    kb: r.kb ?? '',
    classification: r.classification,
    products: r.products,
    releaseDate: r.lastUpdated ?? null,
    size: r.size ?? 0,
    supersededBy: '',
    severity: '',
    description: '',
    supportUrl: '',
    securityBulletin: '',
    syntheticTitle: false,
    metadata: false,
    files: [],
  }))
}

async function writeImport(
  trx: Db,
  source: { id: number; name: string },
  entries: ImportedUpdate[],
  now: string,
): Promise<{ new: number; changed: number; expired: number }> {
  const before = new Map(
    (
      await trx
        .selectFrom('software_update')
        .select([
          'id',
          'classification',
          'superseded_by',
          'release_date',
          'title',
          'kb',
          'severity',
          'support_url',
          'expired',
          'source_id',
        ])
        .where((eb) => eb.or([eb('source_id', '=', source.id), eb('source', '=', REPORTED_BY_CLIENTS)]))
        .execute()
    ).map((r) => [r.id, r]),
  )
  let fresh = 0
  let changed = 0
  for (const e of entries) {
    const old = before.get(e.id)
    const values = {
      classification: e.classification,
      products: JSON.stringify(e.products),
      product: e.products[0] ?? '',
      release_date: e.releaseDate,
      superseded_by: e.supersededBy,
      source: source.name,
      source_id: source.id,
      expired: 0,
      ...(e.size > 0 && { size: e.size }),
      ...(!e.syntheticTitle && { title: e.title, kb: e.kb }),
      ...(e.metadata && {
        kb: e.kb,
        severity: e.severity,
        description: e.description,
        support_url: e.supportUrl,
        security_bulletin: e.securityBulletin,
      }),
    }
    if (!old || Number(old.source_id) !== source.id || Number(old.expired) === 1) {
      const exists =
        old ??
        (await trx.selectFrom('software_update').select('id').where('id', '=', e.id).executeTakeFirst())
      if (exists) await trx.updateTable('software_update').set(values).where('id', '=', e.id).execute()
      else
        await trx
          .insertInto('software_update')
          .values({
            id: e.id,
            vendor: 'microsoft',
            title: e.title,
            kb: e.kb,
            revision: 0,
            severity: e.severity,
            package: '',
            version: '',
            suite: '',
            size: e.size,
            sha256: '',
            description: e.description,
            support_url: e.supportUrl,
            security_bulletin: e.securityBulletin,
            created_at: now,
            ...values,
          })
          .execute()
      fresh++
    } else if (
      old.classification !== e.classification ||
      old.superseded_by !== e.supersededBy ||
      old.release_date !== e.releaseDate ||
      (!e.syntheticTitle && old.title !== e.title) ||
      (e.metadata && (old.kb !== e.kb || old.severity !== e.severity || old.support_url !== e.supportUrl))
    ) {
      await trx.updateTable('software_update').set(values).where('id', '=', e.id).execute()
      changed++
    }
  }
  await writeFiles(trx, entries)
  const listed = new Set(entries.map((e) => e.id))
  const gone = [...before.values()]
    .filter((r) => Number(r.source_id) === source.id && Number(r.expired) === 0 && !listed.has(r.id))
    .map((r) => r.id)
  for (let i = 0; i < gone.length; i += 500)
    await trx
      .updateTable('software_update')
      .set({ expired: 1 })
      .where('id', 'in', gone.slice(i, i + 500))
      .execute()
  await trx.updateTable('catalog_source').set({ last_sync_at: now }).where('id', '=', source.id).execute()
  return { new: fresh, changed, expired: gone.length }
}

/** Records each update's payload files (name, URL, digest) so packages can download and verify them. */
async function writeFiles(trx: Db, entries: ImportedUpdate[]): Promise<void> {
  const rows = entries.flatMap((e) =>
    e.files.map((f) => ({ update_id: e.id, name: f.name, url: f.url, size: f.size, sha256: f.sha256 })),
  )
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('update_file')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['update_id', 'name']).doUpdateSet((eb) => ({
          url: eb.ref('excluded.url'),
          sha256: eb.ref('excluded.sha256'),
        })),
      )
      .execute()
}

/**
 * Imports an offline scan catalog (wsusscn2.cab via cabextract, or its package.xml) or a WSUS / Microsoft
 * Update Catalog export (.csv) as a catalog source: new and changed updates with supersedence are written
 * in one transaction (a bad file writes nothing), the run is kept in the sync history, and updates the
 * file no longer lists are marked expired. Clients' reports of the same UpdateIDs join the catalog entries.
 */
export async function importCatalogFile(
  ctx: SiteContext,
  file: string,
  name: string | null = null,
  given?: ImportTrust,
): Promise<CatalogSyncDto> {
  const path = resolve(file)
  const kind = importKindOf(path)
  if (given && kind === 'wsus' && !given.allowUnsigned && !given.caBundle)
    throw new PatchbayError(
      'invalid-input',
      /\.cab$/i.test(path)
        ? `A CA bundle is required to verify the Authenticode signature of ${basename(path)} (or allow unsigned catalogs explicitly)`
        : `${basename(path)} carries no signature: import the signed wsusscn2.cab, or allow unsigned catalogs explicitly`,
      /\.cab$/i.test(path) ? 'caBundle' : 'allowUnsigned',
    )
  const sourceName = name ?? basename(path, extname(path))
  let source = await ctx.db
    .selectFrom('catalog_source')
    .selectAll()
    .where('name', '=', sourceName)
    .executeTakeFirst()
  if (source && source.kind !== kind)
    throw new PatchbayError(
      'conflict',
      `Catalog source "${sourceName}" is a ${source.kind} source, not ${kind}`,
      'name',
    )
  if (!source) {
    await ctx.db
      .insertInto('catalog_source')
      .values({
        name: sourceName,
        kind,
        base_url: path,
        suite: '',
        components: '[]',
        architectures: '[]',
        keyring: given?.caBundle ?? '',
        allow_expired: 0,
        allow_unsigned: given?.allowUnsigned || kind === 'csv' ? 1 : 0,
        signer: given?.signer ?? '',
        created_at: ctx.now(),
      })
      .execute()
    source = await ctx.db
      .selectFrom('catalog_source')
      .selectAll()
      .where('name', '=', sourceName)
      .executeTakeFirstOrThrow()
  } else {
    // A re-import may move the file and change how it is trusted; a sync (no `given`) keeps what was set.
    const trust = given
      ? { keyring: given.caBundle, signer: given.signer, allow_unsigned: given.allowUnsigned ? 1 : 0 }
      : {}
    await ctx.db
      .updateTable('catalog_source')
      .set({ base_url: path, ...trust })
      .where('id', '=', source.id)
      .execute()
    source = { ...source, base_url: path, ...trust }
  }
  const trust: ImportTrust = {
    caBundle: source.keyring,
    signer: source.signer,
    allowUnsigned: Number(source.allow_unsigned) === 1,
  }
  const run = await ctx.db
    .insertInto('catalog_sync')
    .values({ source_name: sourceName, started_at: ctx.now(), state: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow()
  let stats = { new: 0, changed: 0, expired: 0 }
  let error = ''
  try {
    const entries = await readCatalog(path, kind, trust)
    const src = { id: Number(source.id), name: sourceName }
    stats = await ctx.db.transaction().execute((trx) => writeImport(trx, src, entries, ctx.now()))
  } catch (err) {
    error = err instanceof Error ? err.message : String(err)
  }
  const row = await ctx.db
    .updateTable('catalog_sync')
    .set({
      finished_at: ctx.now(),
      state: error ? 'failed' : 'succeeded',
      new_count: stats.new,
      changed_count: stats.changed,
      expired_count: stats.expired,
      error,
    })
    .where('id', '=', Number(run.id))
    .returningAll()
    .executeTakeFirstOrThrow()
  await ctx.audit(
    ctx.db,
    error ? 'error' : 'info',
    'Catalog Synchronization',
    sourceName,
    error
      ? `Import of ${path} failed; nothing was written: ${error}`
      : `Imported ${path}: ${stats.new} new, ${stats.changed} changed, ${stats.expired} expired.`,
  )
  ctx.events.emit('site:changed', { entity: 'updates', ids: [] })
  ctx.events.emit('site:changed', { entity: 'catalog', ids: [sourceName] })
  return {
    id: Number(row.id),
    sourceName,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    state: row.state as CatalogSyncDto['state'],
    newCount: Number(row.new_count),
    changedCount: Number(row.changed_count),
    expiredCount: Number(row.expired_count),
    fetchedBytes: 0,
    error: row.error,
  }
}
