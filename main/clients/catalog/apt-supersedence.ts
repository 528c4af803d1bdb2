import { compareDebianVersions } from './debian-version'

/** Maps each entry's id to the id of the newest version of the same package+architecture, when newer. */
export function computeSupersedence(
  entries: ReadonlyArray<{ id: string; package: string; architecture: string; version: string }>,
): Map<string, string> {
  const newest = new Map<string, { id: string; version: string }>()
  for (const e of entries) {
    const key = `${e.package}\u0000${e.architecture}`
    const best = newest.get(key)
    if (!best || compareDebianVersions(e.version, best.version) > 0)
      newest.set(key, { id: e.id, version: e.version })
  }
  const out = new Map<string, string>()
  for (const e of entries) {
    const best = newest.get(`${e.package}\u0000${e.architecture}`)!
    if (best.id !== e.id && compareDebianVersions(e.version, best.version) < 0) out.set(e.id, best.id)
  }
  return out
}
