/** `patchbay window …`: maintenance windows and blackout periods of collections, and the next window. */
import { Command } from 'commander'
import type { z } from 'zod'
import type { recurrenceSchema } from '../../shared/dto/maintenance-window'
import { UsageError, output, withTransport } from './context'
import { formatTable, shortTime } from './format'
import { parseInteger } from './parse'
import { resolveClients, resolveCollection } from './resolve'

type Recurrence = z.input<typeof recurrenceSchema>

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const WEEKS = ['first', 'second', 'third', 'fourth', 'last']

function day(text: string): number {
  const d = DAYS.indexOf(text.trim().toLowerCase().slice(0, 3))
  if (d < 0) throw new UsageError(`--recur: "${text}" is not a weekday (sun, mon, … sat)`)
  return d
}

/**
 * Parses --recur: none | daily | weekly:mon,thu | monthly-day:N (0 = last day) |
 * monthly-weekday:WEEK:DAY[+N|-N] (WEEK 1–5 or first…last; e.g. monthly-weekday:second:tue+2).
 */
export function parseRecurrence(text: string, every: number): Recurrence {
  const [kind, ...rest] = text.trim().toLowerCase().split(':')
  const arg = rest.join(':')
  if (kind === 'none' && !arg) return { kind: 'none' }
  if (kind === 'daily' && !arg) return { kind: 'daily', every }
  if (kind === 'weekly' && arg) return { kind: 'weekly', every, days: arg.split(',').map(day) }
  if (kind === 'monthly-day' && /^\d{1,2}$/.test(arg))
    return { kind: 'monthly-day', every, day: parseInteger('--recur monthly-day', arg, 0, 31) }
  const m = /^(\w+):([a-z]+)([+-]\d{1,2})?$/.exec(arg)
  if (kind === 'monthly-weekday' && m) {
    const week = /^\d$/.test(m[1]!) ? Number(m[1]) : WEEKS.indexOf(m[1]!) + 1
    if (week < 1 || week > 5) throw new UsageError(`--recur: week must be 1–5 or first…last, got "${m[1]}"`)
    return { kind: 'monthly-weekday', every, week, weekday: day(m[2]!), offsetDays: Number(m[3] ?? 0) }
  }
  throw new UsageError(
    `--recur must be none, daily, weekly:DAYS, monthly-day:N or monthly-weekday:WEEK:DAY[+N] (got "${text}")`,
  )
}

/** Parses a duration: minutes, or with h/m (90, 3h, 1h30m). */
export function parseDuration(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m?)?$/.exec(text.trim().toLowerCase())
  const minutes = m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : NaN
  if (!Number.isInteger(minutes) || minutes < 1)
    throw new UsageError(`--duration must be minutes or hours such as 90, 3h or 1h30m (got "${text}")`)
  return minutes
}

type AddOptions = {
  collection: string
  name: string
  start: string
  zone: string
  duration: string
  recur: string
  every: string
  blackout?: boolean
  disabled?: boolean
}

