import type { UpdateCriteria } from '../../../shared/dto/update-criteria'
import type { UpdateDto } from '../../../shared/dto/update'

const DAY = 86_400_000

/** True when an update meets every given criterion (rules, search folders, "updates:search"). */
export function matchesCriteria(u: UpdateDto, c: UpdateCriteria, now: Date): boolean {
  const lower = (s: string) => s.toLowerCase()
  if (c.superseded === 'exclude' && u.supersededBy !== '') return false
  if (c.superseded === 'only' && u.supersededBy === '') return false
  if (c.classifications.length && !c.classifications.some((k) => lower(k) === lower(u.classification)))
    return false
  if (c.severities.length && !c.severities.some((k) => lower(k) === lower(u.severity))) return false
  if (c.vendors.length && !c.vendors.some((k) => lower(k) === lower(u.vendor))) return false
  if (c.products.length && !c.products.some((p) => u.products.some((up) => lower(up).includes(lower(p)))))
    return false
  if (c.text) {
    const hay = lower([u.title, u.package, u.kb ? `KB${u.kb}` : '', u.id].join(' '))
    if (!hay.includes(lower(c.text))) return false
  }
  if (c.minAgeDays !== null || c.maxAgeDays !== null) {
    const released = u.releaseDate ? Date.parse(u.releaseDate) : NaN
    if (Number.isNaN(released)) return false
    const age = (now.getTime() - released) / DAY
    if (c.minAgeDays !== null && age < c.minAgeDays) return false
    if (c.maxAgeDays !== null && age > c.maxAgeDays) return false
  }
  if (c.minRequired > 0 && u.required < c.minRequired) return false
  return true
}

/** The updates of a list that meet the criteria. */
export function filterUpdates(updates: UpdateDto[], c: UpdateCriteria, now: Date): UpdateDto[] {
  return updates.filter((u) => matchesCriteria(u, c, now))
}
