import { describe, expect, it } from 'vitest'
import {
  currentBlackout,
  describeWindow,
  effectiveWindows,
  isInWindow,
  nextWindow,
  occurrences,
  openIntervals,
  parseMaintenanceWindow,
  windowFromRow,
  windowToRow,
  type MaintenanceWindow,
  type MaintenanceWindowInput,
} from '../../../../main/core/maintenance-windows/windows'
import { PatchbayError } from '../../../../shared/errors'

// All times are fixed instants (a fake clock): nothing here reads the machine's clock or zone.
const t = (iso: string) => new Date(iso)
const TUESDAY = 2

function win(
  w: Partial<MaintenanceWindowInput> & Pick<MaintenanceWindowInput, 'start' | 'recurrence'>,
): MaintenanceWindow {
  return parseMaintenanceWindow({
    collectionId: 'LAB00010',
    name: 'Patch night',
    timeZone: 'UTC',
    durationMinutes: 180,
    ...w,
  })
}

const starts = (w: MaintenanceWindow, from: string, to: string) =>
  occurrences(w, t(from), t(to)).map((i) => i.start.toISOString())

const span = (i: { start: Date; end: Date } | null) => i && [i.start.toISOString(), i.end.toISOString()]

describe('maintenance window recurrences', () => {
  it('none: opens once, then never again', () => {
    const w = win({ start: '2024-03-05T22:00', recurrence: { kind: 'none' } })
    expect(span(nextWindow([w], t('2024-03-01T00:00Z')))).toEqual([
      '2024-03-05T22:00:00.000Z',
      '2024-03-06T01:00:00.000Z',
    ])
    expect(nextWindow([w], t('2024-03-06T01:00Z'))).toBeNull()
  })

  it('daily every 2 days from the start date', () => {
    const w = win({ start: '2024-01-30T23:00', recurrence: { kind: 'daily', every: 2 } })
    expect(starts(w, '2024-01-01T00:00Z', '2024-02-06T00:00Z')).toEqual([
      '2024-01-30T23:00:00.000Z',
      '2024-02-01T23:00:00.000Z',
      '2024-02-03T23:00:00.000Z',
      '2024-02-05T23:00:00.000Z',
    ])
  })

  it('weekly: Tuesday 22:00 UTC, starting on a Monday, first opens the next day', () => {
    const w = win({ start: '2024-03-04T22:00', recurrence: { kind: 'weekly', days: [TUESDAY] } })
    expect(span(nextWindow([w], t('2024-03-04T12:00Z')))).toEqual([
      '2024-03-05T22:00:00.000Z',
      '2024-03-06T01:00:00.000Z',
    ])
    expect(starts(w, '2024-03-01T00:00Z', '2024-03-20T00:00Z')).toEqual([
      '2024-03-05T22:00:00.000Z',
      '2024-03-12T22:00:00.000Z',
      '2024-03-19T22:00:00.000Z',
    ])
  })

  it('weekly every 2 weeks on Monday and Thursday', () => {
    const w = win({ start: '2024-01-01T20:00', recurrence: { kind: 'weekly', every: 2, days: [1, 4] } })
    expect(starts(w, '2024-01-01T00:00Z', '2024-02-02T00:00Z').map((s) => s.slice(0, 10))).toEqual([
      '2024-01-01',
      '2024-01-04',
      '2024-01-15',
      '2024-01-18',
      '2024-01-29',
      '2024-02-01',
    ])
  })

  it('monthly on day 31 skips short months; day 0 is the last day (29 February 2024)', () => {
    const d31 = win({ start: '2024-01-01T01:00', recurrence: { kind: 'monthly-day', day: 31 } })
    expect(starts(d31, '2024-01-01T00:00Z', '2024-06-01T00:00Z').map((s) => s.slice(0, 10))).toEqual([
      '2024-01-31',
      '2024-03-31',
      '2024-05-31',
    ])
    const last = win({ start: '2024-01-01T01:00', recurrence: { kind: 'monthly-day', day: 0 } })
    expect(starts(last, '2024-02-01T00:00Z', '2024-04-01T00:00Z').map((s) => s.slice(0, 10))).toEqual([
      '2024-02-29',
      '2024-03-31',
    ])
  })

  it('monthly every 3 months on day 15, counted from the start month', () => {
    const w = win({ start: '2024-02-01T03:00', recurrence: { kind: 'monthly-day', every: 3, day: 15 } })
    expect(starts(w, '2024-01-01T00:00Z', '2025-01-01T00:00Z').map((s) => s.slice(0, 10))).toEqual([
      '2024-02-15',
      '2024-05-15',
      '2024-08-15',
      '2024-11-15',
    ])
  })

  // Patch Tuesday offsets; 2024's second Tuesdays: Jan 9, Feb 13, Mar 12, Apr 9, May 14, Jun 11, Jul 9,
  // Aug 13, Sep 10, Oct 8, Nov 12, Dec 10.
  it('second Tuesday + 2 days, every month of 2024', () => {
    const w = win({
      start: '2024-01-01T22:00',
      recurrence: { kind: 'monthly-weekday', week: 2, weekday: TUESDAY, offsetDays: 2 },
    })
    expect(starts(w, '2024-01-01T00:00Z', '2025-01-01T00:00Z').map((s) => s.slice(0, 10))).toEqual([
      '2024-01-11',
      '2024-02-15',
      '2024-03-14',
      '2024-04-11',
      '2024-05-16',
      '2024-06-13',
      '2024-07-11',
      '2024-08-15',
      '2024-09-12',
      '2024-10-10',
      '2024-11-14',
      '2024-12-12',
    ])
  })

  it('second Tuesday + 5 days stays in its month (the 13th–19th) for every month of 2024–2026', () => {
    const w = win({
      start: '2024-01-01T22:00',
      recurrence: { kind: 'monthly-weekday', week: 2, weekday: TUESDAY, offsetDays: 5 },
    })
    const all = starts(w, '2024-01-01T00:00Z', '2027-01-01T00:00Z')
    expect(all).toHaveLength(36)
    for (const [i, s] of all.entries()) {
      expect(Number(s.slice(5, 7))).toBe((i % 12) + 1)
      expect(Number(s.slice(8, 10))).toBeGreaterThanOrEqual(13)
      expect(Number(s.slice(8, 10))).toBeLessThanOrEqual(19)
      expect(new Date(s).getUTCDay()).toBe(0) // Tuesday + 5 = Sunday
    }
  })

  it('an offset that crosses into the next month: last Tuesday + 5 and fourth Tuesday + 5', () => {
    const last = win({
      start: '2024-04-01T22:00',
      recurrence: { kind: 'monthly-weekday', week: 5, weekday: TUESDAY, offsetDays: 5 },
    })
    // April's last Tuesday is the 30th: its window opens on 5 May; May's (the 28th) on 2 June.
    expect(starts(last, '2024-04-01T00:00Z', '2024-07-01T00:00Z').map((s) => s.slice(0, 10))).toEqual([
      '2024-05-05',
      '2024-06-02',
      '2024-06-30',
    ])
    expect(span(nextWindow([last], t('2024-05-01T00:00Z')))).toEqual([
      '2024-05-05T22:00:00.000Z',
      '2024-05-06T01:00:00.000Z',
    ])
    const fourth = win({
      start: '2024-02-01T22:00',
      recurrence: { kind: 'monthly-weekday', week: 4, weekday: TUESDAY, offsetDays: 5 },
    })
    // February 2024's fourth Tuesday is the 27th (a leap year): + 5 days is 3 March.
    expect(starts(fourth, '2024-02-01T00:00Z', '2024-04-01T00:00Z').map((s) => s.slice(0, 10))).toEqual([
      '2024-03-03',
      '2024-03-31',
    ])
  })

  it('second Tuesday + 20 days lands in the next month and keeps month order', () => {
    const w = win({
      start: '2024-02-01T22:00',
      recurrence: { kind: 'monthly-weekday', week: 2, weekday: TUESDAY, offsetDays: 20 },
    })
    // 13 Feb + 20 = 4 Mar; 12 Mar + 20 = 1 Apr; 9 Apr + 20 = 29 Apr.
    expect(starts(w, '2024-02-01T00:00Z', '2024-05-01T00:00Z').map((s) => s.slice(0, 10))).toEqual([
      '2024-03-04',
      '2024-04-01',
      '2024-04-29',
    ])
  })

  it('the start date bounds the first occurrence, even for an offset pattern', () => {
    const w = win({
      start: '2024-03-13T22:00',
      recurrence: { kind: 'monthly-weekday', week: 2, weekday: TUESDAY, offsetDays: 0 },
    })
    // 12 March is before the start: the first window is April's second Tuesday.
    expect(starts(w, '2024-03-01T00:00Z', '2024-05-01T00:00Z')).toEqual(['2024-04-09T22:00:00.000Z'])
  })
})

