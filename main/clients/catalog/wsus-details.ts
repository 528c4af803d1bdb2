// Reads the titles, KB numbers, MSRC severity and URLs of chosen revisions out of wsusscn2.cab's detail cabs
// without unpacking the catalog: index.xml says which packageN.cab holds a revision (RANGESTART), each needed
// inner cab is extracted alone, listed (streamed, counted), and only its x/* and l/<lang>/* files are extracted
// into a temporary folder that is removed before the next cab. Structure: see wsus-index.ts and
// wsus-properties.ts; sources in test/fixtures/SOURCES.md.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { quote } from '../parsing/one-line'
import { CatalogError } from './catalog-error'
import { CABEXTRACT } from './wsus-cab'
import { MAX_INDEX_BYTES, cabForRevision, parseWsusIndexXml } from './wsus-index'
import {
  MAX_PROPERTIES_BYTES,
  parseExtendedProperties,
  parseLocalizedProperties,
  type WsusExtendedProperties,
  type WsusLocalizedProperties,
} from './wsus-properties'

/** A revision's metadata as the catalog keeps it (absent fields: the cab does not say). */
export interface WsusDetails extends WsusLocalizedProperties, Omit<WsusExtendedProperties, 'supportUrl'> {}

/** What `readWsusDetails` found: metadata by revision ID, and non-fatal findings. */
export interface WsusDetailsResult {
  byRevision: Map<number, WsusDetails>
  warnings: string[]
}

/** Bounds on what one import may unpack. */
export interface WsusDetailsLimits {
  /** Most files a cab (outer or detail) may list; more is refused. */
  maxCabEntries: number
  /** Most bytes extracted from one detail cab (its x/* and l/<lang>/* files). */
  maxExtractBytes: number
}

/** Default bounds: the 2026 cab's detail cabs list tens of thousands of files and a few hundred MB at most. */
export const WSUS_DETAIL_LIMITS: WsusDetailsLimits = {
  maxCabEntries: 2_000_000,
  maxExtractBytes: 1 << 30,
}

interface Entry {
  name: string
  size: number
}

/** Runs cabextract, collecting at most 64 KB of its stderr; rejects with a CatalogError naming `what`. */
function run(bin: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 65536) err += d.toString('utf8')
    })
    child.on('error', (e) =>
      reject(new CatalogError(`${what}: cannot run ${bin} (${e.message}); apt-get install cabextract`)),
    )
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new CatalogError(`${what}: cabextract failed: ${err.trim() || `exit ${code}`}`)),
    )
  })
}

/** Lists a cab with `cabextract -l`, streaming: each entry goes to `onEntry`; more than `max` entries is refused. */
function listCab(
  bin: string,
  cab: string,
  what: string,
  max: number,
  onEntry: (e: Entry) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-l', cab], { stdio: ['ignore', 'pipe', 'pipe'] })
    let count = 0
    let failed: CatalogError | null = null
    let err = ''
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 65536) err += d.toString('utf8')
    })
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity })
    lines.on('line', (line) => {
      if (failed) return
      const m = /^\s*(\d+) \| [^|]* \| (.+)$/.exec(line)
      if (!m) return
      if (++count > max) {
        failed = new CatalogError(
          `${what}: lists more than ${max} files; refused (a wsusscn2 detail cab holds tens of thousands)`,
        )
        child.kill()
        return
      }
      onEntry({ name: m[2]!, size: Number(m[1]) })
    })
    child.on('error', (e) =>
      reject(new CatalogError(`${what}: cannot run ${bin} (${e.message}); apt-get install cabextract`)),
    )
    child.on('close', (code) => {
      if (failed) reject(failed)
      else if (code !== 0)
        reject(new CatalogError(`${what}: cabextract failed: ${err.trim() || `exit ${code}`}`))
      else resolve(count)
    })
  })
}

/** Reads one extracted file, refusing one larger than `max` bytes. */
function readBounded(path: string, what: string, max: number): string {
  const size = statSync(path).size
  if (size > max) throw new CatalogError(`${what}: ${size} bytes, more than the ${max} this file may have`)
  return readFileSync(path, 'utf8')
}

/** `l/<lang>/<rev>` or `x/<rev>` of a listed name (any case), or null. */
function detailName(
  name: string,
): { kind: 'x'; rev: number } | { kind: 'l'; lang: string; rev: number } | null {
  const m = /^(?:x\/(\d+)|l\/([A-Za-z][A-Za-z0-9-]{0,15})\/(\d+))$/i.exec(name)
  if (!m) return null
  if (m[1] !== undefined) return { kind: 'x', rev: Number(m[1]) }
  return { kind: 'l', lang: m[2]!.toLowerCase(), rev: Number(m[3]) }
}

/**
 * Reads the metadata of `revisions` from wsusscn2.cab (whose signature the caller has verified): their l/en file
 * (else the first language the detail cab lists for them) and x file. A revision with neither file is simply
 * absent from the result; a cab without index.xml gives an empty result and a warning. Malformed or hostile
 * content (a DOCTYPE, an index.xml naming a path, too many files, oversized files) is refused with a
 * CatalogError naming the cab and file.
 */
