// The wizard's offline mode: update types and updates read from an exported catalog snapshot
// (main/core/catalog/snapshot.ts). No client reports offline, so every update of the snapshot is listed.
import { stat } from 'node:fs/promises'
import type { CandidateDto, UpdateTypeDto } from '../../../shared/dto/wizard'
import { PatchbayError } from '../../../shared/errors'
import { readCatalogSnapshot, type CatalogSnapshot } from '../catalog/snapshot'
import { infoUrlOf, platformOfVendor } from './programs'
import { parseUpdateType, updateTypeLabel } from './service'

/** Reads a snapshot, turning "not a snapshot" into a clear input error on the snapshot field. */
export async function loadSnapshot(file: string): Promise<CatalogSnapshot> {
  if (!(await stat(file).catch(() => null))?.isFile())
    throw new PatchbayError('invalid-input', `No catalog snapshot at ${file}`, 'snapshot')
  try {
    return await readCatalogSnapshot(file)
  } catch (err) {
    throw new PatchbayError('invalid-input', (err as Error).message, 'snapshot')
  }
}

/** Update types of a catalog snapshot (every update counts as applicable: no client reports offline). */
export async function snapshotUpdateTypes(file: string): Promise<UpdateTypeDto[]> {
  const s = await loadSnapshot(file)
  const groups = new Map<string, UpdateTypeDto>()
  for (const u of s.updates) {
    if (u.expired) continue
    const key = `${u.vendor}|${u.classification}`
    const g = groups.get(key) ?? {
      key,
      vendor: u.vendor,
      platform: platformOfVendor(u.vendor),
      classification: u.classification,
      label: updateTypeLabel(u.vendor, u.classification),
      updates: 0,
      applicable: 0,
    }
    g.updates++
    g.applicable++
    groups.set(key, g)
  }
  return [...groups.values()].sort(
    (a, b) => a.platform.localeCompare(b.platform) || a.label.localeCompare(b.label),
  )
}

/** The updates of one type in a catalog snapshot, with their downloadable files' count and size. */
export async function snapshotCandidates(file: string, updateType: string): Promise<CandidateDto[]> {
  const { vendor, classification } = parseUpdateType(updateType)
  const s = await loadSnapshot(file)
  const files = new Map<string, { n: number; size: number }>()
  for (const f of s.files) {
    const e = files.get(f.updateId) ?? { n: 0, size: 0 }
    files.set(f.updateId, { n: e.n + 1, size: e.size + f.size })
  }
  return s.updates
    .filter((u) => !u.expired && u.vendor === vendor && u.classification === classification)
    .map((u) => ({
      id: u.id,
      title: u.title,
      vendor: u.vendor,
      classification: u.classification,
      severity: u.severity,
      kb: u.kb,
      package: u.package,
      version: u.version,
      releaseDate: u.releaseDate,
      required: 0,
      installed: 0,
      files: files.get(u.id)?.n ?? 0,
      size: files.get(u.id)?.size ?? 0,
      infoUrl: infoUrlOf(u),
    }))
}
