/**
 * Maintenance windows and blackout periods of collections, and when they are open (pure; no clock).
 *
 * Time: a window's `start` is a LOCAL WALL TIME ('YYYY-MM-DDTHH:mm') in the IANA zone `timeZone`
 * ('UTC' for a fixed schedule). A "daily 02:00 Europe/Berlin" window opens at 02:00 Berlin time on both
 * sides of a daylight-saving change; a start skipped by the spring change opens when the clocks resume
 * (02:30 → 03:30), a start repeated in autumn opens at its first instance. `durationMinutes` is elapsed
 * time, so a 3-hour window is always 3 hours long.
 *
 * Recurrence: `start` gives the time of day and the first day the window may open; its date need not
 * itself be an occurrence (a weekly Tuesday window starting on a Monday first opens on the Tuesday).
 * 'monthly-day' with a day the month lacks (31 in April) skips that month; day 0 is the last day.
 * 'monthly-weekday' is the Nth weekday of the month (week 5 = the last) plus `offsetDays`, e.g. second
 * Tuesday + 2 days; the offset may run into the next month. `every` repeats every N days/weeks/months,
 * counted from the start (weeks run Sunday–Saturday).
 *
 * Semantics (ConfigMgr): a client's windows are the union of the windows of all its collections;
 * a blackout of any of its collections closes every window it overlaps; a client without any
 * maintenance window may install at any time (see deployments/install-timing.ts).
 */
import type { Selectable } from 'kysely'
import { z } from 'zod'
import { recurrenceSchema } from '../../../shared/dto/maintenance-window'
import { PatchbayError } from '../../../shared/errors'
import type { MaintenanceWindowTable } from '../../site/schema'
import {
  dateOfDay,
  DAY_MS,
  dayNumber,
  daysInMonth,
  isValidTimeZone,
  parseWallTime,
  wallToInstant,
  weekdayOfDay,
  type WallTime,
} from './zoned-time'

/** How a window repeats; the schema lives with the channel DTOs. */
export { recurrenceSchema }

/** A parsed recurrence. */
export type Recurrence = z.infer<typeof recurrenceSchema>

/** The longest maintenance window (ConfigMgr's limit) and the longest blackout, in minutes. */
export const MAX_WINDOW_MINUTES = 24 * 60
export const MAX_BLACKOUT_MINUTES = 366 * 24 * 60

/** A maintenance window (or blackout period) as the user enters it. */
export const maintenanceWindowSchema = z
  .object({
    collectionId: z.string().trim().min(1, 'Collection is required'),
    name: z.string().trim().min(1, 'Name is required'),
    kind: z.enum(['window', 'blackout']).default('window'),
    start: z.string().refine((s) => parseWallTime(s) !== null, 'Start must be a local time YYYY-MM-DDTHH:mm'),
    timeZone: z
      .string()
      .refine(isValidTimeZone, 'Time zone must be an IANA zone such as Europe/Berlin or UTC'),
    durationMinutes: z.number().int().min(1, 'Duration must be at least one minute'),
    recurrence: recurrenceSchema,
    enabled: z.boolean().default(true),
  })
  .superRefine((w, ctx) => {
    const max = w.kind === 'window' ? MAX_WINDOW_MINUTES : MAX_BLACKOUT_MINUTES
    if (w.durationMinutes > max)
      ctx.addIssue({
        code: 'custom',
        path: ['durationMinutes'],
        message:
          w.kind === 'window'
            ? 'A maintenance window lasts at most 24 hours'
            : 'A blackout period lasts at most 366 days',
      })
  })

/** A maintenance window as entered (defaults not yet applied). */
export type MaintenanceWindowInput = z.input<typeof maintenanceWindowSchema>

/** A validated maintenance window or blackout period. */
export type MaintenanceWindow = z.output<typeof maintenanceWindowSchema>

/** A span of time, start inclusive and end exclusive. */
export interface Interval {
  start: Date
  end: Date
}

/** Validates a window; bad input throws PatchbayError('invalid-input') naming the field. */
export function parseMaintenanceWindow(input: unknown): MaintenanceWindow {
  const r = maintenanceWindowSchema.safeParse(input)
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  const field = issue.path.map(String).join('.')
  throw new PatchbayError('invalid-input', `Maintenance window: ${issue.message}`, field || undefined)
}

/** The columns of a maintenance_window row (recurrence JSON also holds timeZone, kind and enabled). */
export type MaintenanceWindowRow = Pick<
  Selectable<MaintenanceWindowTable>,
  'collection_id' | 'name' | 'start_at' | 'duration_minutes' | 'recurrence'
>

/** A window as maintenance_window column values. */
export function windowToRow(w: MaintenanceWindow): MaintenanceWindowRow {
  return {
    collection_id: w.collectionId,
    name: w.name,
    start_at: w.start,
    duration_minutes: w.durationMinutes,
    recurrence: JSON.stringify({ ...w.recurrence, timeZone: w.timeZone, type: w.kind, enabled: w.enabled }),
  }
}

