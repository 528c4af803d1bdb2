import { Checkbox, Field, Input, Radio, RadioGroup, Select } from '@fluentui/react-components'
import { useState } from 'react'
import { windowInput, type WindowDto } from '../../../../shared/dto/maintenance-window'
import { useRoot } from '../../store-context'
import { weekdayNames, weekNames } from './window-store'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

type Kind = 'none' | 'daily' | 'weekly' | 'monthly-day' | 'monthly-weekday'

const recurrenceLabels: Record<Kind, string> = {
  none: 'Once',
  daily: 'Daily',
  weekly: 'Weekly',
  'monthly-day': 'Monthly, on a day of the month',
  'monthly-weekday': 'Monthly, on a weekday (e.g. second Tuesday + N days)',
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
const int = (v: string) => (/^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN)

/** New / edit a maintenance window or blackout period of a collection; every problem named at its field. */
export function WindowDialog(props: { collectionId: string; window?: WindowDto; onClose: () => void }) {
  const root = useRoot()
  const styles = useFormStyles()
  const form = useForm()
  const w = props.window
  const r = w?.recurrence
  const [name, setName] = useState(w?.name ?? '')
  const [blackout, setBlackout] = useState(w?.kind === 'blackout')
  const [start, setStart] = useState(w?.start ?? '')
  const [timeZone, setTimeZone] = useState(w?.timeZone ?? localZone())
  const [hours, setHours] = useState(String(Math.floor((w?.durationMinutes ?? 180) / 60)))
  const [minutes, setMinutes] = useState(String((w?.durationMinutes ?? 180) % 60))
  const [kind, setKind] = useState<Kind>((r?.kind as Kind) ?? 'monthly-weekday')
  const [every, setEvery] = useState(String(r && 'every' in r ? r.every : 1))
  const [days, setDays] = useState<number[]>(r?.kind === 'weekly' ? r.days : [2])
  const [day, setDay] = useState(String(r?.kind === 'monthly-day' ? r.day : 1))
  const [week, setWeek] = useState(r?.kind === 'monthly-weekday' ? r.week : 2)
  const [weekday, setWeekday] = useState(r?.kind === 'monthly-weekday' ? r.weekday : 2)
  const [offset, setOffset] = useState(String(r?.kind === 'monthly-weekday' ? r.offsetDays : 0))
  const [enabled, setEnabled] = useState(w?.enabled ?? true)

  const save = async () => {
    const h = int(hours)
    const m = int(minutes)
    const duration = h * 60 + m
    const n = int(every)
    const recurrence =
      kind === 'none'
        ? { kind }
        : kind === 'daily'
          ? { kind, every: n }
          : kind === 'weekly'
            ? { kind, every: n, days }
            : kind === 'monthly-day'
              ? { kind, every: n, day: int(day) }
              : { kind, every: n, week, weekday, offsetDays: int(offset) }
    const input = {
      collectionId: props.collectionId,
      name,
      kind: blackout ? ('blackout' as const) : ('window' as const),
      start,
      timeZone,
      durationMinutes: duration,
      recurrence,
      enabled,
    }
    const parsed = form.validate(windowInput, input, {
      start: !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start) && 'Start must be a date and time',
      durationMinutes:
        Number.isNaN(h) || Number.isNaN(m) || h < 0 || m < 0 || m > 59
          ? 'Duration must be whole hours and minutes (0–59)'
          : duration < 1
            ? 'Duration must be at least one minute'
            : !blackout && duration > 24 * 60
              ? 'A maintenance window lasts at most 24 hours'
              : false,
      'recurrence.every':
        kind !== 'none' && (Number.isNaN(n) || n < 1) && 'Repeat every must be a whole number of at least 1',
      'recurrence.days': kind === 'weekly' && days.length === 0 && 'Choose at least one weekday',
      'recurrence.day':
        kind === 'monthly-day' &&
        (Number.isNaN(int(day)) || int(day) < 0 || int(day) > 31) &&
        'Day must be 1–31 (0 = the last day of the month)',
      'recurrence.offsetDays':
        kind === 'monthly-weekday' &&
        (Number.isNaN(int(offset)) || Math.abs(int(offset)) > 27) &&
        'Offset must be a whole number of days from −27 to 27',
    })
    if (!parsed) return
    const ok = await form.submit(async () => {
      const store = root.windows
      const { collectionId: _c, ...fields } = parsed
      void _c
      const saved = w ? await store.update({ id: w.id, ...fields }) : await store.create(parsed)
      root.ui.notify(
        `${w ? 'Saved' : 'Added'} ${saved.kind === 'blackout' ? 'blackout period' : 'maintenance window'} ${saved.name}: ${saved.description}.`,
      )
    })
    if (ok) props.onClose()
  }

  return (
    <PropertySheet
      title={w ? `${w.name} Properties` : blackout ? 'New Blackout Period' : 'New Maintenance Window'}
      testId="window-dialog"
      tabs={[{ id: 'schedule', label: 'Schedule' }]}
      tab="schedule"
      onTab={() => undefined}
      form={form}
      width={620}
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <div className={styles.row}>
        <Field label="Name" required validationMessage={form.fieldError('name')}>
          <Input value={name} onChange={(_, d) => setName(d.value)} autoFocus data-testid="window-name" />
        </Field>
        <Field label="Type">
          <Checkbox
            checked={blackout}
            onChange={(_, d) => setBlackout(!!d.checked)}
            label="Blackout period (no installs or restarts)"
            data-testid="window-blackout"
          />
        </Field>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '230px 150px 1fr', gap: '10px 16px' }}>
        <Field label="Start (first day, time of day)" validationMessage={form.fieldError('start')}>
          <Input
            type="datetime-local"
            value={start}
            onChange={(_, d) => setStart(d.value)}
            aria-label="Start"
            data-testid="window-start"
          />
        </Field>
        <Field label="Duration (h : min)" validationMessage={form.fieldError('durationMinutes')}>
          <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
            <Input
              value={hours}
              onChange={(_, d) => setHours(d.value)}
              aria-label="Duration hours"
              style={{ width: 60, minWidth: 0 }}
              data-testid="window-hours"
            />
            <Input
              value={minutes}
              onChange={(_, d) => setMinutes(d.value)}
              aria-label="Duration minutes"
              style={{ width: 60, minWidth: 0 }}
            />
          </div>
        </Field>
        <Field label="Time zone" validationMessage={form.fieldError('timeZone')}>
          <Input value={timeZone} onChange={(_, d) => setTimeZone(d.value)} data-testid="window-zone" />
        </Field>
      </div>
      <Field label="Recurrence">
        <Select
          value={kind}
          onChange={(_, d) => setKind(d.value as Kind)}
          aria-label="Recurrence"
          data-testid="window-recurrence"
        >
          {(Object.keys(recurrenceLabels) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {recurrenceLabels[k]}
            </option>
          ))}
        </Select>
      </Field>
      {kind !== 'none' && (
        <div className={styles.inline}>
          <Field
            label={`Repeat every (${kind === 'daily' ? 'days' : kind === 'weekly' ? 'weeks' : 'months'})`}
            validationMessage={form.fieldError('recurrence.every')}
          >
            <Input
              value={every}
              onChange={(_, d) => setEvery(d.value)}
              style={{ width: 80 }}
              aria-label="Repeat every"
            />
          </Field>
          {kind === 'weekly' && (
            <Field label="On" validationMessage={form.fieldError('recurrence.days')}>
              <div className={styles.inline}>
                {weekdayNames.map((n, i) => (
                  <Checkbox
                    key={n}
                    label={n.slice(0, 3)}
                    checked={days.includes(i)}
                    onChange={(_, d) =>
                      setDays((x) => (d.checked ? [...x, i].sort() : x.filter((y) => y !== i)))
                    }
                  />
                ))}
              </div>
            </Field>
          )}
          {kind === 'monthly-day' && (
            <Field
              label="Day of the month (0 = last day)"
              validationMessage={form.fieldError('recurrence.day')}
            >
              <Input
                value={day}
                onChange={(_, d) => setDay(d.value)}
                style={{ width: 80 }}
                aria-label="Day of the month"
              />
            </Field>
          )}
          {kind === 'monthly-weekday' && (
            <>
              <Field label="Week">
                <Select
                  value={String(week)}
                  onChange={(_, d) => setWeek(Number(d.value))}
                  aria-label="Week"
                  data-testid="window-week"
                >
                  {[1, 2, 3, 4, 5].map((k) => (
                    <option key={k} value={k}>
                      {weekNames[k]}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Weekday">
                <Select
                  value={String(weekday)}
                  onChange={(_, d) => setWeekday(Number(d.value))}
                  aria-label="Weekday"
                  data-testid="window-weekday"
                >
                  {weekdayNames.map((n, i) => (
                    <option key={n} value={i}>
                      {n}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="+ days (offset)" validationMessage={form.fieldError('recurrence.offsetDays')}>
                <Input
                  value={offset}
                  onChange={(_, d) => setOffset(d.value)}
                  style={{ width: 80 }}
                  aria-label="Offset days"
                  data-testid="window-offset"
                />
              </Field>
            </>
          )}
        </div>
      )}
      <RadioGroup
        layout="horizontal"
        value={enabled ? 'on' : 'off'}
        onChange={(_, d) => setEnabled(d.value === 'on')}
        aria-label="Enabled"
      >
        <Radio value="on" label="Enabled" />
        <Radio value="off" label="Disabled (kept, not applied)" />
      </RadioGroup>
    </PropertySheet>
  )
}
