// wsusscn2.cab's index.xml: which inner cab holds the per-revision metadata files of which revision IDs.
// Structure as recorded from the real cab (FrendaWinter/hhack Windows_Update/WSUOS/README.md, and a project's
// notes on the 2026 cab quoted in test/fixtures/SOURCES.md):
//   <INDEX VERSION="1"><CABLIST XOR="0">
//     <CAB NAME="package.cab" />                               (package.xml; no RANGESTART)
//     <CAB NAME="package2.cab" RANGESTART="0" FILESDIR="1" />  (revision IDs 0 … next RANGESTART - 1)
//     <CAB NAME="package3.cab" RANGESTART="627" /> …
import { quote } from '../parsing/one-line'
import { CatalogError } from './catalog-error'
import { scanXml } from './xml-scan'

/** One detail cab of index.xml's CABLIST: its name and the first revision ID it holds. */
export interface WsusIndexCab {
  name: string
  rangeStart: number
}

/** Most CAB entries index.xml may list (the 2026 cab lists 75). */
export const MAX_INDEX_CABS = 10_000

/** Largest index.xml read (the real one is a few kilobytes). */
export const MAX_INDEX_BYTES = 1 << 20

/** A detail cab's name: `packageN.cab` only, never a path (so index.xml cannot point outside the cabinet). */
const CAB_NAME = /^package\d+\.cab$/i

/**
 * Parses index.xml: the detail cabs with their RANGESTART, sorted by it. A NAME that is not `packageN.cab`
 * (a path, `..`, another file), a RANGESTART that is not a non-negative integer, a repeated name or start,
 * or more than MAX_INDEX_CABS entries is refused with a CatalogError naming the file and line.
 */
export function parseWsusIndexXml(xml: string, file = 'index.xml'): WsusIndexCab[] {
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml
  const cabs: WsusIndexCab[] = []
  const path: string[] = []
  let sawList = false
  scanXml(text, file, {
    open(name, a, lineOf) {
      const parent = path[path.length - 1]
      path.push(name)
      if (name === 'CABLIST') sawList = true
      if (name !== 'CAB' || parent !== 'CABLIST') return
      const fail = (msg: string) => new CatalogError(`${file} line ${lineOf()}: ${msg}`)
      const cabName = a['NAME'] ?? ''
      const start = a['RANGESTART']
      if (start === undefined) {
        // package.cab (package.xml) carries no range; any other unranged name is ignored the same way.
        if (!/^package\d*\.cab$/i.test(cabName)) throw fail(`CAB NAME ${quote(cabName)} is not packageN.cab`)
        return
      }
      if (!CAB_NAME.test(cabName))
        throw fail(
          `CAB NAME ${quote(cabName)} is not packageN.cab (index.xml may only name cabs inside wsusscn2.cab)`,
        )
      if (!/^\d{1,15}$/.test(start)) throw fail(`RANGESTART ${quote(start)} is not a non-negative integer`)
      if (cabs.length >= MAX_INDEX_CABS) throw fail(`more than ${MAX_INDEX_CABS} CAB entries`)
      const lower = cabName.toLowerCase()
      if (cabs.some((c) => c.name === lower)) throw fail(`CAB ${quote(cabName)} is listed twice`)
      if (cabs.some((c) => c.rangeStart === Number(start))) throw fail(`RANGESTART ${start} is listed twice`)
      cabs.push({ name: lower, rangeStart: Number(start) })
    },
    close() {
      path.pop()
    },
  })
  if (!sawList) throw new CatalogError(`${file}: no <CABLIST> (not a wsusscn2.cab index.xml)`)
  return cabs.sort((x, y) => x.rangeStart - y.rangeStart)
}

/** The detail cab holding a revision: the one with the greatest RANGESTART not above it (undefined below all). */
export function cabForRevision(cabs: readonly WsusIndexCab[], revisionId: number): string | undefined {
  let found: string | undefined
  for (const c of cabs) {
    if (c.rangeStart > revisionId) break
    found = c.name
  }
  return found
}
