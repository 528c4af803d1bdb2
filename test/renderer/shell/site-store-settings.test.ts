import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../store-harness'

describe('SiteStore: site settings', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => {
    await h?.close()
  })

  it('loads the refresh threshold (24 h by default) and saves a new one through the service', async () => {
    expect(h.root.site.settings).toBeNull()
    await h.root.site.loadSettings()
    expect(h.root.site.settings).toEqual({ listsRefreshHours: 24 })
    await h.root.site.saveSettings({ listsRefreshHours: 48 })
    expect(h.root.site.settings).toEqual({ listsRefreshHours: 48 })
    const status = await h.services.handlers['status:list']({ limit: 10 })
    expect(status.map((m) => m.message)).toContain('Refresh package lists older than 48 h (was 24 h).')
  })

  it('a value the service refuses names the field', async () => {
    await expect(h.root.site.saveSettings({ listsRefreshHours: -1 })).rejects.toMatchObject({
      field: 'listsRefreshHours',
    })
    expect(h.root.site.settings).toEqual({ listsRefreshHours: 48 })
  })
})