/** A window from a maintenance_window row written by windowToRow. */
export function windowFromRow(row: MaintenanceWindowRow): MaintenanceWindow {
  const { timeZone, type, enabled, ...recurrence } = JSON.parse(row.recurrence) as Record<string, unknown>
  return parseMaintenanceWindow({
    collectionId: row.collection_id,
    name: row.name,
    kind: type,
    start: row.start_at,
    timeZone,
    durationMinutes: row.duration_minutes,
    recurrence,
    enabled,
  })
}

/** The windows that apply to a client: those of every collection it belongs to (their union). */
export function effectiveWindows(
  windows: readonly MaintenanceWindow[],
  collectionIds: Iterable<string>,
): MaintenanceWindow[] {
  const ids = new Set(collectionIds)
  return windows.filter((w) => ids.has(w.collectionId))
}

/** Civil days (in the window's zone) on which the window opens, between lo and hi inclusive. */
function occurrenceDays(w: MaintenanceWindow, first: WallTime, lo: number, hi: number): number[] {
  const startDay = dayNumber(first.year, first.month, first.day)
  const from = Math.max(lo, startDay)
  const r = w.recurrence
  const days: number[] = []
  if (r.kind === 'none') return startDay >= lo && startDay <= hi ? [startDay] : []
  if (r.kind === 'daily') {
    for (
      let d = startDay + Math.max(0, Math.ceil((from - startDay) / r.every)) * r.every;
      d <= hi;
      d += r.every
    )
      days.push(d)
    return days
  }
  if (r.kind === 'weekly') {
    const anchor = startDay - weekdayOfDay(startDay)
    for (let d = from; d <= hi; d++)
      if (r.days.includes(weekdayOfDay(d)) && Math.floor((d - anchor) / 7) % r.every === 0) days.push(d)
    return days
  }
  const firstMonth = first.year * 12 + first.month - 1
  const loDate = dateOfDay(lo)
  const hiDate = dateOfDay(hi)
  const span = r.kind === 'monthly-weekday' ? Math.ceil(Math.abs(r.offsetDays) / 28) + 1 : 0
  const mLo = Math.max(firstMonth, loDate.year * 12 + loDate.month - 1 - span)
  const mHi = hiDate.year * 12 + hiDate.month - 1 + span
  for (let m = mLo; m <= mHi; m++) {
    if ((m - firstMonth) % r.every !== 0) continue
    const year = Math.floor(m / 12)
    const month = (m % 12) + 1
    const last = daysInMonth(year, month)
    let d: number
    if (r.kind === 'monthly-day') {
      if (r.day > last) continue
      d = dayNumber(year, month, r.day === 0 ? last : r.day)
    } else if (r.week === 5) {
      const lastDay = dayNumber(year, month, last)
      d = lastDay - ((weekdayOfDay(lastDay) - r.weekday + 7) % 7) + r.offsetDays
    } else {
      const firstDay = dayNumber(year, month, 1)
      d = firstDay + ((r.weekday - weekdayOfDay(firstDay) + 7) % 7) + (r.week - 1) * 7 + r.offsetDays
    }
    if (d >= from && d <= hi) days.push(d)
  }
  return days.sort((a, b) => a - b)
}

/** Occurrences of one window overlapping [from, to), in order. */
export function occurrences(w: MaintenanceWindow, from: Date, to: Date): Interval[] {
  const first = parseWallTime(w.start)
  if (!first || !w.enabled) return []
  const durationMs = w.durationMinutes * 60_000
  // Zone offsets stay within ±14 h, so a day-or-two margin finds every occurrence that can overlap.
  const lo = Math.floor((from.getTime() - durationMs) / DAY_MS) - 2
  const hi = Math.floor(to.getTime() / DAY_MS) + 2
  const out: Interval[] = []
  for (const d of occurrenceDays(w, first, lo, hi)) {
    const date = dateOfDay(d)
    const start = wallToInstant({ ...date, hour: first.hour, minute: first.minute }, w.timeZone)
    const end = start + durationMs
    if (end > from.getTime() && start < to.getTime()) out.push({ start: new Date(start), end: new Date(end) })
  }
  return out
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start.getTime() - b.start.getTime())
  const out: Interval[] = []
  for (const i of sorted) {
    const last = out[out.length - 1]
    if (last && i.start.getTime() <= last.end.getTime()) {
      if (i.end > last.end) last.end = i.end
    } else out.push({ start: i.start, end: i.end })
  }
  return out
}

