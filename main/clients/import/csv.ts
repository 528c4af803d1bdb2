import { platforms, type Platform } from '../../../shared/dto/resource'
import { expandHome, type HomeOptions } from './paths'
import { DEFAULT_SSH_PORT, ImportError, type ImportedHost, type ImportResult } from './types'
import { parsePort, validateHosts } from './validate'
import { excerpt } from '../parsing/one-line'

/** Columns a host CSV must or may have (any order, any case). */
export const CSV_COLUMNS = ['name', 'address', 'port', 'user', 'identity', 'platform', 'collection'] as const

/** A CSV column. */
export type CsvColumn = (typeof CSV_COLUMNS)[number]

const REQUIRED: readonly CsvColumn[] = ['name', 'address']

/** One CSV record and the (1-based) line it starts on. */
export interface CsvRecord {
  fields: string[]
  line: number
}

/** Splits RFC 4180 CSV (quotes, "" escapes, CRLF or LF, a leading BOM) into records; skips blank lines. */
export function parseCsvRecords(text: string, file: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let start = 1
  let quoted = false // the current field started with a quote
  let inQuotes = false
  let closed = false // the current quoted field's closing quote has been read
  const endRecord = (): void => {
    fields.push(field)
    if (!(fields.length === 1 && fields[0] === '' && !quoted)) records.push({ fields, line: start })
    fields = []
    field = ''
    quoted = closed = false
  }
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (inQuotes) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') {
        inQuotes = false
        closed = true
      } else {
        if (c === '\n') line++
        field += c
      }
    } else if (c === ',') {
      fields.push(field)
      field = ''
      quoted = closed = false
    } else if (c === '\n' || (c === '\r' && src[i + 1] === '\n')) {
      if (c === '\r') i++
      endRecord()
      line++
      start = line
    } else if (c === '"' && field === '' && !quoted) {
      quoted = inQuotes = true
    } else if (closed) {
      throw new ImportError(file, line, 'text after a closing quote (write a quote inside a field as "")')
    } else if (c === '"') {
      throw new ImportError(file, line, 'a quote inside an unquoted field (quote the whole field)')
    } else {
      field += c
    }
  }
  if (inQuotes) throw new ImportError(file, start, 'a quoted field is not closed')
  if (field !== '' || fields.length > 0 || quoted) endRecord()
  return records
}

/** Options for reading a host CSV. */
export interface CsvImportOptions extends HomeOptions {
  /** File name used in messages. */
  file: string
}

/** Reads a host CSV (header `name,address[,port,user,identity,platform,collection]`); throws ImportError. */
export function parseHostsCsv(text: string, options: CsvImportOptions): ImportResult {
  const { file } = options
  const records = parseCsvRecords(text, file)
  const header = records.shift()
  if (!header) throw new ImportError(file, undefined, `no header line (expected ${CSV_COLUMNS.join(',')})`)
  const index = headerIndex(header, file)
  const hosts: ImportedHost[] = []
  for (const { fields, line } of records) {
    if (fields.length !== header.fields.length)
      throw new ImportError(file, line, `${fields.length} fields, but the header has ${header.fields.length}`)
    const get = (c: CsvColumn): string => {
      const i = index.get(c)
      return i === undefined ? '' : fields[i]!.trim()
    }
    for (const c of REQUIRED) if (get(c) === '') throw new ImportError(file, line, `${c} is empty`)
    const port = get('port')
    const identity = get('identity')
    hosts.push({
      name: get('name'),
      address: get('address'),
      port: port === '' ? DEFAULT_SSH_PORT : parsePort(port, file, line),
      user: get('user'),
      identityFile: identity === '' ? '' : expandHome(identity, options),
      platform: parsePlatform(get('platform'), file, line),
      groups: get('collection')
        .split(';')
        .map((g) => g.trim())
        .filter((g) => g !== ''),
      line,
    })
  }
  return validateHosts(file, hosts, [])
}

function headerIndex(header: CsvRecord, file: string): Map<CsvColumn, number> {
  const index = new Map<CsvColumn, number>()
  const unknown: string[] = []
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase()
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) unknown.push(raw.trim() === '' ? '(empty)' : raw)
    else if (index.has(name as CsvColumn))
      throw new ImportError(file, header.line, `column "${excerpt(name)}" appears twice`)
    else index.set(name as CsvColumn, i)
  })
  if (unknown.length > 0)
    throw new ImportError(
      file,
      header.line,
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${excerpt(u)}"`).join(', ')} (expected ${CSV_COLUMNS.join(',')})`,
    )
  const missing = REQUIRED.filter((c) => !index.has(c))
  if (missing.length > 0)
    throw new ImportError(
      file,
      header.line,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    )
  return index
}

function parsePlatform(value: string, file: string, line: number): Platform {
  if (value === '') return 'unknown'
  const p = value.toLowerCase()
  if ((platforms as readonly string[]).includes(p)) return p as Platform
  throw new ImportError(file, line, `platform "${excerpt(value)}" is not one of ${platforms.join(', ')}`)
}
