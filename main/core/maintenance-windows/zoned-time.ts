/**
 * Local wall-clock times in an IANA time zone, and the instants they stand for, using only Intl (no
 * library). Civil days are counted from 1970-01-01 (day 0, a Thursday).
 */

/** A local date and time of day, without a zone. Month is 1–12. */
export interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000

const wallPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/** Parses 'YYYY-MM-DDTHH:mm' (a wall time, no zone or seconds), or returns null when it is not one. */
export function parseWallTime(text: string): WallTime | null {
  const m = wallPattern.exec(text)
  if (!m) return null
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59)
    return null
  return { year, month, day, hour, minute }
}

/** Formats a wall time as 'YYYY-MM-DDTHH:mm'. */
export function formatWallTime(w: WallTime): string {
  const p = (n: number, l = 2) => String(n).padStart(l, '0')
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`
}

/** The civil day number of a date (days since 1970-01-01). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS)
}

/** The date of a civil day number. */
export function dateOfDay(n: number): { year: number; month: number; day: number } {
  const d = new Date(n * DAY_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** Day of week of a civil day number, Sunday = 0 … Saturday = 6. */
export function weekdayOfDay(n: number): number {
  return (((n + 4) % 7) + 7) % 7
}

/** Number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when the name is an IANA time zone this runtime knows ('UTC' included). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** The wall time (with seconds) an instant shows in a zone. */
export function wallTimeAt(instant: number, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(instant)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  }
}

/** The zone's offset from UTC at an instant, in milliseconds (local = UTC + offset). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0
  const w = wallTimeAt(instant, timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(instant / 1000) * 1000
}

/**
 * The instant a wall time stands for in a zone. Like Temporal's 'compatible' disambiguation: a time
 * repeated by a backward shift (autumn) is its earlier instant; a time skipped by a forward shift
 * (spring) moves forward by the gap (02:30 on a 02:00→03:00 day is 03:30).
 */
export function wallToInstant(w: WallTime, timeZone: string): number {
  const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute)
  const before = zoneOffsetMs(local - DAY_MS, timeZone)
  const after = zoneOffsetMs(local + DAY_MS, timeZone)
  const valid = [local - before, local - after].filter((t) => zoneOffsetMs(t, timeZone) === local - t)
  if (valid.length) return Math.min(...valid)
  return local - before
}
