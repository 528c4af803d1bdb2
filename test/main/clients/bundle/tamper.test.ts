import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildBundle,
  signBytes,
  verifyBundle,
  MAX_PROBLEMS,
  type BundleProblem,
  type VerifyBundleResult,
} from '../../../../main/clients/bundle'
import {
  extractionLeftovers,
  makeFiles,
  newKeyPair,
  readEntries,
  sampleManifest,
  tempDir,
  writeEntries,
  type CraftedEntry,
  type TarEntry,
} from './helpers'

type Entries = TarEntry[]

const key = newKeyPair()
const otherKey = newKeyPair()
let dir: string
let good: string
let entries: Entries

/** Entries of the good bundle by tar name. */
function named(name: string): TarEntry {
  const found = entries.find((e) => e.header.name === name)
  if (!found) throw new Error(`no ${name}`)
  return { header: { ...found.header }, data: Buffer.from(found.data) }
}

function file(name: string, data: Buffer): TarEntry {
  return { header: { ...named('files/small.txt').header, name, size: data.length }, data }
}

function resign(manifest: Buffer): TarEntry[] {
  const sig = Buffer.from(signBytes(manifest, key.privateKey).toString('base64'))
  return [
    { header: { ...named('manifest.json').header }, data: manifest },
    { header: { ...named('manifest.sig').header }, data: sig },
  ]
}

let counter = 0
async function verifyCrafted(crafted: CraftedEntry[] | Buffer): Promise<VerifyBundleResult> {
  const parent = join(dir, `case-${++counter}`)
  mkdirSync(parent)
  const bundle = join(parent, 'bundle.tar')
  if (Buffer.isBuffer(crafted)) writeFileSync(bundle, crafted)
  else await writeEntries(bundle, crafted)
  const target = join(parent, 'import')
  const result = await verifyBundle(bundle, { trustedKeys: [key.publicKey], extractTo: target })
  expect(result.ok).toBe(false)
  expect(existsSync(target)).toBe(false)
  expect(extractionLeftovers(parent)).toEqual([])
  return result
}

function kinds(result: VerifyBundleResult): Array<Pick<BundleProblem, 'kind' | 'path'>> {
  return result.problems.map(({ kind, path }) => ({ kind, path }))
}

beforeAll(async () => {
  dir = tempDir()
  const files = makeFiles(dir, { 'a.deb': 1000, 'sub/b.msu': 3000, 'small.txt': 100 })
  good = join(dir, 'good.tar')
  await buildBundle({ out: good, manifest: sampleManifest(), files, signingKey: key.privateKey })
  entries = await readEntries(good)
})

