import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { peerMissing } from '../../../support/peers'

/** The gcab binary (Debian package `gcab`) that writes the MSZIP-compressed test cabinets; PATCHBAY_GCAB overrides. */
export const GCAB = process.env.PATCHBAY_GCAB ?? 'gcab'

/** The recorded wsusscn2.cab layout (test/fixtures/SOURCES.md, wsus/): index.xml, package.xml, packageN/{l,x}/…. */
export const WSUSSCN2_FIXTURE = join(__dirname, '../../../fixtures/wsus/wsusscn2')

/** Why wsusscn2-shaped cabs cannot be built here (gcab missing), or null; under CI a missing gcab fails. */
export function gcabSkipReason(): string | null {
  const r = spawnSync(GCAB, ['--version'], { stdio: 'ignore' })
  return peerMissing(
    'gcab',
    r.error || r.status !== 0 ? 'gcab is not installed (apt-get install gcab)' : null,
  )
}

/** Changes to the fixture before it is packed: path (as in the fixture tree) → new text, or null to remove it. */
export type FixtureEdits = Record<string, string | null>

function gcab(cab: string, cwd: string, files: string[]): void {
  const r = spawnSync(GCAB, ['-c', '-z', cab, ...files], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`gcab -c ${cab} failed: ${r.error?.message ?? r.stderr}`)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort()
}

/**
 * Packs the fixture (after `edits`) the way Microsoft ships wsusscn2.cab: package.xml in package.cab, each
 * packageN/ folder as packageN.cab holding its c/ e/ l/<lang>/ x/ files by revision ID, then index.xml, package.cab
 * and the packageN.cab files in the outer cab. All cabs are MSZIP-compressed (gcab -z). Returns the outer cab.
 */
export function buildWsusscn2(outDir: string, edits: FixtureEdits = {}, name = 'wsusscn2.cab'): string {
  const stage = mkdtempSync(join(tmpdir(), 'pb-wsusscn2-'))
  try {
    cpSync(WSUSSCN2_FIXTURE, stage, { recursive: true })
    for (const [path, text] of Object.entries(edits)) {
      const file = join(stage, path)
      if (text === null) rmSync(file, { force: true })
      else {
        mkdirSync(dirname(file), { recursive: true })
        writeFileSync(file, text)
      }
    }
    const pack = join(stage, 'pack')
    mkdirSync(pack)
    gcab(join(pack, 'package.cab'), stage, ['package.xml'])
    const outer = ['package.cab']
    for (const d of readdirSync(stage)
      .filter((n) => /^package\d+$/.test(n))
      .sort()) {
      const files = filesUnder(join(stage, d))
      gcab(join(pack, `${d}.cab`), join(stage, d), files)
      outer.push(`${d}.cab`)
    }
    const top = readdirSync(stage).filter((n) => statSync(join(stage, n)).isFile() && n !== 'package.xml')
    for (const f of top) cpSync(join(stage, f), join(pack, f))
    const out = join(outDir, name)
    gcab(out, pack, [...top, ...outer])
    return out
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

/** `count` extra x/<rev> files for a detail folder of the fixture (a cab with a hostile number of files). */
export function manyFiles(folder: string, from: number, count: number): FixtureEdits {
  const edits: FixtureEdits = {}
  for (let i = 0; i < count; i++) edits[`${folder}/x/${from + i}`] = '<ExtendedProperties />'
  return edits
}
