import { parseCsvRecords } from '../import/csv'
import { errorText, quote } from '../parsing/one-line'
import { CatalogError } from './catalog-error'
import { isGuid, normalizeClassification, normalizeGuid } from './wsus-classifications'

/** One row of a Microsoft Update Catalog / WSUS console export. */
export interface CsvCatalogUpdate {
  /** The UpdateID GUID when given, else `KB<number>`. */
  id: string
  updateId?: string
  /** KB number without the "KB" prefix. */
  kb?: string
  title: string
  products: string[]
  classification: string
  /** yyyy-mm-dd. */
  lastUpdated?: string
  version?: string
  /** Bytes (exports write "12.5 MB"; converted with 1 KB = 1024 bytes). */
  size?: number
  line: number
}

/**
 * Accepted header names (any case; spaces, underscores and hyphens ignored). Title, Classification and
 * one of UpdateID/KB are required; the rest are optional.
 */
export const CSV_HEADER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  title: ['title', 'updatetitle', 'name'],
  products: ['products', 'product'],
  classification: ['classification', 'updateclassification', 'classifications'],
  lastUpdated: ['lastupdated', 'released', 'releasedate', 'arrivaldate', 'date'],
  version: ['version'],
  size: ['size', 'filesize'],
  updateId: ['updateid', 'id', 'uid'],
  kb: ['kb', 'kbarticle', 'kbarticleid', 'kbnumber', 'article'],
}

const UNITS: Record<string, number> = { '': 1, b: 1, bytes: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

// Unambiguous (each character can only belong to one part), so a long non-matching value fails in linear time.
const SIZE = /^([\d,]*\d(?:\.\d+)?|[\d,]*\.\d+)\s*([a-z]*)$/i

function parseSize(v: string): number | null {
  const m = SIZE.exec(v.trim())
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined
  const bytes = m && unit ? Math.round(Number(m[1]!.replace(/,/g, '')) * unit) : NaN
  return Number.isSafeInteger(bytes) ? bytes : null
}

function parseDate(v: string): string | null {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim())
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v.trim())
  const [y, mo, d] = us ? [us[3]!, us[1]!, us[2]!] : iso ? [iso[1]!, iso[2]!, iso[3]!] : []
  if (!y) return null
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  return date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d)
    ? date.toISOString().slice(0, 10)
    : null
}

/** Parses a Microsoft Update Catalog / WSUS export CSV; any bad row throws CatalogError naming file and line. */
export function parseUpdateCatalogCsv(text: string, file = 'updates.csv'): CsvCatalogUpdate[] {
  let records
  try {
    records = parseCsvRecords(text, file)
  } catch (err) {
    throw new CatalogError(errorText(err))
  }
  const header = records.shift()
  if (!header) throw new CatalogError(`${file}: empty (a header row is required)`)
  const col: Partial<Record<keyof typeof CSV_HEADER_ALIASES, number>> = {}
  header.fields.forEach((h, i) => {
    const key = h.toLowerCase().replace(/[\s_-]/g, '')
    const field = Object.keys(CSV_HEADER_ALIASES).find((k) => CSV_HEADER_ALIASES[k]!.includes(key))
    if (!field) throw new CatalogError(`${file} line ${header.line}: unknown column ${quote(h)}`)
    if (col[field] !== undefined)
      throw new CatalogError(`${file} line ${header.line}: column ${quote(h)} given twice`)
    col[field] = i
  })
  for (const need of ['title', 'classification'] as const)
    if (col[need] === undefined)
      throw new CatalogError(`${file} line ${header.line}: missing column "${need}"`)
  if (col.updateId === undefined && col.kb === undefined)
    throw new CatalogError(`${file} line ${header.line}: needs an UpdateID or a KB column`)
  const seen = new Set<string>()
  return records.map(({ fields, line }) => {
    const get = (k: keyof typeof CSV_HEADER_ALIASES) =>
      col[k] === undefined ? '' : (fields[col[k]] ?? '').trim()
    const bad = (msg: string) => new CatalogError(`${file} line ${line}: ${msg}`)
    if (fields.length !== header.fields.length)
      throw bad(`${fields.length} fields, the header has ${header.fields.length}`)
    const title = get('title')
    if (!title) throw bad('empty Title')
    const rawClass = get('classification')
    const classification = normalizeClassification(rawClass)
    if (!classification) throw bad(`unknown classification ${quote(rawClass)}`)
    const row: CsvCatalogUpdate = {
      id: '',
      title,
      products: get('products')
        .split(/[,;]/)
        .map((p) => p.trim())
        .filter(Boolean),
      classification,
      line,
    }
    const uid = get('updateId')
    if (uid) {
      if (!isGuid(uid)) throw bad(`UpdateID ${quote(uid)} is not a GUID`)
      row.updateId = normalizeGuid(uid)
    }
    const kb = get('kb') || (/\bKB(\d{6,8})\b/.exec(title)?.[1] ?? '')
    if (kb) {
      if (!/^(KB)?\d{4,8}$/i.test(kb)) throw bad(`KB ${quote(kb)} is not a KB number`)
      row.kb = kb.replace(/^KB/i, '')
    }
    row.id = row.updateId ?? (row.kb ? `KB${row.kb}` : '')
    if (!row.id) throw bad('neither an UpdateID nor a KB number')
    if (seen.has(row.id)) throw bad(`${row.id} appears twice`)
    seen.add(row.id)
    const date = get('lastUpdated')
    if (date)
      row.lastUpdated =
        parseDate(date) ??
        (() => {
          throw bad(`Last Updated ${quote(date)} is not M/D/YYYY or YYYY-MM-DD`)
        })()
    const version = get('version')
    if (version) row.version = version
    const size = get('size')
    if (size)
      row.size =
        parseSize(size) ??
        (() => {
          throw bad(`Size ${quote(size)} is not a size (e.g. 12.5 MB)`)
        })()
    return row
  })
}