describe('bundle tampering: every case is named, and nothing is extracted', () => {
  it('the untouched bundle verifies and its entries round-trip through tar-stream', async () => {
    expect(entries.map((e) => e.header.name)).toEqual([
      'manifest.json',
      'manifest.sig',
      'files/a.deb',
      'files/sub/b.msu',
      'files/small.txt',
    ])
    const parent = join(dir, 'repacked')
    mkdirSync(parent)
    const repacked = join(parent, 'bundle.tar')
    // re-packed by another tool, with folder entries (tolerated and ignored)
    await writeEntries(repacked, [
      ...entries.slice(0, 3),
      { header: { name: 'files/sub/', type: 'directory' } },
      ...entries.slice(3),
    ])
    const result = await verifyBundle(repacked, {
      trustedKeys: [key.publicKey],
      extractTo: join(parent, 'import'),
    })
    expect(result.problems).toEqual([])
    expect(readFileSync(join(parent, 'import/sub/b.msu'))).toEqual(named('files/sub/b.msu').data)
  })

  it('one byte of the manifest changed, signature unchanged → signature', async () => {
    const manifest = named('manifest.json')
    manifest.data = Buffer.from(manifest.data.toString().replace('Offline updates', 'Offline updatez'))
    const r = await verifyCrafted([manifest, ...entries.slice(1)])
    expect(kinds(r)).toEqual([{ kind: 'signature', path: 'manifest.json' }])
  })

  it('missing signature → signature', async () => {
    const r = await verifyCrafted([entries[0]!, ...entries.slice(2)])
    expect(kinds(r)).toEqual([{ kind: 'signature', path: 'manifest.sig' }])
  })

  it('a signature entry that is not a signature → signature', async () => {
    const r1 = await verifyCrafted([
      entries[0]!,
      file('manifest.sig', Buffer.alloc(2000, 65)),
      ...entries.slice(2),
    ])
    expect(kinds(r1)).toEqual([{ kind: 'signature', path: 'manifest.sig' }])
    const r2 = await verifyCrafted([
      entries[0]!,
      file('manifest.sig', Buffer.from('not base64!')),
      ...entries.slice(2),
    ])
    expect(kinds(r2)).toEqual([{ kind: 'signature', path: 'manifest.sig' }])
  })

  it('signed by another key → untrusted-key (and integrity alone still holds)', async () => {
    const other = join(dir, 'other.tar')
    const files = makeFiles(dir, { 'a.deb': 1000 })
    await buildBundle({ out: other, manifest: sampleManifest(), files, signingKey: otherKey.privateKey })
    const r = await verifyCrafted(readFileSync(other))
    expect(kinds(r)).toEqual([{ kind: 'untrusted-key', path: 'manifest.sig' }])
    expect(r.signer?.trusted).toBe(false)
  })

  it('a changed file (same size, other bytes) → changed-file', async () => {
    const changed = named('files/a.deb')
    changed.data[500] = changed.data[500]! ^ 0xff
    const r = await verifyCrafted([...entries.slice(0, 2), changed, ...entries.slice(3)])
    expect(kinds(r)).toEqual([{ kind: 'changed-file', path: 'a.deb' }])
  })

  it('a missing file → missing-file; an extra file → extra-file', async () => {
    const r1 = await verifyCrafted(entries.filter((e) => e.header.name !== 'files/sub/b.msu'))
    expect(kinds(r1)).toEqual([{ kind: 'missing-file', path: 'sub/b.msu' }])
    const r2 = await verifyCrafted([...entries, file('files/extra.bin', Buffer.from('surprise'))])
    expect(kinds(r2)).toEqual([{ kind: 'extra-file', path: 'extra.bin' }])
    const r3 = await verifyCrafted([...entries, file('postinst.sh', Buffer.from('#!/bin/sh'))])
    expect(kinds(r3)).toEqual([{ kind: 'extra-file', path: 'postinst.sh' }])
  })

  it.each([
    'files/../escape',
    '/etc/passwd',
    'files/a/../../x',
    'files/C:/x',
    'files/a\\..\\..\\x',
    '../../x',
  ])('escaping path %s → path-escape', async (name) => {
    const r = await verifyCrafted([...entries, file(name, Buffer.from('owned'))])
    expect(kinds(r)).toEqual([{ kind: 'path-escape', path: name }])
  })

  it('a symlink, a hard link, a character device and a fifo → symlink / device', async () => {
    const r = await verifyCrafted([
      ...entries,
      { header: { name: 'files/link', type: 'symlink', linkname: '/etc/passwd' } },
      { header: { name: 'files/hard', type: 'link', linkname: 'files/a.deb' } },
      { header: { name: 'files/null', type: 'character-device', devmajor: 1, devminor: 3 } },
      { header: { name: 'files/pipe', type: 'fifo' } },
    ])
    expect(kinds(r)).toEqual([
      { kind: 'symlink', path: 'files/link' },
      { kind: 'symlink', path: 'files/hard' },
      { kind: 'device', path: 'files/null' },
      { kind: 'device', path: 'files/pipe' },
    ])
  })

  it('a symlink standing in for a listed file → symlink and missing-file', async () => {
    const r = await verifyCrafted([
      ...entries.filter((e) => e.header.name !== 'files/a.deb'),
      { header: { name: 'files/a.deb', type: 'symlink', linkname: '/etc/shadow' } },
    ])
    expect(kinds(r)).toEqual([
      { kind: 'symlink', path: 'files/a.deb' },
      { kind: 'missing-file', path: 'a.deb' },
    ])
  })

  it('duplicate names, exact and case-only → duplicate', async () => {
    const small = named('files/small.txt')
    const r1 = await verifyCrafted([...entries, small])
    expect(kinds(r1)).toEqual([{ kind: 'duplicate', path: 'small.txt' }])
    const r2 = await verifyCrafted([
      ...entries,
      { ...small, header: { ...small.header, name: 'files/SMALL.txt' } },
    ])
    expect(kinds(r2)).toEqual([{ kind: 'duplicate', path: 'SMALL.txt' }])
    const r3 = await verifyCrafted([...entries, entries[0]!])
    expect(kinds(r3)).toEqual([{ kind: 'duplicate', path: 'manifest.json' }])
  })

  it('an entry larger than the manifest declares → oversize; smaller → size-mismatch', async () => {
    const big = named('files/a.deb')
    const r1 = await verifyCrafted([
      ...entries.slice(0, 2),
      file('files/a.deb', Buffer.concat([big.data, big.data])),
      ...entries.slice(3),
    ])
    expect(kinds(r1)).toEqual([{ kind: 'oversize', path: 'a.deb' }])
    const r2 = await verifyCrafted([
      ...entries.slice(0, 2),
      file('files/a.deb', big.data.subarray(0, 999)),
      ...entries.slice(3),
    ])
    expect(kinds(r2)).toEqual([{ kind: 'size-mismatch', path: 'a.deb' }])
  })

  it('a truncated tar → malformed (and parsing stops)', async () => {
    const bytes = readFileSync(good)
    const r = await verifyCrafted(bytes.subarray(0, bytes.length - 1024 - 512 - 300))
    expect(r.problems.map((p) => p.kind)).toEqual(['malformed'])
    expect(r.problems[0]!.message).toMatch(/truncated/)
  })

  it('manifest not first, a schema-failing manifest, garbage, an empty file → malformed', async () => {
    const r1 = await verifyCrafted([entries[2]!, entries[0]!, entries[1]!, ...entries.slice(3)])
    expect(kinds(r1)).toEqual([{ kind: 'malformed', path: 'manifest.json' }])
    const manifest = JSON.parse(named('manifest.json').data.toString())
    manifest.files[0].path = '../a.deb'
    const r2 = await verifyCrafted([...resign(Buffer.from(JSON.stringify(manifest))), ...entries.slice(2)])
    expect(kinds(r2)).toEqual([{ kind: 'malformed', path: 'manifest.json' }])
    expect(r2.problems[0]!.message).toMatch(/files\.0\.path: path climbs out/)
    const r3 = await verifyCrafted(Buffer.alloc(4096, 7))
    expect(kinds(r3)).toEqual([{ kind: 'malformed', path: undefined }])
    const r4 = await verifyCrafted(Buffer.alloc(0))
    expect(kinds(r4)).toEqual([{ kind: 'malformed', path: 'manifest.json' }])
  })

  it('names every problem in one pass', async () => {
    const changed = named('files/a.deb')
    changed.data[0] = changed.data[0]! ^ 1
    const r = await verifyCrafted([
      ...entries.slice(0, 2),
      changed,
      file('files/../escape', Buffer.from('x')),
      { header: { name: 'files/link', type: 'symlink', linkname: '/' } },
      file('files/extra', Buffer.from('x')),
      named('files/small.txt'),
      named('files/small.txt'),
    ])
    expect(kinds(r)).toEqual([
      { kind: 'changed-file', path: 'a.deb' },
      { kind: 'path-escape', path: 'files/../escape' },
      { kind: 'symlink', path: 'files/link' },
      { kind: 'extra-file', path: 'extra' },
      { kind: 'duplicate', path: 'small.txt' },
      { kind: 'missing-file', path: 'sub/b.msu' },
    ])
  })

  it('refuses to extract over an existing, non-empty folder', async () => {
    const target = join(dir, 'busy')
    mkdirSync(target)
    writeFileSync(join(target, 'keep'), 'x')
    await expect(verifyBundle(good, { trustedKeys: [key.publicKey], extractTo: target })).rejects.toThrow(
      /not an empty folder/,
    )
  })
})

describe('bundle verification limits and progress', () => {
  it('stops listing after MAX_PROBLEMS and says how many more there were', async () => {
    const extra = Array.from({ length: MAX_PROBLEMS + 5 }, (_, i) => file(`files/x${i}`, Buffer.alloc(0)))
    const r = await verifyCrafted([...entries, ...extra])
    expect(r.problems).toHaveLength(MAX_PROBLEMS + 1)
    expect(r.problems.at(-1)).toMatchObject({
      kind: 'malformed',
      message: expect.stringMatching(/more problems not listed/),
    })
  })

  it('reports progress up to the bundle size', async () => {
    const seen: Array<[number, number]> = []
    await verifyBundle(good, { onProgress: (done, total) => seen.push([done, total]) })
    const [done, total] = seen.at(-1)!
    expect(done).toBe(total)
    expect(total).toBe(readFileSync(good).length)
  })
})
