import { describe, expect, it } from 'vitest'
import { generateLabHost } from '../../../../main/clients/lab/lab-host'
import { runLabCommand } from '../../../../main/clients/lab/lab-shell'
import {
  DEBIAN_SCAN_COMMAND,
  debianScanCommand,
  parseDebianScan,
} from '../../../../main/clients/platforms/debian-apt'

const NOW = new Date('2024-02-20T10:00:00Z')
const host = () => generateLabHost({ seed: 7, index: 0, platform: 'debian', number: 1, now: NOW })
const scan = async (h: ReturnType<typeof host>, command: string, now = NOW) => {
  const r = await runLabCommand(h, command, { now: () => now })
  expect(r.code).toBe(0)
  return parseDebianScan(r.stdout)
}

describe('lab Debian hosts answer the package-lists sections of the scan', () => {
  it('every host has lists between 30 min and 4 days old, the same for the same seed', () => {
    const ages = Array.from({ length: 50 }, (_, i) =>
      generateLabHost({ seed: 7, index: i, platform: 'debian', number: i + 1, now: NOW }),
    ).map((h) => (NOW.getTime() - h.listsUpdatedAt!.getTime()) / 1000)
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(1800)
    expect(Math.max(...ages)).toBeLessThanOrEqual(4 * 86_400)
    expect(new Set(ages).size).toBeGreaterThan(10)
    expect(host().listsUpdatedAt).toEqual(host().listsUpdatedAt)
  })

  it('the plain scan reports the age and never refreshes', async () => {
    const h = host()
    const age = (NOW.getTime() - h.listsUpdatedAt!.getTime()) / 1000
    expect((await scan(h, DEBIAN_SCAN_COMMAND)).packageLists).toEqual({
      ageSeconds: Math.floor(age),
      refresh: 'skipped',
    })
  })

  it('a refreshing scan refreshes lists older than its threshold and then skips while they are fresh', async () => {
    const h = host()
    const refreshed = await scan(
      h,
      debianScanCommand({ afterSeconds: 60, aptOptions: ['Acquire::Retries=0'] }),
    )
    expect(refreshed.packageLists).toEqual({ ageSeconds: 0, refresh: 'refreshed' })
    expect(h.listsUpdatedAt).toEqual(NOW)
    const later = new Date(NOW.getTime() + 30_000)
    expect((await scan(h, debianScanCommand({ afterSeconds: 60 }), later)).packageLists).toEqual({
      ageSeconds: 30,
      refresh: 'skipped',
    })
    expect((await scan(h, debianScanCommand({ afterSeconds: 0 }), later)).packageLists!.refresh).toBe(
      'refreshed',
    )
  })
})