describe('time zones and daylight saving (windows hold local wall time in an IANA zone)', () => {
  it('daily 02:00 Europe/Berlin across the spring change: the skipped 02:00 opens at 03:00 CEST', () => {
    const w = win({
      start: '2024-03-29T02:00',
      timeZone: 'Europe/Berlin',
      durationMinutes: 120,
      recurrence: { kind: 'daily', every: 1 },
    })
    expect(starts(w, '2024-03-29T00:00Z', '2024-04-02T00:00Z')).toEqual([
      '2024-03-29T01:00:00.000Z', // 02:00 CET
      '2024-03-30T01:00:00.000Z', // 02:00 CET
      '2024-03-31T01:00:00.000Z', // 02:00 does not exist; 03:00 CEST
      '2024-04-01T00:00:00.000Z', // 02:00 CEST
    ])
    // Duration is elapsed time: still two hours.
    const o = occurrences(w, t('2024-03-31T00:00Z'), t('2024-03-31T23:00Z'))[0]!
    expect(o.end.getTime() - o.start.getTime()).toBe(2 * 3600_000)
  })

  it('daily 02:30 Europe/Berlin across the autumn change: the repeated 02:30 opens at its first instance', () => {
    const w = win({
      start: '2024-10-25T02:30',
      timeZone: 'Europe/Berlin',
      recurrence: { kind: 'daily', every: 1 },
    })
    expect(starts(w, '2024-10-26T00:00Z', '2024-10-29T00:00Z')).toEqual([
      '2024-10-26T00:30:00.000Z', // 02:30 CEST
      '2024-10-27T00:30:00.000Z', // 02:30 CEST, the first of the two
      '2024-10-28T01:30:00.000Z', // 02:30 CET
    ])
  })

  it('a weekly window keeps its local time in New York across the US change, a UTC window keeps UTC', () => {
    const ny = win({
      start: '2024-03-01T22:00',
      timeZone: 'America/New_York',
      recurrence: { kind: 'weekly', days: [6] },
    })
    expect(starts(ny, '2024-03-01T00:00Z', '2024-03-18T00:00Z')).toEqual([
      '2024-03-03T03:00:00.000Z', // Sat 2 Mar 22:00 EST
      '2024-03-10T03:00:00.000Z', // Sat 9 Mar 22:00 EST (the change is on Sunday 10 Mar)
      '2024-03-17T02:00:00.000Z', // Sat 16 Mar 22:00 EDT
    ])
    const utc = win({ start: '2024-03-01T22:00', recurrence: { kind: 'weekly', days: [6] } })
    expect(starts(utc, '2024-03-01T00:00Z', '2024-03-18T00:00Z')).toEqual([
      '2024-03-02T22:00:00.000Z',
      '2024-03-09T22:00:00.000Z',
      '2024-03-16T22:00:00.000Z',
    ])
  })

  it('a window that is open while the clocks change lasts its elapsed duration', () => {
    const w = win({
      start: '2024-10-27T01:00',
      timeZone: 'Europe/Berlin',
      durationMinutes: 240,
      recurrence: { kind: 'none' },
    })
    // 01:00 CEST = 23:00Z; four hours later is 03:00Z = 04:00 CET (local clock shows five hours).
    expect(span(nextWindow([w], t('2024-10-26T00:00Z')))).toEqual([
      '2024-10-26T23:00:00.000Z',
      '2024-10-27T03:00:00.000Z',
    ])
  })
})