export async function readWsusDetails(
  cabPath: string,
  revisions: Iterable<number>,
  limits: WsusDetailsLimits = WSUS_DETAIL_LIMITS,
  bin = CABEXTRACT,
): Promise<WsusDetailsResult> {
  const warnings: string[] = []
  const byRevision = new Map<number, WsusDetails>()
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-wsusdetails-'))
  try {
    const outer = new Map<string, Entry>()
    await listCab(bin, cabPath, cabPath, limits.maxCabEntries, (e) => {
      if (!e.name.includes('/')) outer.set(e.name.toLowerCase(), e)
    })
    const index = outer.get('index.xml')
    if (!index) {
      warnings.push(
        `${cabPath}: no index.xml, so no titles, KB numbers or severities (package.xml carries none)`,
      )
      return { byRevision, warnings }
    }
    if (index.size > MAX_INDEX_BYTES)
      throw new CatalogError(`${cabPath}!index.xml: ${index.size} bytes, more than ${MAX_INDEX_BYTES}`)
    await run(bin, ['-q', '-F', index.name, '-d', dir, cabPath], `${cabPath}!index.xml`)
    const cabs = parseWsusIndexXml(
      readBounded(join(dir, index.name), `${cabPath}!index.xml`, MAX_INDEX_BYTES),
      `${cabPath}!index.xml`,
    )
    const wanted = new Map<string, Set<number>>()
    for (const rev of revisions) {
      const name = cabForRevision(cabs, rev)
      if (!name) continue
      if (!wanted.has(name)) wanted.set(name, new Set())
      wanted.get(name)!.add(rev)
    }
    for (const [name, revs] of wanted) {
      const entry = outer.get(name)
      if (!entry) {
        warnings.push(
          `${cabPath}: index.xml names ${name}, which the cab does not hold (${revs.size} revisions without metadata)`,
        )
        continue
      }
      await readDetailCab(bin, cabPath, dir, entry.name, revs, limits, byRevision, warnings)
    }
    return { byRevision, warnings }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Extracts one detail cab from the outer cab, then the needed metadata files from it; removes both after. */
async function readDetailCab(
  bin: string,
  cabPath: string,
  dir: string,
  name: string,
  revs: Set<number>,
  limits: WsusDetailsLimits,
  byRevision: Map<number, WsusDetails>,
  warnings: string[],
): Promise<void> {
  const where = `${cabPath}!${name}`
  const work = join(dir, 'detail')
  mkdirSync(work, { recursive: true })
  try {
    await run(bin, ['-q', '-F', name, '-d', work, cabPath], where)
    const inner = join(work, name)
    const x = new Map<number, Entry>()
    const langs = new Map<number, Map<string, Entry>>()
    const patternBytes = new Map<string, number>()
    await listCab(bin, inner, where, limits.maxCabEntries, (e) => {
      const d = detailName(e.name)
      if (!d) return
      const pattern = d.kind === 'x' ? 'x/*' : `l/${d.lang}/*`
      patternBytes.set(pattern, (patternBytes.get(pattern) ?? 0) + e.size)
      if (!revs.has(d.rev)) return
      if (d.kind === 'x') x.set(d.rev, e)
      else {
        if (!langs.has(d.rev)) langs.set(d.rev, new Map())
        const forRev = langs.get(d.rev)!
        if (!forRev.has(d.lang)) forRev.set(d.lang, e)
      }
    })
    // l/en, else the first language listed for the revision.
    const chosen = new Map<number, Entry>()
    const patterns = new Set<string>()
    if (x.size > 0) patterns.add('x/*')
    for (const [rev, byLang] of langs) {
      const lang = byLang.has('en') ? 'en' : byLang.keys().next().value!
      chosen.set(rev, byLang.get(lang)!)
      patterns.add(`l/${lang}/*`)
    }
    const bytes = [...patterns].reduce((n, p) => n + (patternBytes.get(p) ?? 0), 0)
    if (bytes > limits.maxExtractBytes)
      throw new CatalogError(
        `${where}: its metadata files hold ${bytes} bytes, more than the ${limits.maxExtractBytes} an import unpacks from one cab`,
      )
    const out = join(work, 'files')
    for (const p of patterns) await run(bin, ['-q', '-F', p, '-d', out, inner], `${where} (${p})`)
    rmSync(inner, { force: true })
    for (const rev of revs) {
      const xe = x.get(rev)
      const le = chosen.get(rev)
      if (!xe && !le) continue
      const details: WsusDetails = { kbArticleIds: [], securityBulletinIds: [] }
      if (le) {
        if (le.size > MAX_PROPERTIES_BYTES)
          throw new CatalogError(`${where}!${le.name}: ${le.size} bytes, more than ${MAX_PROPERTIES_BYTES}`)
        const file = `${where}!${le.name}`
        Object.assign(
          details,
          parseLocalizedProperties(
            readBounded(join(out, le.name), file, MAX_PROPERTIES_BYTES),
            file,
            warnings,
          ),
        )
      }
      let supportUrl: string | undefined
      if (xe) {
        if (xe.size > MAX_PROPERTIES_BYTES)
          throw new CatalogError(`${where}!${xe.name}: ${xe.size} bytes, more than ${MAX_PROPERTIES_BYTES}`)
        const file = `${where}!${xe.name}`
        const ext = parseExtendedProperties(
          readBounded(join(out, xe.name), file, MAX_PROPERTIES_BYTES),
          file,
          warnings,
        )
        details.kbArticleIds = ext.kbArticleIds
        details.securityBulletinIds = ext.securityBulletinIds
        if (ext.msrcSeverity) details.msrcSeverity = ext.msrcSeverity
        supportUrl = ext.supportUrl
      }
      // The extended properties' SupportUrl first; the localized one when only it is given.
      if (supportUrl) details.supportUrl = supportUrl
      byRevision.set(rev, details)
    }
  } catch (err) {
    if (err instanceof CatalogError) throw err
    throw new CatalogError(`${where}: ${quote((err as Error).message)}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
