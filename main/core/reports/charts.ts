/** The shape every report builds (columns, rows, chart) and the helpers that draw its chart. */
import type { z } from 'zod'
import type { ReportChartDto, reportRunInput } from '../../../shared/dto/report'

/** One row of a report table. */
export type Row = Record<string, string | number | null>
/** One column of a report table (numeric: holds numbers). */
export type Column = { id: string; label: string; numeric?: boolean }
/** What a report builder returns: its table and its chart. */
export type Built = { columns: Column[]; rows: Row[]; chart: ReportChartDto }
/** A report run's input, as validated. */
export type Input = z.output<typeof reportRunInput>

/** `n` as a percentage of `of`, one decimal (0 when `of` is 0). */
export const pct = (n: number, of: number) => (of ? Math.round((n * 1000) / of) / 10 : 0)
/** A column, numeric or not. */
export const col = (id: string, label: string, numeric = false): Column => ({ id, label, numeric })

/** Counts per label, in first-seen order. */
export function tally(labels: string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1)
  return m
}

/** A donut chart: one slice per counted label. */
export function donut(title: string, counts: Map<string, number>): ReportChartDto {
  return {
    kind: 'donut',
    title,
    labels: [...counts.keys()],
    series: [{ name: title, values: [...counts.values()] }],
  }
}

/** A stacked bar chart: one bar per row, one series per numeric field, named as given. */
export function bars<R>(
  title: string,
  rows: R[],
  label: (r: R) => string,
  series: Array<[keyof R, string]>,
): ReportChartDto {
  return {
    kind: 'bars',
    title,
    labels: rows.map(label),
    series: series.map(([key, name]) => ({ name, values: rows.map((r) => Number(r[key])) })),
  }
}
