// Building signed bundles from updates: resolve them in a catalog (the site's or a snapshot's), download
// and verify their files (resumable, into a work folder), then write one signed bundle. Runs without a site.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  buildBundle,
  loadPrivateKey,
  type BundleManifestInput,
  type BundleSourceFile,
} from '../../clients/bundle'
import { downloadFiles, type ContentFile, type FileProgress } from '../../clients/content'
import { PatchbayError } from '../../../shared/errors'
import type { CatalogView, SnapshotUpdate } from '../catalog/snapshot'

/** The programs a bundle of these files installs them with (Debian .deb, Windows .msu/.cab). */
export function programsFor(fileNames: string[]): BundleManifestInput['programs'] {
  const programs: BundleManifestInput['programs'] = []
  if (fileNames.some((n) => n.endsWith('.deb')))
    programs.push({
      name: 'Install updates',
      commandLine: 'apt-get install -y --no-download ./*.deb',
      runMode: 'administrative',
      afterRunning: 'no-action',
      platform: 'linux',
    })
  if (fileNames.some((n) => /\.(msu|cab)$/i.test(n)))
    programs.push({
      name: 'Install Windows updates',
      commandLine: 'cmd.exe /c for %f in (*.msu) do wusa.exe "%f" /quiet /norestart',
      runMode: 'administrative',
      afterRunning: 'patchbay-restarts',
      platform: 'windows',
    })
  return programs
}

/** A snapshot/site update as a bundle manifest lists it (empty fields left out). */
export function bundleUpdateOf(u: SnapshotUpdate): BundleManifestInput['updates'][number] {
  const entry: BundleManifestInput['updates'][number] = {
    id: u.id,
    title: u.title.slice(0, 1024),
    classification: u.classification.slice(0, 128),
    vendor: u.vendor.slice(0, 128),
  }
  if (u.package) entry.package = u.package
  if (u.version) entry.version = u.version
  if (u.suite) entry.suite = u.suite
  if (u.kb) entry.kb = u.kb
  if (u.severity) entry.severity = u.severity
  if (u.products.length) entry.products = u.products.slice(0, 256)
  if (u.releaseDate) entry.releaseDate = u.releaseDate
  return entry
}

/** Resolves the update IDs of a build: the given ones or a list's; refuses unknown IDs and updates without files. */
export async function resolveBuildUpdates(
  catalog: CatalogView,
  sel: { updateIds?: string[]; listName?: string },
): Promise<{ updates: SnapshotUpdate[]; files: ContentFile[] }> {
  let ids = sel.updateIds ?? []
  if (sel.listName !== undefined) {
    const listed = await catalog.listUpdateIds(sel.listName)
    if (listed === null)
      throw new PatchbayError(
        'not-found',
        `No update list named "${sel.listName}" in the catalog`,
        'listName',
      )
    if (listed.length === 0)
      throw new PatchbayError('invalid-input', `Update list "${sel.listName}" holds no updates`, 'listName')
    ids = listed
  }
  ids = [...new Set(ids)]
  const known = await catalog.updates(ids)
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length)
    throw new PatchbayError(
      'not-found',
      `Not in the catalog: ${unknown.slice(0, 10).join(', ')}`,
      'updateIds',
    )
  const files = await catalog.files(ids)
  const empty = ids.filter((id) => (files.get(id) ?? []).length === 0)
  if (empty.length)
    throw new PatchbayError(
      'invalid-input',
      `No downloadable file in the catalog for: ${empty.slice(0, 10).join(', ')}`,
      'updateIds',
    )
  return { updates: ids.map((id) => known.get(id)!), files: ids.flatMap((id) => files.get(id)!) }
}

/** What `buildUpdatesBundle` needs. */
export interface BuildUpdatesBundleOptions {
  catalog: CatalogView
  updateIds?: string[]
  listName?: string
  out: string
  signingKey: string
  packageName?: string
  /** Download folder (default `<out>.content`); removed after a successful build or a cancel, kept for resume after a failure. */
  workDir?: string
  createdBy?: string
  signal?: AbortSignal
  onFile?: (p: FileProgress) => void
  onBuild?: (bytesDone: number, bytesTotal: number, file: string) => void
}

/** Downloads and verifies the updates' files, then writes one signed bundle at `out`. */
export async function buildUpdatesBundle(
  o: BuildUpdatesBundleOptions,
): Promise<{ out: string; fingerprint: string; files: number; bytes: number; updates: number }> {
  const signingKey = await loadPrivateKey(o.signingKey).catch((err: Error) => {
    throw new PatchbayError('invalid-input', `Signing key: ${err.message}`, 'signingKey')
  })
  const { updates, files } = await resolveBuildUpdates(o.catalog, o)
  const workDir = o.workDir ?? `${o.out}.content`
  try {
    return await downloadAndBuild(o, workDir, updates, files, signingKey)
  } catch (err) {
    // Cancelling leaves nothing half-made: the default download folder goes too (a failure keeps it to resume).
    if (o.signal?.aborted && o.workDir === undefined) await rm(workDir, { recursive: true, force: true })
    throw err
  }
}

async function downloadAndBuild(
  o: BuildUpdatesBundleOptions,
  workDir: string,
  updates: Awaited<ReturnType<typeof resolveBuildUpdates>>['updates'],
  files: ContentFile[],
  signingKey: Awaited<ReturnType<typeof loadPrivateKey>>,
) {
  const results = await downloadFiles(files, workDir, { signal: o.signal, onProgress: o.onFile })
  o.signal?.throwIfAborted()
  const failed = results.filter((r) => r.state === 'failed')
  if (failed.length)
    throw new PatchbayError(
      'unavailable',
      `${failed.length} of ${results.length} files could not be downloaded; nothing was built (rerun to resume):\n` +
        failed.map((f) => `${f.name}: ${f.error}`).join('\n'),
    )
  const seen = new Set<string>()
  const sources: BundleSourceFile[] = []
  for (const r of results) {
    if (seen.has(r.file!)) continue // the same file listed by two updates
    seen.add(r.file!)
    sources.push({ path: r.file!, source: join(workDir, r.file!), updateId: r.updateId })
  }
  const day = new Date().toISOString().slice(0, 10)
  const result = await buildBundle({
    out: o.out,
    manifest: {
      createdBy: o.createdBy ?? 'patchbay',
      package: {
        name: o.packageName ?? (o.listName ? o.listName.slice(0, 128) : `Software updates ${day}`),
        version: day,
        manufacturer: 'Patchbay',
        language: '',
        comment: `${updates.length} software updates, built offline`.slice(0, 512),
      },
      programs: programsFor(sources.map((s) => s.path)),
      updates: updates.map(bundleUpdateOf),
    },
    files: sources,
    signingKey,
    onProgress: o.onBuild,
  })
  if (o.workDir === undefined) await rm(workDir, { recursive: true, force: true })
  return {
    out: result.out,
    fingerprint: result.fingerprint,
    files: sources.length,
    bytes: result.payloadBytes,
    updates: updates.length,
  }
}
