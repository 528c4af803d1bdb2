import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncAptSource, type AptSyncResult } from '../../../../main/clients/catalog/apt-sync'
import { DEBIAN_ARCHIVE_KEYRING } from '../../../../main/clients/catalog/apt-signature'
import {
  localMirrorSkipReason,
  startLocalAptMirror,
  type LocalAptMirror,
} from '../../../support/local-apt-mirror'

const skip = localMirrorSkipReason('bookworm-security') !== null

/** `apt-cache show pkg=ver …` stanzas as field maps (apt shows one record per distinct .deb). */
function aptCacheShow(specs: string[]): Array<Record<string, string>> {
  const r = spawnSync('apt-cache', ['show', ...specs], { encoding: 'utf8' })
  if (r.status !== 0) return []
  return r.stdout
    .split(/\n\n+/)
    .filter((s) => s.trim())
    .map((s) => {
      const fields: Record<string, string> = {}
      for (const m of s.matchAll(/^([\w-]+): (.*)$/gm)) fields[m[1]!] = m[2]!
      return fields
    })
}

describe.skipIf(skip)('syncAptSource against a local bookworm-security mirror', () => {
  let mirror: LocalAptMirror
  let first: AptSyncResult
  const now = new Date('2026-11-21T00:00:00Z')

  beforeAll(async () => {
    mirror = await startLocalAptMirror({ suite: 'bookworm-security' })
    first = await syncAptSource({
      baseUrl: mirror.baseUrl,
      suite: 'bookworm-security',
      allowExpired: true,
      keyring: DEBIAN_ARCHIVE_KEYRING,
    })
  })
  afterAll(() => mirror?.close())

  it('returns every package of the index, classified, with download paths on the mirror', () => {
    expect(first.errors).toEqual([])
    const stanzas = mirror.packagesText.split(/\n\n+/).filter((s) => s.trim()).length
    expect(first.entries.length).toBe(stanzas)
    expect(first.stats).toMatchObject({ indexes: 1, new: stanzas, changed: 0, expired: 0 })
    expect(first.release).toMatchObject({ suite: 'bookworm-security', codename: 'bookworm-security' })
    const e = first.entries[0]!
    expect(e.id).toBe(`deb:${e.package}:${e.architecture}:${e.version}`)
    expect(e.title).toBe(`${e.package} ${e.version}`)
    expect(e.classification).toBe('Security Updates')
    expect(e.downloadPath).toMatch(new RegExp(`^${mirror.baseUrl}/pool/`))
    expect(e.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('agrees with apt-cache show on version, SHA256 and Size for 5 entries', () => {
    const step = Math.floor(first.entries.length / 5)
    const picked = [0, 1, 2, 3, 4].map((i) => first.entries[i * step]!)
    const shown = aptCacheShow(picked.map((e) => `${e.package}=${e.version}`))
    for (const e of picked) {
      const stanza = shown.find(
        (s) =>
          s['Package'] === e.package && s['Version'] === e.version && s['Architecture'] === e.architecture,
      )
      expect(stanza, `apt-cache show ${e.package}=${e.version}`).toBeDefined()
      expect(stanza!['Version']).toBe(e.version)
      expect(Number(stanza!['Size'])).toBe(e.size)
      expect(stanza!['SHA256']).toBe(e.sha256)
      expect(e.downloadPath.split('/').pop()).toBe(stanza!['Filename']!.split('/').pop())
    }
  })

  it('verifies the real InRelease signature with gpgv when a keyring is given', async () => {
    const r = await syncAptSource({
      baseUrl: mirror.baseUrl,
      suite: 'bookworm-security',
      allowExpired: true,
      keyring: DEBIAN_ARCHIVE_KEYRING,
    })
    expect(r.errors).toEqual([])
    expect(r.release?.signedBy).toMatch(/^[0-9A-F]{40}$/)
  })

  it('refuses to use a Release no keyring verifies, unless unsigned Release files are allowed', async () => {
    const r = await syncAptSource({ baseUrl: mirror.baseUrl, suite: 'bookworm-security', allowExpired: true })
    expect(r.entries).toEqual([])
    expect(r.errors[0]).toMatch(/no keyring to verify the Release signature with; refused/)
    const unsigned = await syncAptSource({
      baseUrl: mirror.baseUrl,
      suite: 'bookworm-security',
      allowExpired: true,
      allowUnsigned: true,
    })
    expect(unsigned.errors).toEqual([])
    expect(unsigned.release?.signedBy).toBeUndefined()
  })

  it('refuses a Release older than the one accepted last, and takes the same one again', async () => {
    const sync = (lastReleaseDate: string) =>
      syncAptSource({
        baseUrl: mirror.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
        keyring: DEBIAN_ARCHIVE_KEYRING,
        lastReleaseDate,
      })
    const replay = await sync('2999-01-01T00:00:00.000Z')
    expect(replay.entries).toEqual([])
    expect(replay.errors[0]).toMatch(
      /is older than the one accepted last \(2999-01-01T00:00:00.000Z\): a replayed or rolled-back mirror; refused/,
    )
    expect((await sync(first.release!.date!)).errors).toEqual([])
  })

  it('refuses a Release whose Valid-Until has passed, unless allowExpired', async () => {
    const later = new Date(Date.parse(first.release!.validUntil!) + 1000)
    const r = await syncAptSource({
      baseUrl: mirror.baseUrl,
      suite: 'bookworm-security',
      now: later,
      keyring: DEBIAN_ARCHIVE_KEYRING,
    })
    expect(r.errors[0]).toMatch(/expired at .*stale mirror/)
    expect(r.entries).toEqual([])
    const ok = await syncAptSource({
      baseUrl: mirror.baseUrl,
      suite: 'bookworm-security',
      now,
      keyring: DEBIAN_ARCHIVE_KEYRING,
    })
    expect(ok.errors).toEqual([])
  })

  it('re-sync with the previous state downloads no index and reports nothing new', async () => {
    mirror.requests.length = 0
    const previous = {
      indexes: first.state.indexes,
      entries: new Map(first.entries.map((e) => [e.id, e.sha256])),
    }
    const started = performance.now()
    const r = await syncAptSource({
      keyring: DEBIAN_ARCHIVE_KEYRING,
      baseUrl: mirror.baseUrl,
      suite: 'bookworm-security',
      allowExpired: true,
      previous,
    })
    expect(r.errors).toEqual([])
    expect(mirror.requests.map((q) => q.path)).toEqual(['/debian-security/dists/bookworm-security/InRelease'])
    expect(r.stats).toMatchObject({ indexes: 0, skippedIndexes: 1, new: 0, changed: 0, expired: 0 })
    expect(r.entries).toEqual([])
    expect(performance.now() - started).toBeLessThan(2000)
  })

  describe('with a modified mirror', () => {
    afterAll(async () => {
      await mirror.close()
      mirror = await startLocalAptMirror({ suite: 'bookworm-security' })
    })

    it('refuses a tampered index (one byte changed), naming the file and both hashes, returning nothing', async () => {
      const bytes = Buffer.from(mirror.packagesText)
      bytes[100] = bytes[100] === 0x61 ? 0x62 : 0x61
      mirror.tamperIndex(bytes)
      const r = await syncAptSource({
        keyring: DEBIAN_ARCHIVE_KEYRING,
        baseUrl: mirror.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
      })
      expect(r.entries).toEqual([])
      expect(r.errors).toHaveLength(1)
      expect(r.errors[0]).toContain('main/binary-amd64/Packages')
      const got = createHash('sha256').update(bytes).digest('hex')
      expect(r.errors[0]).toContain(`SHA256 mismatch, expected ${mirror.packagesSha256}, got ${got}; refused`)
    })

    it('refuses a truncated index', async () => {
      mirror.tamperIndex(mirror.packagesText.slice(0, 100_000))
      const r = await syncAptSource({
        keyring: DEBIAN_ARCHIVE_KEYRING,
        baseUrl: mirror.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
      })
      expect(r.entries).toEqual([])
      expect(r.errors[0]).toMatch(
        /main\/binary-amd64\/Packages .*size 100000 bytes, Release says \d+; refused/,
      )
    })

    it('refuses a Release listing a wrong size', async () => {
      mirror.tamperIndex(mirror.packagesText)
      const body = mirror.releaseText()
      const wrong = body.replace(
        /^( [0-9a-f]{64}\s+)(\d+)( main\/binary-amd64\/Packages)$/m,
        (_, a, n, c) => `${a}${Number(n) + 1}${c}`,
      )
      expect(wrong).not.toBe(body)
      mirror.setRelease(wrong)
      const r = await syncAptSource({
        allowUnsigned: true,
        baseUrl: mirror.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
      })
      expect(r.entries).toEqual([])
      expect(r.errors[0]).toMatch(/Release says \d+; refused/)
    })

    it('refuses a modified Release when the signature is required', async () => {
      const r = await syncAptSource({
        baseUrl: mirror.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
        keyring: DEBIAN_ARCHIVE_KEYRING,
      })
      expect(r.errors[0]).toMatch(/Release\.gpg: HTTP 404; a signature is required/)
    })

    it('a bumped version yields exactly one new entry, superseding the old one', async () => {
      const text = mirror.packagesText
      const stanza = text
        .split('\n\n')
        .find((s) => s.startsWith('Package: ') && !text.includes(`\nSource: ${s.split('\n')[0]!.slice(9)}`))!
      const version = /^Version: (.*)$/m.exec(stanza)![1]!
      const bumped = stanza.replace(/^Version: .*$/m, `Version: ${version}+patchbay1`)
      mirror.publishIndex(`${text.trimEnd()}\n\n${bumped}\n`)
      const previous = {
        indexes: first.state.indexes,
        entries: new Map(first.entries.map((e) => [e.id, e.sha256])),
      }
      const r = await syncAptSource({
        allowUnsigned: true,
        baseUrl: mirror.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
        previous,
      })
      expect(r.errors).toEqual([])
      expect(r.stats).toMatchObject({ indexes: 1, new: 1, changed: 0, expired: 0 })
      const pkg = /^Package: (.*)$/m.exec(stanza)![1]!
      const arch = /^Architecture: (.*)$/m.exec(stanza)![1]!
      const newId = `deb:${pkg}:${arch}:${version}+patchbay1`
      expect(r.entries.map((e) => e.id)).toEqual([newId])
      expect(r.entries[0]!.supersededBy).toBeUndefined()
      expect(r.supersedence.get(`deb:${pkg}:${arch}:${version}`)).toBe(newId)
    })

    it('a replaced version is new, and the old one expired; works from Packages.gz alone', async () => {
      const text = mirror.packagesText
      const m = /^Package: (\S+)\n(?:.*\n)*?Version: (.*)\n/m.exec(text)!
      const replaced = text.replace(`Version: ${m[2]}\n`, `Version: ${m[2]}+patchbay2\n`)
      mirror.publishIndex(replaced, { gzipOnly: true })
      mirror.requests.length = 0
      const previous = {
        indexes: first.state.indexes,
        entries: new Map(first.entries.map((e) => [e.id, e.sha256])),
      }
      const r = await syncAptSource({
        allowUnsigned: true,
        baseUrl: mirror.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
        previous,
      })
      expect(r.errors).toEqual([])
      expect(r.stats).toMatchObject({ new: 1, changed: 0, expired: 1 })
      expect(r.expired[0]).toMatch(new RegExp(`^deb:${m[1]}:[^:]+:${m[2]!.replace(/[.+~]/g, '\\$&')}$`))
      expect(mirror.requests.at(-1)!.path).toMatch(/by-hash\/SHA256\/[0-9a-f]{64}$/)
      const missing = mirror.requests
        .filter((q) => q.status === 404)
        .map((q) => q.path.split('/').slice(-2).join('/'))
      expect(missing).toEqual([
        'bookworm-security/InRelease',
        `SHA256/${r.state.indexes['main/binary-amd64/Packages']}`,
        'binary-amd64/Packages',
      ])
    })
  })
})

describe.skipIf(localMirrorSkipReason('bookworm-updates') !== null)(
  'syncAptSource on bookworm-updates',
  () => {
    it('classifies a non-security suite as Updates, and its bad mirror URL is a clear error', async () => {
      const mirror = await startLocalAptMirror({ suite: 'bookworm-updates' })
      try {
        const r = await syncAptSource({
          keyring: DEBIAN_ARCHIVE_KEYRING,
          baseUrl: mirror.baseUrl,
          suite: 'bookworm-updates',
          allowExpired: true,
        })
        expect(r.errors).toEqual([])
        expect(r.entries.length).toBeGreaterThan(0)
        expect(new Set(r.entries.map((e) => e.classification))).toEqual(new Set(['Updates']))
        const bad = await syncAptSource({
          baseUrl: `${mirror.baseUrl}-nope`,
          suite: 'bookworm-updates',
          keyring: DEBIAN_ARCHIVE_KEYRING,
        })
        expect(bad.errors[0]).toMatch(/InRelease and .*Release: HTTP 404/)
      } finally {
        await mirror.close()
      }
    })
  },
)

describe('syncAptSource transport errors', () => {
  it('names the URL and HTTP status, and a network failure, returning nothing', async () => {
    const r = await syncAptSource({
      keyring: DEBIAN_ARCHIVE_KEYRING,
      baseUrl: 'http://127.0.0.1:9/debian',
      suite: 'bookworm',
      fetch: async () => ({
        ok: false,
        status: 500,
        statusText: 'Internal Server Error',
        arrayBuffer: async () => new ArrayBuffer(0),
      }),
    })
    expect(r.errors).toEqual([
      'GET http://127.0.0.1:9/debian/dists/bookworm/InRelease: HTTP 500 Internal Server Error',
    ])
    expect(r.entries).toEqual([])
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const refused = await syncAptSource({
      baseUrl: `http://127.0.0.1:${port}/debian`,
      suite: 'bookworm',
      keyring: DEBIAN_ARCHIVE_KEYRING,
    })
    expect(refused.errors).toEqual([
      `GET http://127.0.0.1:${port}/debian/dists/bookworm/InRelease: connect ECONNREFUSED 127.0.0.1:${port}`,
    ])
  })
})
