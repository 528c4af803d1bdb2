// Property tests of the tar header writer against tar-stream, and of the bundle verifier on damaged tars:
// any name and size round-trip; arbitrary or mutated bundle bytes give problems, never an exception.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { extract } from 'tar-stream'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildBundle, verifyBundle } from '../../../../main/clients/bundle'
import { encodeFileHeader, padding } from '../../../../main/clients/bundle/tar-format'
import { MAX_PROPERTY_MESSAGE, parsesOrRefusesAsync, runs } from '../parsing/property-kit'
import { makeFiles, newKeyPair, readEntries, sampleManifest, tempDir, writeEntries } from './helpers'

async function headerOf(tar: Buffer): Promise<{ name: string; size: number }> {
  const ex = extract()
  ex.end(tar)
  for await (const entry of ex) {
    const { name, size = 0 } = entry.header
    entry.resume()
    return { name, size }
  }
  throw new Error('no entry')
}

describe('encodeFileHeader (property)', () => {
  it('any name (UTF-8, long, odd characters) and size round-trip through tar-stream', async () => {
    const name = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        fc
          .array(fc.stringMatching(/^[a-z0-9._-]{1,40}$/), { minLength: 1, maxLength: 12 })
          .map((p) => p.join('/')),
      )
      .filter((n) => !n.includes('\u0000') && !n.endsWith('/'))
    await fc.assert(
      fc.asyncProperty(name, fc.nat({ max: 5000 }), async (n, size) => {
        const tar = Buffer.concat([
          encodeFileHeader({ name: n, size, mtime: new Date(0) }),
          Buffer.alloc(size),
          padding(size),
          Buffer.alloc(1024),
        ])
        expect(await headerOf(tar)).toEqual({ name: n, size })
      }),
      runs(150),
    )
  })
})

describe('verifyBundle on damaged bundles (property)', () => {
  let dir = ''
  let good = Buffer.alloc(0)
  const key = newKeyPair()

  beforeAll(async () => {
    dir = tempDir()
    const out = join(dir, 'good.tar')
    await buildBundle({
      out,
      manifest: sampleManifest(),
      files: makeFiles(dir, { 'a.deb': 700, 'b/c.msu': 1500 }),
      signingKey: key.privateKey,
    })
    good = readFileSync(out)
  })

  let n = 0
  const verify = async (bytes: Uint8Array) => {
    const file = join(dir, `case-${++n}.tar`)
    writeFileSync(file, bytes)
    const r = await verifyBundle(file, { trustedKeys: [key.publicKey] })
    for (const p of r.problems) {
      expect(p.message).not.toMatch(/[\r\n\u2028\u2029]/)
      expect(p.message.length).toBeLessThanOrEqual(MAX_PROPERTY_MESSAGE * 20)
    }
    return r
  }

  it('the good bundle verifies', async () => {
    expect((await verify(good)).ok).toBe(true)
  })

  it('names tar entries with line breaks in them on one line', async () => {
    const entries = await readEntries(join(dir, 'good.tar'))
    const file = join(dir, 'newline.tar')
    await writeEntries(file, [
      ...entries,
      { header: { name: 'files/x\ny.deb', size: 1 }, data: Buffer.from('x') },
    ])
    const r = await verify(readFileSync(file))
    expect(r.problems.map((p) => p.message)).toContain(
      'files/x\\ny.deb: path segment "x\\ny.deb" has a control or reserved character',
    )
  })

  it('random bytes, and the bundle with bytes flipped or cut, verify to problems, never an exception', async () => {
    const damaged = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      fc.tuple(fc.nat(), fc.nat({ max: 255 })).map(([at, b]) => {
        const copy = Buffer.from(good)
        copy[at % copy.length] = b
        return copy
      }),
      fc.nat().map((at) => good.subarray(0, at % good.length)),
    )
    await fc.assert(
      fc.asyncProperty(damaged, async (bytes) => {
        const r = await parsesOrRefusesAsync(() => verify(bytes), [])
        expect(r).toBeDefined()
      }),
      runs(120),
    )
  })
})
