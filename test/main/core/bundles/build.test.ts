import { existsSync, mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigningKeyPair } from '../../../../main/clients/bundle'
import type { ContentFile } from '../../../../main/clients/content'
import { buildUpdatesBundle } from '../../../../main/core/bundles/build'
import type { CatalogView, SnapshotUpdate } from '../../../../main/core/catalog/snapshot'

const SIZE = 4 * 1024 * 1024

describe('offline bundle build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-build-'))
  // Sends the first quarter of a file and then stalls, like a slow vendor mirror.
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': String(SIZE) })
    res.write(Buffer.alloc(SIZE / 4, 1))
  })
  let url = ''
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kb.cab`
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })

  it('leaves neither the bundle nor its download folder behind when cancelled mid-download', async () => {
    const keys = await createSigningKeyPair(join(dir, 'keys'))
    const update: SnapshotUpdate = {
      ...{
        id: 'KB1',
        vendor: 'microsoft',
        title: 'Security Update KB1',
        kb: '1',
        classification: 'Security Updates',
      },
      ...{
        products: [],
        severity: '',
        package: '',
        version: '',
        suite: '',
        releaseDate: null,
        supersededBy: '',
        expired: false,
      },
    }
    const file: ContentFile = { updateId: 'KB1', name: 'kb.cab', url, size: SIZE, sha256: 'a'.repeat(64) }
    const catalog: CatalogView = {
      updates: async () => new Map([['KB1', update]]),
      files: async () => new Map([['KB1', [file]]]),
      listUpdateIds: async () => null,
    }
    const out = join(dir, 'updates.bundle')
    const controller = new AbortController()
    const built = buildUpdatesBundle({
      catalog,
      updateIds: ['KB1'],
      out,
      signingKey: keys.privateKeyPath,
      signal: controller.signal,
      onFile: (p) => {
        if (p.bytesDone > 0) controller.abort(new Error('Cancelled'))
      },
    })
    await expect(built).rejects.toThrow()
    expect(existsSync(`${out}.content`)).toBe(false)
    expect(existsSync(out)).toBe(false)
    expect(existsSync(`${out}.partial`)).toBe(false)
  })
})
