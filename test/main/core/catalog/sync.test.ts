import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { localMirrorSkipReason } from '../../../support/local-apt-mirror'
import { mirroredCatalog } from '../../../support/mirrored-catalog'
import { siteEngines } from '../../../support/site-engines'

const skip = localMirrorSkipReason('bookworm-security')

/** apt-cache's view of one package version on this machine: Version, SHA256 and Size. */
function aptCacheShow(pkg: string, version: string): { sha256: string; size: number } | null {
  try {
    const out = execFileSync('apt-cache', ['show', `${pkg}=${version}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const field = (name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(out)?.[1]
    return { sha256: field('SHA256') ?? '', size: Number(field('Size')) }
  } catch {
    return null
  }
}

describe.skipIf(skip !== null).each(siteEngines())(
  'catalog synchronization on $kind (local mirror of this machine’s apt lists)',
  (engine) => {
    const catalog = mirroredCatalog(engine)
    let api: Transport

    const site = async (label: string, options: { allowUnsigned?: boolean } = {}) => {
      const s = await catalog.open(label, options)
      api = s.api
    }

    it('records every package version as a catalog update matching apt-cache, then re-syncs with nothing new', async () => {
      await site('sync')
      const [first] = await api.invoke('catalog:sync', { sourceName: 'debian-security' })
      expect(first).toMatchObject({ state: 'succeeded', error: '' })
      const updates = await api.invoke('updates:list', { sourceName: 'debian-security' })
      const stanzas = catalog.mirror.packagesText.split(/\n\s*\n/).filter((s) => s.trim()).length
      expect(updates).toHaveLength(first!.newCount)
      expect(updates.length).toBe(stanzas)
      expect(
        updates.every((u) => u.classification === 'Security Updates' && /^[0-9a-f]{64}$/.test(u.sha256)),
      ).toBe(true)
      let compared = 0
      for (const u of updates) {
        const apt = aptCacheShow(u.package, u.availableVersion)
        if (!apt?.sha256) continue
        expect({ sha256: u.sha256, size: u.size }, `${u.package} ${u.availableVersion}`).toEqual(apt)
        if (++compared === 5) break
      }
      expect(compared).toBe(5)
      const served = catalog.mirror.requests.length
      const [again] = await api.invoke('catalog:sync', { sourceName: 'debian-security' })
      expect(again).toMatchObject({ state: 'succeeded', newCount: 0, changedCount: 0, expiredCount: 0 })
      expect(catalog.mirror.requests.length - served).toBe(1) // only the Release: the index is unchanged
      const [source] = await api.invoke('catalog:sources-list', {})
      expect(source).toMatchObject({ name: 'debian-security', updateCount: updates.length })
      expect((await api.invoke('catalog:history', {})).map((h) => h.state)).toEqual([
        'succeeded',
        'succeeded',
      ])
    })

    it('refuses a tampered index, naming it, and writes nothing', async () => {
      await site('tamper')
      catalog.mirror.tamperIndex(catalog.mirror.packagesText.replace(/^Version: /m, 'Version: 9'))
      try {
        const [result] = await api.invoke('catalog:sync', {})
        expect(result!.state).toBe('failed')
        expect(result!.error).toMatch(/main\/binary-amd64\/Packages/)
        expect(await api.invoke('updates:list', {})).toHaveLength(0)
        expect((await api.invoke('status:list', {}))[0]!.message).toMatch(/failed; nothing was written/)
      } finally {
        catalog.mirror.tamperIndex(catalog.mirror.packagesText)
      }
    })

    it('verifies the Release with Debian’s keyring by default, and says so', async () => {
      await site('signed')
      const [source] = await api.invoke('catalog:sources-list', {})
      expect(source).toMatchObject({
        keyring: '/usr/share/keyrings/debian-archive-keyring.gpg',
        allowUnsigned: false,
        warnings: [
          'plain http: the signature protects what clients install, but the traffic can be read and held back',
        ],
      })
      const [run] = await api.invoke('catalog:sync', {})
      expect(run!.state).toBe('succeeded')
    })

    it('refuses a Release older than the one it accepted last (a replayed mirror), writing nothing', async () => {
      await site('replay', { allowUnsigned: true })
      const [first] = await api.invoke('catalog:sync', {})
      expect(first!.state).toBe('succeeded')
      const before = await api.invoke('updates:list', {})
      const current = catalog.mirror.releaseText()
      try {
        catalog.mirror.setRelease(current.replace(/^Date: .*$/m, 'Date: Sat, 01 Jan 2000 00:00:00 UTC'))
        const [replayed] = await api.invoke('catalog:sync', {})
        expect(replayed!.state).toBe('failed')
        expect(replayed!.error).toMatch(
          /Release dated 2000-01-01T00:00:00.000Z is older than the one accepted last/,
        )
        expect(await api.invoke('updates:list', {})).toEqual(before)
        const [source] = await api.invoke('catalog:sources-list', {})
        expect(source!.warnings[0]).toMatch(/^UNSIGNED/)
      } finally {
        catalog.mirror.setRelease(current)
      }
    })
  },
)