/** `patchbay window`: add, list, remove maintenance windows; show the next window of a collection or client. */
export function windowCommand(): Command {
  const window = new Command('window').description('maintenance windows and blackout periods of collections')
  window
    .command('add')
    .description('add a maintenance window (or, with --blackout, a blackout period) to a collection')
    .requiredOption('--collection <name>', 'collection, by name or ID')
    .requiredOption('--name <name>', 'window name')
    .requiredOption('--start <YYYY-MM-DDTHH:mm>', 'first day and time of day, local to --zone')
    .option('--zone <iana>', 'time zone of --start, e.g. Europe/Berlin', 'UTC')
    .requiredOption('--duration <minutes|3h|1h30m>', 'how long it stays open')
    .option(
      '--recur <rule>',
      'none | daily | weekly:mon,thu | monthly-day:N | monthly-weekday:second:tue+2',
      'none',
    )
    .option('--every <n>', 'every N days/weeks/months', '1')
    .option('--blackout', 'a blackout period: closes every window it overlaps')
    .option('--disabled', 'store it disabled')
    .action(async (opts: AddOptions, cmd: Command) => {
      const recurrence = parseRecurrence(opts.recur, parseInteger('--every', opts.every, 1, 365))
      const durationMinutes = parseDuration(opts.duration)
      const w = await withTransport(cmd, async (t) =>
        t.invoke('windows:create', {
          collectionId: (await resolveCollection(t, opts.collection)).id,
          name: opts.name,
          kind: opts.blackout ? 'blackout' : 'window',
          start: opts.start,
          timeZone: opts.zone,
          durationMinutes,
          recurrence,
          enabled: !opts.disabled,
        }),
      )
      output(cmd, w, () => `Added window ${w.id} to ${w.collectionName}: ${w.description}.`)
    })
  window
    .command('list')
    .description('list windows with their next opening')
    .option('--collection <name>', 'one collection')
    .action(async (opts: { collection?: string }, cmd: Command) => {
      const rows = await withTransport(cmd, async (t) =>
        t.invoke('windows:list', {
          ...(opts.collection ? { collectionId: (await resolveCollection(t, opts.collection)).id } : {}),
        }),
      )
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'ID', value: (w) => w.id, right: true },
          { header: 'Collection', value: (w) => w.collectionName },
          { header: 'Name', value: (w) => w.name },
          { header: 'Schedule', value: (w) => w.description },
          { header: 'Enabled', value: (w) => (w.enabled ? 'yes' : 'no') },
          { header: 'Next', value: (w) => (w.nextStart ? shortTime(w.nextStart) : '') },
        ]),
      )
    })
  window
    .command('set <id>')
    .description("change a window's name, start, zone, duration, recurrence, kind or enabled state")
    .option('--name <name>', 'window name')
    .option('--start <YYYY-MM-DDTHH:mm>', 'first day and time of day, local to the zone')
    .option('--zone <iana>', 'time zone, e.g. Europe/Berlin')
    .option('--duration <minutes|3h|1h30m>', 'how long it stays open')
    .option('--recur <rule>', 'none | daily | weekly:mon,thu | monthly-day:N | monthly-weekday:second:tue+2')
    .option('--every <n>', 'every N days/weeks/months (with --recur)', '1')
    .option('--blackout', 'make it a blackout period')
    .option('--no-blackout', 'make it a maintenance window')
    .option('--enable', 'enable it')
    .option('--disable', 'disable it')
    .action(
      async (
        id: string,
        opts: Partial<AddOptions> & { enable?: boolean; disable?: boolean },
        cmd: Command,
      ) => {
        const n = parseInteger('window ID', id, 1, Number.MAX_SAFE_INTEGER)
        if (opts.enable && opts.disable) throw new UsageError('use either --enable or --disable, not both')
        const fields = {
          ...(opts.name !== undefined && { name: opts.name }),
          ...(opts.start !== undefined && { start: opts.start }),
          ...(opts.zone !== undefined && { timeZone: opts.zone }),
          ...(opts.duration !== undefined && { durationMinutes: parseDuration(opts.duration) }),
          ...(opts.recur !== undefined && {
            recurrence: parseRecurrence(opts.recur, parseInteger('--every', opts.every ?? '1', 1, 365)),
          }),
          ...(opts.blackout !== undefined && {
            kind: opts.blackout ? ('blackout' as const) : ('window' as const),
          }),
          ...(opts.enable && { enabled: true }),
          ...(opts.disable && { enabled: false }),
        }
        if (Object.keys(fields).length === 0)
          throw new UsageError('window set needs at least one property to change (see --help)')
        const w = await withTransport(cmd, (t) => t.invoke('windows:update', { id: n, ...fields }))
        output(
          cmd,
          w,
          () =>
            `Updated window ${w.id} of ${w.collectionName}: ${w.description}${w.enabled ? '' : ' (disabled)'}.`,
        )
      },
    )
  window
    .command('remove <id>')
    .description('remove a window')
    .action(async (id: string, _o, cmd: Command) => {
      const n = parseInteger('window ID', id, 1, Number.MAX_SAFE_INTEGER)
      const r = await withTransport(cmd, (t) => t.invoke('windows:delete', { id: n }))
      output(cmd, r, () => `Removed window ${n}.`)
    })
  window
    .command('next')
    .description('the next maintenance window of a collection or a client (blackouts cut out)')
    .option('--collection <name>', 'a collection, by name or ID')
    .option('--client <name>', 'a client: the union of its collections’ windows')
    .action(async (opts: { collection?: string; client?: string }, cmd: Command) => {
      if (!opts.collection === !opts.client)
        throw new UsageError('give exactly one of --collection or --client')
      const r = await withTransport(cmd, async (t) =>
        t.invoke(
          'windows:next',
          opts.client
            ? { resourceId: (await resolveClients(t, [opts.client]))[0]!.id }
            : { collectionId: (await resolveCollection(t, opts.collection!)).id },
        ),
      )
      output(cmd, r, () =>
        r.start
          ? `Next window ${r.start} – ${r.end}: ${r.description}${r.blackoutUntil ? ` (blackout until ${r.blackoutUntil})` : ''}`
          : r.description,
      )
    })
  return window
}
