import { describe, expect, it } from 'vitest'
import {
  effectiveWindows,
  nextWindow,
  parseMaintenanceWindow,
  windowFromRow,
  windowToRow,
} from '../../../../main/core/maintenance-windows/windows'
import { initSite } from '../../../../main/core/runtime/site-init'
import { openSiteDb } from '../../../../main/site/site-db'
import { siteEngines } from '../../../support/site-engines'

describe.each(siteEngines())('maintenance windows stored in maintenance_window on $kind', (engine) => {
  it('round-trips windows and blackouts of two collections and answers the next window from the rows', async () => {
    const location = engine.freshLocation('mwrows')
    await initSite({ site: location, code: 'LAB', name: 'Lab Site' })
    const site = await openSiteDb(location)
    try {
      // Two built-in collections of a new site: LAB00001 (All Systems) and LAB00002.
      const windows = [
        parseMaintenanceWindow({
          collectionId: 'LAB00001',
          name: 'Patch Tuesday + 2',
          start: '2024-01-01T22:00',
          timeZone: 'Europe/Berlin',
          durationMinutes: 180,
          recurrence: { kind: 'monthly-weekday', week: 2, weekday: 2, offsetDays: 2 },
        }),
        parseMaintenanceWindow({
          collectionId: 'LAB00002',
          name: 'Sunday early',
          start: '2024-01-01T04:00',
          timeZone: 'UTC',
          durationMinutes: 120,
          recurrence: { kind: 'weekly', days: [0] },
        }),
        parseMaintenanceWindow({
          collectionId: 'LAB00002',
          name: 'Year-end freeze',
          kind: 'blackout',
          start: '2024-12-20T00:00',
          timeZone: 'UTC',
          durationMinutes: 14 * 24 * 60,
          recurrence: { kind: 'none' },
        }),
      ]
      await site.db.insertInto('maintenance_window').values(windows.map(windowToRow)).execute()
      const rows = await site.db.selectFrom('maintenance_window').selectAll().orderBy('id').execute()
      const back = rows.map(windowFromRow)
      expect(back).toEqual(windows)
      // A client in LAB00001 only: the Patch Tuesday window (Thu 12 Dec 2024, 22:00 CET = 21:00Z).
      expect(nextWindow(effectiveWindows(back, ['LAB00001']), new Date('2024-12-01T00:00Z'))?.start).toEqual(
        new Date('2024-12-12T21:00Z'),
      )
      // A client in both: Sunday 1 Dec 04:00Z comes first; during the freeze LAB00002's blackout also
      // closes LAB00001's window, so from 20 Dec the next window is Sunday 5 Jan.
      const both = effectiveWindows(back, ['LAB00001', 'LAB00002'])
      expect(nextWindow(both, new Date('2024-11-30T00:00Z'))?.start).toEqual(new Date('2024-12-01T04:00Z'))
      expect(nextWindow(both, new Date('2024-12-20T00:00Z'))?.start).toEqual(new Date('2025-01-05T04:00Z'))
    } finally {
      await site.close()
    }
  })
})
