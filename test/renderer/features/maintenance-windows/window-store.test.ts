import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { columnSets } from '../../../../renderer/src/shell/views'
import { cellText } from '../../../../renderer/src/shell/views'
import {
  nextWindows,
  nextWindowText,
} from '../../../../renderer/src/features/maintenance-windows/window-store'
import { settle, startHarness, until, type Harness } from '../../store-harness'

describe('maintenance windows in the console on the real services', () => {
  let h: Harness
  let collectionId: string
  let resourceId: number

  beforeAll(async () => {
    h = await startHarness()
    const t = h.root.transport
    resourceId = (
      await t.invoke('resources:create', { name: 'srv-01', address: '127.0.0.9', simulated: true })
    ).id
    collectionId = (
      await t.invoke('collections:create', { name: 'Servers', rules: [{ kind: 'direct', resourceId }] })
    ).id
    await settle(h.root)
  })

  afterAll(async () => {
    await h?.close()
  })

  it('adds a "second Tuesday + 2 days" window and shows the next window of the collection and its client', async () => {
    const store = h.root.windows
    const w = await store.create({
      collectionId,
      name: 'Patch Thursday',
      start: '2025-01-01T22:00',
      timeZone: 'Europe/Berlin',
      durationMinutes: 180,
      recurrence: { kind: 'monthly-weekday', every: 1, week: 2, weekday: 2, offsetDays: 2 },
    })
    expect(w.description).toBe('Every month on the second Tuesday + 2 days at 22:00 (Europe/Berlin), 3 h')
    expect(store.byCollection.get(collectionId)!.map((x) => x.name)).toEqual(['Patch Thursday'])
    await until(() => nextWindows.has(`client:${resourceId}`))
    const next = nextWindows.get(`collection:${collectionId}`)!
    expect(next.start).not.toBeNull()
    // The second Tuesday + 2 days is always a Thursday, 22:00 Berlin time.
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(next.start!))
    expect(berlin).toBe('Thursday 22:00')
    expect(nextWindows.get(`client:${resourceId}`)!.start).toBe(next.start)

    const column = columnSets.collections!.find((c) => c.id === 'nextWindow')!
    const collection = h.root.collections.byId.get(collectionId)!
    expect(cellText(column, collection)).toBe(nextWindowText(next))
    expect(cellText(column, collection)).toMatch(/\(3 h\)$|^Open now until/)
  })

  it('refuses a 25-hour maintenance window, naming the duration, and stores nothing', async () => {
    const store = h.root.windows
    await expect(
      store.create({
        collectionId,
        name: 'Too long',
        start: '2025-01-01T22:00',
        durationMinutes: 25 * 60,
        recurrence: { kind: 'daily', every: 1 },
      }),
    ).rejects.toMatchObject({ field: 'durationMinutes' })
    expect((await store.loadCollection(collectionId)).map((x) => x.name)).toEqual(['Patch Thursday'])
  })

  it('a blackout in progress shows in the column text', () => {
    const now = new Date('2025-03-01T10:00:00Z')
    expect(
      nextWindowText(
        { start: null, end: null, description: '', windows: 1, blackoutUntil: '2025-03-02T10:00:00Z' },
        now,
      ),
    ).toMatch(/^Blackout until /)
    expect(
      nextWindowText({ start: null, end: null, description: '', windows: 0, blackoutUntil: null }, now),
    ).toBe('None (installs at any time)')
  })
})
