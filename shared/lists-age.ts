// How old a client's package lists are, for the console, the CLI, job messages and collection query rules.

/** "45 min", "3 h", "2 d": an age in seconds, rounded down to its largest whole unit (under a minute: "0 min"). */
export function ageText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`an age must be 0 or more seconds, got ${seconds}`)
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`
  if (seconds < 2 * 86_400) return `${Math.floor(seconds / 3600)} h`
  return `${Math.floor(seconds / 86_400)} d`
}

/** Seconds from `since` to `at` (both ISO times), never negative; null when `since` is null or unreadable. */
export function secondsSince(since: string | null, at: string | Date): number | null {
  if (since === null) return null
  const from = Date.parse(since)
  const to = typeof at === 'string' ? Date.parse(at) : at.getTime()
  if (Number.isNaN(from) || Number.isNaN(to)) return null
  return Math.max(0, (to - from) / 1000)
}

/** The lists' age in whole hours at the client's last scan (what the listsAgeHours query attribute tests), or null. */
export function listsAgeHoursAtScan(listsUpdatedAt: string | null, lastScanAt: string | null): number | null {
  if (lastScanAt === null) return null
  const s = secondsSince(listsUpdatedAt, lastScanAt)
  return s === null ? null : Math.floor(s / 3600)
}