describe('windows of a client: union over collections, blackouts, in-window', () => {
  const sat = win({
    collectionId: 'LAB00011',
    start: '2024-06-01T22:00',
    durationMinutes: 240,
    recurrence: { kind: 'weekly', days: [6] },
  })
  const sun = win({
    collectionId: 'LAB00012',
    start: '2024-06-01T01:00',
    durationMinutes: 180,
    recurrence: { kind: 'weekly', days: [0] },
  })
  const other = win({
    collectionId: 'LAB00013',
    start: '2024-06-01T12:00',
    recurrence: { kind: 'daily', every: 1 },
  })

  it('a client in two collections gets both windows, overlapping ones merged; others do not apply', () => {
    const mine = effectiveWindows([sat, sun, other], ['LAB00011', 'LAB00012'])
    expect(mine).toEqual([sat, sun])
    // Sat 22:00–Sun 02:00 and Sun 01:00–04:00 form one window.
    expect(span(nextWindow(mine, t('2024-06-03T00:00Z')))).toEqual([
      '2024-06-08T22:00:00.000Z',
      '2024-06-09T04:00:00.000Z',
    ])
    expect(isInWindow(mine, t('2024-06-09T03:00Z'))).toBe(true)
    expect(isInWindow(mine, t('2024-06-09T04:00Z'))).toBe(false) // end is exclusive
    expect(isInWindow(mine, t('2024-06-05T12:30Z'))).toBe(false) // the other collection's daily window
    expect(isInWindow(effectiveWindows([sat, sun, other], ['LAB00013']), t('2024-06-05T12:30Z'))).toBe(true)
  })

  it('nextWindow during an open window returns that window with its real start', () => {
    expect(span(nextWindow([sat], t('2024-06-08T23:30Z')))).toEqual([
      '2024-06-08T22:00:00.000Z',
      '2024-06-09T02:00:00.000Z',
    ])
  })

  it('a blackout of any collection of the client cuts a window in two', () => {
    const daily = win({
      start: '2024-06-01T01:00',
      durationMinutes: 240,
      recurrence: { kind: 'daily', every: 1 },
    })
    const freeze = win({
      collectionId: 'LAB00011',
      kind: 'blackout',
      start: '2024-06-05T02:00',
      durationMinutes: 60,
      recurrence: { kind: 'none' },
    })
    const mine = [daily, freeze]
    expect(openIntervals(mine, t('2024-06-05T00:00Z'), t('2024-06-05T23:00Z')).map(span)).toEqual([
      ['2024-06-05T01:00:00.000Z', '2024-06-05T02:00:00.000Z'],
      ['2024-06-05T03:00:00.000Z', '2024-06-05T05:00:00.000Z'],
    ])
    expect(isInWindow(mine, t('2024-06-05T01:30Z'))).toBe(true)
    expect(isInWindow(mine, t('2024-06-05T02:30Z'))).toBe(false)
    expect(span(nextWindow(mine, t('2024-06-05T02:30Z')))).toEqual([
      '2024-06-05T03:00:00.000Z',
      '2024-06-05T05:00:00.000Z',
    ])
    expect(span(currentBlackout(mine, t('2024-06-05T02:30Z')))).toEqual([
      '2024-06-05T02:00:00.000Z',
      '2024-06-05T03:00:00.000Z',
    ])
    expect(currentBlackout(mine, t('2024-06-05T03:00Z'))).toBeNull()
  })

  it('a year-end change freeze (Europe/Berlin) pushes the next window into January', () => {
    const nightly = win({
      start: '2024-12-01T01:00',
      timeZone: 'Europe/Berlin',
      recurrence: { kind: 'daily', every: 1 },
    })
    const freeze = win({
      kind: 'blackout',
      start: '2024-12-20T00:00',
      timeZone: 'Europe/Berlin',
      durationMinutes: 14 * 24 * 60,
      recurrence: { kind: 'none' },
    })
    // Freeze ends 3 Jan 00:00 CET; that night's window opens 01:00 CET = 00:00Z.
    expect(span(nextWindow([nightly, freeze], t('2024-12-21T00:00Z')))).toEqual([
      '2025-01-03T00:00:00.000Z',
      '2025-01-03T03:00:00.000Z',
    ])
    // A yearly-recurring freeze (monthly every 12 months) also shapes the following years.
    const yearly = { ...freeze, recurrence: { kind: 'monthly-day' as const, every: 12, day: 20 } }
    expect(nextWindow([nightly, yearly], t('2025-12-22T00:00Z'))?.start.toISOString()).toBe(
      '2026-01-03T00:00:00.000Z',
    )
  })

  it('answers null without windows, with only blackouts, with disabled windows, or when every window is blacked out', () => {
    const daily = win({ start: '2024-06-01T01:00', recurrence: { kind: 'daily', every: 1 } })
    const blackout = win({
      kind: 'blackout',
      start: '2024-06-01T00:00',
      durationMinutes: 24 * 60,
      recurrence: { kind: 'daily', every: 1 },
    })
    expect(nextWindow([], t('2024-06-05T00:00Z'))).toBeNull()
    expect(nextWindow([blackout], t('2024-06-05T00:00Z'))).toBeNull()
    expect(nextWindow([{ ...daily, enabled: false }], t('2024-06-05T00:00Z'))).toBeNull()
    expect(nextWindow([daily, blackout], t('2024-06-05T00:00Z'))).toBeNull()
    expect(isInWindow([], t('2024-06-05T01:30Z'))).toBe(false)
  })
})

