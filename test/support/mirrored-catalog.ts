import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Transport } from '../../shared/contract'
import type { Services } from '../../main/core/runtime/services'
import { startLocalAptMirror, type LocalAptMirror } from './local-apt-mirror'
import { newSite } from './services'
import type { SiteEngine } from './site-engines'

/**
 * For a describe block: a local mirror of this machine's bookworm-security lists for the whole block, and
 * `open(label, options)` — a fresh site on `engine` with that mirror as catalog source "debian-security", closed after
 * each test.
 */
export function mirroredCatalog(engine: SiteEngine) {
  let mirror: LocalAptMirror | undefined
  let services: Services | undefined
  beforeAll(async () => {
    mirror = await startLocalAptMirror({ suite: 'bookworm-security' })
  })
  afterAll(() => mirror?.close())
  afterEach(async () => {
    await services?.close()
    services = undefined
  })
  return {
    /** The mirror (started in beforeAll). */
    get mirror(): LocalAptMirror {
      if (!mirror) throw new Error('the mirror starts in beforeAll')
      return mirror
    },
    /**
     * A new site whose catalog source "debian-security" is the mirror, verified with Debian's keyring (the
     * mirror serves this machine's signed InRelease; its Valid-Until is not the test's business). A test that
     * republishes the index (unsigned) opens the source with allowUnsigned.
     */
    async open(
      label: string,
      options: { allowUnsigned?: boolean } = {},
    ): Promise<{ services: Services; api: Transport }> {
      const s = await newSite(engine.freshLocation(label))
      services = s.services
      await s.api.invoke('catalog:sources-add', {
        name: 'debian-security',
        baseUrl: this.mirror.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
        ...options,
      })
      return s
    },
  }
}
