import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { newKeyPair, tempDir } from './helpers'
import { measureBundleThroughput, writePayload } from './throughput'

describe('bundle throughput (measured, not asserted; the bench runs 1 GB)', () => {
  it('builds and verifies a 200 MB set and prints MB/s next to sha256sum + tar', async () => {
    const dir = tempDir()
    try {
      const files = writePayload(dir, 200 * 1024 * 1024, 10)
      const r = await measureBundleThroughput(dir, files, newKeyPair())
      console.log(`bundle throughput (${r.payloadMB} MB, ${r.files} files):`, JSON.stringify(r, null, 1))
      expect(r.buildMBps).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