describe('validation, storage and description', () => {
  function invalid(input: Record<string, unknown>): PatchbayError {
    try {
      parseMaintenanceWindow({
        collectionId: 'LAB00010',
        name: 'w',
        timeZone: 'UTC',
        durationMinutes: 60,
        start: '2024-01-01T01:00',
        recurrence: { kind: 'none' },
        ...input,
      })
    } catch (e) {
      expect(e).toBeInstanceOf(PatchbayError)
      return e as PatchbayError
    }
    throw new Error('accepted invalid input')
  }

  it('refuses bad input with a clear error naming the field', () => {
    expect(invalid({ timeZone: 'Mars/Olympus' })).toMatchObject({ code: 'invalid-input', field: 'timeZone' })
    expect(invalid({ timeZone: 'Mars/Olympus' }).message).toMatch(/IANA zone/)
    expect(invalid({ start: '2024-02-30T01:00' })).toMatchObject({ field: 'start' })
    expect(invalid({ start: '2024-01-01 01:00' })).toMatchObject({ field: 'start' })
    expect(invalid({ durationMinutes: 25 * 60 }).message).toMatch(/at most 24 hours/)
    expect(invalid({ durationMinutes: 0 })).toMatchObject({ field: 'durationMinutes' })
    expect(invalid({ recurrence: { kind: 'weekly', days: [] } })).toMatchObject({ field: 'recurrence.days' })
    expect(invalid({ recurrence: { kind: 'monthly-weekday', week: 6, weekday: 2 } })).toMatchObject({
      field: 'recurrence.week',
    })
    expect(invalid({ name: '  ' }).message).toMatch(/Name is required/)
    // A blackout may be long.
    expect(
      win({
        kind: 'blackout',
        start: '2024-12-20T00:00',
        durationMinutes: 14 * 24 * 60,
        recurrence: { kind: 'none' },
      }).durationMinutes,
    ).toBe(20160)
  })

  it('round-trips through maintenance_window row values', () => {
    const w = win({
      start: '2024-01-01T22:00',
      timeZone: 'Europe/Berlin',
      recurrence: { kind: 'monthly-weekday', week: 2, weekday: TUESDAY, offsetDays: 2 },
    })
    const row = windowToRow(w)
    expect(row).toMatchObject({
      collection_id: 'LAB00010',
      start_at: '2024-01-01T22:00',
      duration_minutes: 180,
    })
    expect(windowFromRow(row)).toEqual(w)
  })

  it('describes windows for the console', () => {
    expect(
      describeWindow(
        win({
          start: '2024-01-01T22:00',
          timeZone: 'Europe/Berlin',
          recurrence: { kind: 'monthly-weekday', week: 2, weekday: TUESDAY, offsetDays: 2 },
        }),
      ),
    ).toBe('Every month on the second Tuesday + 2 days at 22:00 (Europe/Berlin), 3 h')
    expect(
      describeWindow(
        win({
          start: '2024-01-01T01:30',
          durationMinutes: 90,
          recurrence: { kind: 'weekly', every: 2, days: [4, 1] },
        }),
      ),
    ).toBe('Every 2 weeks on Monday, Thursday at 01:30 (UTC), 1 h 30 min')
    expect(
      describeWindow(
        win({
          kind: 'blackout',
          start: '2024-12-20T00:00',
          durationMinutes: 45,
          recurrence: { kind: 'none' },
        }),
      ),
    ).toBe('Blackout: Once on 2024-12-20 at 00:00 (UTC), 45 min')
    expect(
      describeWindow(win({ start: '2024-01-01T01:00', recurrence: { kind: 'monthly-day', day: 0 } })),
    ).toBe('Every month on the last day at 01:00 (UTC), 3 h')
  })
})
