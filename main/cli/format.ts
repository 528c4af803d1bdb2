/** A column of a plain-text table: its heading and how to read a cell from a row. */
export interface Column<T> {
  header: string
  value: (row: T) => string | number | boolean | null | undefined
  /** Right-align the column (numbers). */
  right?: boolean
}

function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return String(value).replace(/[\r\n\t]+/g, ' ')
}

/** Renders rows as an aligned plain-text table (two spaces between columns, no trailing blanks). */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))))
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)))
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]?.right ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n')
}

/** Renders label/value pairs as aligned "Label:  value" lines. */
export function formatFields(
  fields: readonly (readonly [string, string | number | boolean | null | undefined])[],
): string {
  const width = Math.max(...fields.map(([label]) => label.length + 1))
  return fields
    .map(([label, value]) => `${(label + ':').padEnd(width)}  ${cellText(value)}`.trimEnd())
    .join('\n')
}

/** Shortens an ISO timestamp to "YYYY-MM-DD HH:MM" UTC for tables; empty for null. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toISOString().slice(0, 16).replace('T', ' ') + 'Z'
}

/** "1 client" / "3 clients". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}