/** Cuts sorted, merged `closed` intervals out of sorted, merged `open` ones (one sweep). */
function subtract(open: Interval[], closed: Interval[]): Interval[] {
  const out: Interval[] = []
  let c = 0
  for (const o of open) {
    let start = o.start
    while (c < closed.length && closed[c]!.end <= start) c++
    for (let k = c; k < closed.length && closed[k]!.start < o.end; k++) {
      if (closed[k]!.start > start) out.push({ start, end: closed[k]!.start })
      if (closed[k]!.end > start) start = closed[k]!.end
    }
    if (start < o.end) out.push({ start, end: o.end })
  }
  return out
}

/** Blackout periods overlapping [from, to), merged. */
export function blackoutIntervals(windows: readonly MaintenanceWindow[], from: Date, to: Date): Interval[] {
  return merge(windows.filter((w) => w.kind === 'blackout').flatMap((w) => occurrences(w, from, to)))
}

/** Open time overlapping [from, to): the union of the windows minus the blackouts, in order. */
export function openIntervals(windows: readonly MaintenanceWindow[], from: Date, to: Date): Interval[] {
  const open = merge(windows.filter((w) => w.kind === 'window').flatMap((w) => occurrences(w, from, to)))
  return subtract(open, blackoutIntervals(windows, from, to)).filter((i) => i.end > from && i.start < to)
}

/** How far ahead nextWindow looks before it answers null. */
export const HORIZON_DAYS = 3653

/**
 * The open window in progress at `from` or the next one after it (its start may lie before `from`),
 * with overlapping windows of several collections merged and blackouts cut out; null when none opens
 * within HORIZON_DAYS.
 */
export function nextWindow(windows: readonly MaintenanceWindow[], from: Date): Interval | null {
  const active = windows.filter((w) => w.enabled)
  if (!active.some((w) => w.kind === 'window')) return null
  const horizon = from.getTime() + HORIZON_DAYS * DAY_MS
  const longest = Math.max(...active.map((w) => w.durationMinutes)) * 60_000
  let to = from.getTime() + 35 * DAY_MS
  for (;;) {
    const first = openIntervals(active, from, new Date(to))[0]
    // The interval is complete once every occurrence that could extend it (starting before its end) was seen.
    if (first && first.end.getTime() < to) return first
    if (to >= horizon)
      return first ? { start: first.start, end: new Date(Math.min(first.end.getTime(), horizon)) } : null
    to = Math.min(
      horizon,
      first ? first.end.getTime() + longest + DAY_MS : from.getTime() + (to - from.getTime()) * 4,
    )
  }
}

/** True when `at` falls inside a maintenance window and outside every blackout. */
export function isInWindow(windows: readonly MaintenanceWindow[], at: Date): boolean {
  return openIntervals(windows, at, new Date(at.getTime() + 1)).some((i) => i.start <= at && at < i.end)
}

/** The blackout period in progress at `at` (merged with those it touches), or null. */
export function currentBlackout(windows: readonly MaintenanceWindow[], at: Date): Interval | null {
  const longest = Math.max(0, ...windows.map((w) => w.durationMinutes)) * 60_000
  const around = blackoutIntervals(windows, at, new Date(at.getTime() + longest + DAY_MS))
  return around.find((i) => i.start <= at && at < i.end) ?? null
}

const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const ordinals = ['', 'first', 'second', 'third', 'fourth', 'last']

/** A one-line description for the console, e.g. "Every month on the second Tuesday + 2 days at 22:00 (Europe/Berlin), 3 h". */
export function describeWindow(w: MaintenanceWindow): string {
  const r = w.recurrence
  const time = w.start.slice(11)
  const unit = (n: number, one: string) => (n === 1 ? `Every ${one}` : `Every ${n} ${one}s`)
  const days = (n: number) => `${n} day${Math.abs(n) === 1 ? '' : 's'}`
  let when: string
  if (r.kind === 'none') when = `Once on ${w.start.slice(0, 10)}`
  else if (r.kind === 'daily') when = unit(r.every, 'day')
  else if (r.kind === 'weekly')
    when = `${unit(r.every, 'week')} on ${[...r.days]
      .sort()
      .map((d) => weekdayNames[d])
      .join(', ')}`
  else if (r.kind === 'monthly-day')
    when = `${unit(r.every, 'month')} on ${r.day === 0 ? 'the last day' : `day ${r.day}`}`
  else {
    const offset =
      r.offsetDays === 0 ? '' : r.offsetDays > 0 ? ` + ${days(r.offsetDays)}` : ` − ${days(-r.offsetDays)}`
    when = `${unit(r.every, 'month')} on the ${ordinals[r.week]} ${weekdayNames[r.weekday]}${offset}`
  }
  const h = Math.floor(w.durationMinutes / 60)
  const m = w.durationMinutes % 60
  const length = [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ')
  const prefix = w.kind === 'blackout' ? 'Blackout: ' : ''
  return `${prefix}${when} at ${time} (${w.timeZone}), ${length}`
}
