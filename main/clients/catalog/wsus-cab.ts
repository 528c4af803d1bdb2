import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { verifyCabSignature, type CabTrust } from './cab-signature'
import { CatalogError } from './catalog-error'
import { parseWsusPackageXml, type WsusCatalog } from './wsus-catalog'

/** The cabextract binary (Debian package `cabextract`); override with PATCHBAY_CABEXTRACT. */
export const CABEXTRACT = process.env.PATCHBAY_CABEXTRACT ?? 'cabextract'

/** Whether cabextract runs here. */
export function cabextractAvailable(bin = CABEXTRACT): boolean {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' })
  return !r.error && r.status === 0
}

function extract(cab: string, dir: string, bin: string, only?: string): void {
  const r = spawnSync(bin, ['-q', ...(only ? ['-F', only] : []), '-d', dir, cab], { encoding: 'utf8' })
  if (r.error)
    throw new CatalogError(
      `${cab}: cannot run ${bin} (${r.error.message}); apt-get install cabextract, or import package.xml directly`,
    )
  if (r.status !== 0) throw new CatalogError(`${cab}: cabextract failed: ${(r.stderr || r.stdout).trim()}`)
}

/** The top-level file names of a cab (`cabextract -l`); a listing over 16 MB (a hostile file count) is refused. */
function topLevelNames(cab: string, bin: string): string[] {
  const r = spawnSync(bin, ['-l', cab], { encoding: 'utf8', maxBuffer: 16 << 20 })
  if (r.error)
    throw new CatalogError(
      (r.error as NodeJS.ErrnoException).code === 'ENOBUFS'
        ? `${cab}: lists too many files to be a wsusscn2.cab (listing over 16 MB)`
        : `${cab}: cannot run ${bin} (${r.error.message}); apt-get install cabextract, or import package.xml directly`,
    )
  if (r.status !== 0) throw new CatalogError(`${cab}: cabextract failed: ${(r.stderr || r.stdout).trim()}`)
  return r.stdout.split('\n').flatMap((line) => {
    const m = /^\s*\d+ \| [^|]* \| (.+)$/.exec(line)
    return m && !m[1]!.includes('/') ? [m[1]!] : []
  })
}

/**
 * Reads package.xml out of wsusscn2.cab with cabextract: wsusscn2.cab holds package.cab (which holds
 * package.xml), index.xml and package2..N.cab; a cab with package.xml at its top level works too. Only the file
 * needed is extracted (the detail cabs are read by readWsusDetails, one at a time).
 */
export function readPackageXmlFromCab(cabPath: string, bin = CABEXTRACT): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-wsuscab-'))
  try {
    const outer = topLevelNames(cabPath, bin)
    const find = (names: string[], want: string) => names.find((n) => n.toLowerCase() === want)
    const direct = find(outer, 'package.xml')
    if (direct) {
      extract(cabPath, dir, bin, direct)
      return readFileSync(join(dir, direct), 'utf8')
    }
    const inner = find(outer, 'package.cab')
    if (!inner)
      throw new CatalogError(
        `${cabPath}: neither package.xml nor package.cab inside (found: ${outer.join(', ') || 'nothing'})`,
      )
    extract(cabPath, dir, bin, inner)
    const innerDir = join(dir, 'package')
    extract(join(dir, inner), innerDir, bin)
    const names = readdirSync(innerDir)
    const xml = find(names, 'package.xml')
    if (!xml)
      throw new CatalogError(
        `${cabPath}: package.cab holds no package.xml (found: ${names.join(', ') || 'nothing'})`,
      )
    return readFileSync(join(innerDir, xml), 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Loads a WSUS offline catalog from wsusscn2.cab (via cabextract) or a package.xml file. A cabinet's Authenticode
 * signature is verified against `trust` first; 'unsigned' takes the file as it comes (an admin's explicit
 * choice). package.xml carries no signature, so it is read only as 'unsigned'.
 */
export function loadWsusCatalog(path: string, trust: CabTrust | 'unsigned'): WsusCatalog {
  if (/\.cab$/i.test(path)) {
    if (trust !== 'unsigned') verifyCabSignature(path, trust)
    return parseWsusPackageXml(readPackageXmlFromCab(path), `${path}!package.xml`)
  }
  if (trust !== 'unsigned')
    throw new CatalogError(
      `${path}: package.xml carries no signature; import the signed wsusscn2.cab, or allow unsigned catalogs explicitly`,
    )
  let xml: string
  try {
    xml = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CatalogError(`${path}: ${(err as Error).message}`)
  }
  return parseWsusPackageXml(xml, path)
}
