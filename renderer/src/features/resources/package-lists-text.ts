import type { ResourceDto } from '../../../../shared/dto/resource'
import { ageText, secondsSince } from '../../../../shared/lists-age'
import { formatTime } from '../../lib/format'

/**
 * What Resource Explorer says about a client's package lists: "Package lists: refreshed 3 h ago (2026-…)", with
 * "refresh failed: …" first when the last scan could not refresh them; null when no scan measured them.
 */
export function packageListsText(r: ResourceDto, now: Date = new Date()): string | null {
  const age = secondsSince(r.listsUpdatedAt, now)
  const refreshed = age === null ? null : `refreshed ${ageText(age)} ago (${formatTime(r.listsUpdatedAt)})`
  if (r.listsRefreshError)
    return `Package lists: refresh failed: ${r.listsRefreshError}${refreshed ? `; last ${refreshed}` : ''}`
  return refreshed ? `Package lists: ${refreshed}` : null
}

/** The "Lists Age" column: "3 h", "2 d (refresh failed)", '' when unknown. */
export function listsAgeCell(r: ResourceDto, now: Date = new Date()): string {
  const age = secondsSince(r.listsUpdatedAt, now)
  const text = age === null ? '' : ageText(age)
  return r.listsRefreshError ? `${text || 'unknown'} (refresh failed)` : text
}
