import { describe, expect, it } from 'vitest'
import { syncAptSource } from '../../../../main/clients/catalog/apt-sync'
import { DEBIAN_ARCHIVE_KEYRING } from '../../../../main/clients/catalog/apt-signature'
import { localMirrorSkipReason, startLocalAptMirror } from '../../../support/local-apt-mirror'

describe.skipIf(localMirrorSkipReason('bookworm') !== null)('full bookworm main amd64 sync', () => {
  it('syncs ~60k packages from a local mirror within a minute or two (timing printed)', async () => {
    const t0 = performance.now()
    const mirror = await startLocalAptMirror({ suite: 'bookworm' })
    const t1 = performance.now()
    try {
      const r = await syncAptSource({
        baseUrl: mirror.baseUrl,
        suite: 'bookworm',
        allowExpired: true,
        keyring: DEBIAN_ARCHIVE_KEYRING,
      })
      const t2 = performance.now()
      expect(r.errors).toEqual([])
      expect(r.entries.length).toBeGreaterThan(50_000)
      expect(new Set(r.entries.map((e) => e.classification))).toEqual(new Set(['Updates']))
      const again = await syncAptSource({
        keyring: DEBIAN_ARCHIVE_KEYRING,
        baseUrl: mirror.baseUrl,
        suite: 'bookworm',
        allowExpired: true,
        previous: { indexes: r.state.indexes, entries: new Map(r.entries.map((e) => [e.id, e.sha256])) },
      })
      const t3 = performance.now()
      expect(again.stats).toMatchObject({ indexes: 0, new: 0, changed: 0 })
      const mb = (r.stats.fetchedBytes / 1e6).toFixed(1)
      console.log(
        `[full sync] bookworm main amd64: ${r.entries.length} packages, ${mb} MB fetched; ` +
          `mirror build ${((t1 - t0) / 1000).toFixed(2)} s, sync ${((t2 - t1) / 1000).toFixed(2)} s, ` +
          `incremental re-sync ${((t3 - t2) / 1000).toFixed(2)} s, ${r.supersedence.size} superseded`,
      )
    } finally {
      await mirror.close()
    }
  }, 180_000)
})
