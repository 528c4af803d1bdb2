import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildBundle,
  createSigningKeyPair,
  loadPrivateKey,
  loadPublicKey,
  verifyBundle,
  type BundleSourceFile,
} from '../../../../main/clients/bundle'
import { localAptPoolSkipReason, startLocalAptPool } from '../../../support/local-apt-pool'
import { extractionLeftovers, makeFiles, sampleManifest, tempDir } from './helpers'

const poolSkip = localAptPoolSkipReason('bookworm-security')

const SIZES = {
  'empty.txt': 0,
  'small.txt': 100,
  'block.bin': 512,
  'odd.bin': 513,
  'deep/er/big.bin': 20 << 20,
}

describe('bundle build and verify', () => {
  let dir: string
  let files: BundleSourceFile[]
  let keys: Awaited<ReturnType<typeof createSigningKeyPair>>

  beforeAll(async () => {
    dir = tempDir()
    files = makeFiles(dir, SIZES)
    files[4]!.updateId = 'KB5034441'
    keys = await createSigningKeyPair(join(dir, 'keys'))
  })

  it('builds a bundle that verifies with the trusted key and extracts byte-identical files', async () => {
    const out = join(dir, 'updates.tar')
    const progress: number[] = []
    const built = await buildBundle({
      out,
      manifest: sampleManifest(),
      files,
      signingKey: await loadPrivateKey(keys.privateKeyPath),
      onProgress: (done) => progress.push(done),
    })
    expect(built.fingerprint).toBe(keys.fingerprint)
    expect(built.payloadBytes).toBe(Object.values(SIZES).reduce((a, b) => a + b, 0))
    expect(statSync(out).size).toBe(built.bundleBytes)
    expect(progress.at(-1)).toBe(built.payloadBytes)
    expect(existsSync(out + '.partial')).toBe(false)

    const target = join(dir, 'extracted')
    const result = await verifyBundle(out, {
      trustedKeys: [await loadPublicKey(keys.publicKeyPath)],
      extractTo: target,
    })
    expect(result.problems).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.signer).toEqual({ fingerprint: keys.fingerprint, trusted: true })
    expect(result.manifest?.files.map((f) => [f.path, f.size])).toEqual(Object.entries(SIZES))
    expect(result.manifest?.files[4]?.updateId).toBe('KB5034441')
    for (const f of files) {
      const extracted = join(target, f.path)
      expect(readFileSync(extracted).equals(readFileSync(f.source))).toBe(true)
      expect(statSync(extracted).mode & 0o777).toBe(0o600)
    }
    expect(statSync(join(target, 'deep/er')).mode & 0o777).toBe(0o700)
    expect(extractionLeftovers(dir)).toEqual([])
  })

  it('is a plain tar: GNU tar lists manifest.json first, then manifest.sig, then every file', async () => {
    const out = join(dir, 'listed.tar')
    await buildBundle({
      out,
      manifest: sampleManifest(),
      files,
      signingKey: await loadPrivateKey(keys.privateKeyPath),
    })
    const listing = execFileSync('tar', ['-tvf', out], { encoding: 'utf8' }).trim().split('\n')
    const names = listing.map((line) => line.split(/\s+/).at(-1))
    expect(names).toEqual(['manifest.json', 'manifest.sig', ...Object.keys(SIZES).map((p) => `files/${p}`)])
    expect(listing[6]).toContain(String(20 << 20))
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', out, 'manifest.json'], { encoding: 'utf8' }))
    expect(manifest.format).toBe('patchbay-bundle/1')
    const sum = execFileSync('sh', ['-c', `tar -xOf '${out}' files/deep/er/big.bin | sha256sum`], {
      encoding: 'utf8',
    })
    expect(sum.split(' ')[0]).toBe(manifest.files[4].sha256)
  })

  it('verifies without trusted keys (integrity only) and reports the signer as untrusted', async () => {
    const out = join(dir, 'anon.tar')
    await buildBundle({
      out,
      manifest: sampleManifest(),
      files: files.slice(0, 2),
      signingKey: await loadPrivateKey(keys.privateKeyPath),
    })
    const result = await verifyBundle(out)
    expect(result).toMatchObject({
      ok: true,
      problems: [],
      signer: { fingerprint: keys.fingerprint, trusted: false },
    })
    const demanded = await verifyBundle(out, { requireTrusted: true })
    expect(demanded.problems.map((p) => p.kind)).toEqual(['untrusted-key'])
  })

  it('carries long and non-ASCII names through pax headers', async () => {
    const long = `${'a'.repeat(120)}/${'b'.repeat(120)}/Übersicht-更新.msu`
    const src = makeFiles(dir, { [long]: 1000, 'x/y.cab': 10 })
    const out = join(dir, 'names.tar')
    await buildBundle({
      out,
      manifest: sampleManifest(),
      files: src,
      signingKey: await loadPrivateKey(keys.privateKeyPath),
    })
    const names = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).trim().split('\n')
    expect(names).toContain(`files/${long}`)
    expect((await verifyBundle(out)).problems).toEqual([])
  })

  it.skipIf(poolSkip !== null)(
    "uses real Debian .deb files (apt-get download, checked against apt's index)",
    async () => {
      const pool = await startLocalAptPool({ suite: 'bookworm-security', count: 3 })
      try {
        const src = pool.packages.map((p) => ({
          path: `debs/${p.filename.split('/').pop()!.replaceAll(':', '%3a')}`,
          source: p.file,
        }))
        const out = join(dir, 'debs.tar')
        await buildBundle({
          out,
          manifest: sampleManifest(),
          files: src,
          signingKey: await loadPrivateKey(keys.privateKeyPath),
        })
        const result = await verifyBundle(out, { trustedKeys: [await loadPublicKey(keys.publicKeyPath)] })
        expect(result.problems).toEqual([])
        expect(result.manifest?.files.map((f) => f.path)).toEqual(src.map((f) => f.path))
        expect(result.manifest?.files.map((f) => f.sha256)).toEqual(pool.packages.map((p) => p.sha256))
      } finally {
        await pool.close()
      }
    },
    180_000,
  )

  it('refuses bad paths, duplicates, symlinks and devices in the source, writing nothing', async () => {
    const key = await loadPrivateKey(keys.privateKeyPath)
    const out = join(dir, 'refused.tar')
    const ok = files[1]!
    const cases: Array<[BundleSourceFile[], RegExp]> = [
      [[{ ...ok, path: '../up' }], /climbs out/],
      [[{ ...ok, path: '/etc/passwd' }], /absolute/],
      [[{ ...ok, path: 'a\\b' }], /backslash/],
      [[{ ...ok, path: 'a\u0000b' }], /NUL/],
      [[{ ...ok, path: 'a//b' }], /empty/],
      [[{ ...ok, path: 'x'.repeat(300) }], /longer than 255/],
      [[ok, { ...ok }], /listed twice/],
      [[ok, { ...ok, path: 'SMALL.txt' }], /differ only in case/],
      [[ok, { ...ok, path: 'small.txt/inner' }], /needs it as a folder/],
      [[{ ...ok, source: 'relative.txt' }], /absolute path/],
      [[{ path: 'null', source: '/dev/null' }], /not a regular file/],
      [[{ path: 'dir', source: dir }], /not a regular file/],
      [[{ ...ok, updateId: 'KB-unknown' }], /unknown update/],
    ]
    execFileSync('ln', ['-s', ok.source, join(dir, 'link.txt')])
    cases.push([[{ path: 'link', source: join(dir, 'link.txt') }], /symbolic link/])
    for (const [input, message] of cases) {
      await expect(
        buildBundle({ out, manifest: sampleManifest(), files: input, signingKey: key }),
      ).rejects.toThrow(message)
      expect(existsSync(out)).toBe(false)
      expect(existsSync(out + '.partial')).toBe(false)
    }
  })

  it('leaves neither the bundle nor .partial when a build is interrupted', async () => {
    const key = await loadPrivateKey(keys.privateKeyPath)
    const out = join(dir, 'interrupted.tar')
    const thrower = () => {
      throw new Error('stop right there')
    }
    await expect(
      buildBundle({ out, manifest: sampleManifest(), files, signingKey: key, onProgress: thrower }),
    ).rejects.toThrow('stop right there')
    expect(readdirSync(dir).filter((n) => n.startsWith('interrupted'))).toEqual([])

    // a source that disappears mid-list (mode 000 would not stop root, which these tests may run as)
    const vanishing = makeFiles(dir, { 'later.bin': 4096 })[0]!
    const onProgress = (_done: number, _total: number, file: string) => {
      if (file === 'deep/er/big.bin') rmSync(vanishing.source, { force: true })
    }
    await expect(
      buildBundle({
        out,
        manifest: sampleManifest(),
        files: [...files, vanishing],
        signingKey: key,
        onProgress,
      }),
    ).rejects.toThrow(/ENOENT/)
    expect(readdirSync(dir).filter((n) => n.startsWith('interrupted'))).toEqual([])
  })

  it('refuses a source that changes size while it is read', async () => {
    const key = await loadPrivateKey(keys.privateKeyPath)
    const out = join(dir, 'growing.tar')
    const [grower] = makeFiles(dir, { 'grows.bin': 3 << 20 })
    const onProgress = () => execFileSync('sh', ['-c', `printf more >> '${grower!.source}'`])
    await expect(
      buildBundle({
        out,
        manifest: sampleManifest(),
        files: [grower!],
        signingKey: key,
        onProgress,
        chunkSize: 1 << 20,
      }),
    ).rejects.toThrow(/changed size/)
    expect(readdirSync(dir).filter((n) => n.startsWith('growing'))).toEqual([])
  })
})
