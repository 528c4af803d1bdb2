// Property tests of the bundle manifest reader and the path rules: any bytes, or a real manifest with values
// swapped for anything, give a manifest or a short list of one-line problems; never an exception.
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  bundlePathProblem,
  buildBundle,
  parseManifest,
  pathConflicts,
  serializeManifest,
} from '../../../../main/clients/bundle'
import { MAX_PROPERTY_MESSAGE, arbitraryText, jsonMutated, mutated, runs } from '../parsing/property-kit'
import { makeFiles, newKeyPair, readEntries, sampleManifest, tempDir } from './helpers'

let manifestJson = ''

beforeAll(async () => {
  const dir = tempDir()
  const files = makeFiles(dir, { 'a.deb': 100, 'sub/b.msu': 300 })
  const out = join(dir, 'good.tar')
  await buildBundle({ out, manifest: sampleManifest(), files, signingKey: newKeyPair().privateKey })
  manifestJson = (await readEntries(out))[0]!.data.toString()
})

function expectProblems(result: ReturnType<typeof parseManifest>): void {
  if ('manifest' in result) {
    expect(serializeManifest(result.manifest).length).toBeGreaterThan(0)
    return
  }
  expect(result.errors.length).toBeGreaterThan(0)
  expect(result.errors.length).toBeLessThanOrEqual(20)
  for (const e of result.errors) {
    expect(e).not.toMatch(/[\r\n\u2028\u2029]/)
    expect(e.length).toBeLessThanOrEqual(MAX_PROPERTY_MESSAGE)
  }
}

describe('parseManifest (property)', () => {
  it('the built manifest parses', () => {
    expect('manifest' in parseManifest(Buffer.from(manifestJson))).toBe(true)
  })

  it('any bytes give a manifest or one-line problems', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
        expectProblems(parseManifest(Buffer.from(bytes))),
      ),
      runs(300),
    )
  })

  it('the real manifest with values swapped for anything gives a manifest or one-line problems', () => {
    const template = JSON.parse(manifestJson) as unknown
    fc.assert(
      fc.property(jsonMutated(template), (json) =>
        expectProblems(parseManifest(Buffer.from(JSON.stringify(json) ?? ''))),
      ),
      runs(300),
    )
  })

  it('the real manifest text mutated gives a manifest or one-line problems', () => {
    fc.assert(
      fc.property(mutated(manifestJson), (text) => expectProblems(parseManifest(Buffer.from(text)))),
      runs(300),
    )
  })

  it('names a path with a line break on one line', () => {
    const m = JSON.parse(manifestJson) as { files: Array<{ path: string }> }
    m.files[0]!.path = 'evil\nname.deb'
    const r = parseManifest(Buffer.from(JSON.stringify(m)))
    expect('errors' in r && r.errors[0]).toBe(
      'files.0.path: path segment "evil\\nname.deb" has a control or reserved character',
    )
  })
})

describe('bundle paths (property)', () => {
  it('any path gets null or a one-line problem; conflicts are one-line', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryText(['/', '..', '.', '\\', 'a', 'A', 'con', ':', ' ']), { maxLength: 8 }),
        (paths) => {
          for (const p of paths) {
            const problem = bundlePathProblem(p)
            if (problem !== null) expect(problem).not.toMatch(/[\r\n\u2028\u2029]/)
          }
          for (const [, message] of pathConflicts(paths)) expect(message).not.toMatch(/[\r\n\u2028\u2029]/)
        },
      ),
      runs(300),
    )
  })
})

describe('manifest size', () => {
  it('a manifest at the format limit still reads in bounded time', () => {
    const m = JSON.parse(manifestJson) as { updates: unknown[] }
    m.updates = Array.from({ length: 20_000 }, (_, i) => ({
      id: `u${i}`,
      title: 't',
      classification: 'Updates',
      vendor: 'v',
    }))
    const start = performance.now()
    expectProblems(parseManifest(Buffer.from(JSON.stringify(m))))
    expect(performance.now() - start).toBeLessThan(5_000)
  })
})
