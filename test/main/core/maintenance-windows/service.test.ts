import { afterAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../main/core/runtime/services'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { fakeClock } from '../engine/engine-harness'

describe.each(siteEngines())('maintenance windows per collection on $kind', (engine) => {
  const opened: Services[] = []
  afterAll(async () => {
    for (const s of opened) await s.close()
  })

  it('stores windows and blackouts, answers the next window of a collection and of a client', async () => {
    // Monday 3 March 2025: the second Tuesday of March is the 11th, + 2 days = Thursday 13th.
    const clock = fakeClock('2025-03-03T08:00:00.000Z')
    const { services, api } = await newSite(engine.freshLocation('windows'), 'LAB', clock)
    opened.push(services)
    const client = await api.invoke('resources:create', { name: 'web01', address: '127.0.0.1' })
    const servers = await api.invoke('collections:create', { name: 'Servers', comment: '' })
    await api.invoke('collections:add-members', { id: servers.id, resourceIds: [client.id] })

    expect(await api.invoke('windows:next', { resourceId: client.id })).toMatchObject({
      start: null,
      description: 'No maintenance window: installs may run at any time',
      windows: 0,
    })

    const patch = await api.invoke('windows:create', {
      collectionId: servers.id,
      name: 'Patch Tuesday + 2',
      start: '2025-01-01T22:00',
      timeZone: 'Europe/Berlin',
      durationMinutes: 180,
      recurrence: { kind: 'monthly-weekday', week: 2, weekday: 2, offsetDays: 2 },
    })
    expect(patch).toMatchObject({
      collectionName: 'Servers',
      kind: 'window',
      enabled: true,
      description: 'Every month on the second Tuesday + 2 days at 22:00 (Europe/Berlin), 3 h',
      // 22:00 in Berlin (UTC+1 in March before the change) is 21:00 UTC.
      nextStart: '2025-03-13T21:00:00.000Z',
      nextEnd: '2025-03-14T00:00:00.000Z',
    })
    const all = await api.invoke('windows:create', {
      collectionId: 'LAB00001',
      name: 'Sundays',
      start: '2025-01-05T02:00',
      durationMinutes: 60,
      recurrence: { kind: 'weekly', days: [0] },
    })
    expect(all.timeZone).toBe('UTC')

    // The client has both collections' windows: Sunday 9 March 02:00 UTC comes first.
    expect(await api.invoke('windows:next', { resourceId: client.id })).toMatchObject({
      start: '2025-03-09T02:00:00.000Z',
      end: '2025-03-09T03:00:00.000Z',
      description: 'Sundays: Every week on Sunday at 02:00 (UTC), 1 h',
      windows: 2,
      blackoutUntil: null,
    })
    // A blackout over that Sunday on Servers closes it for the client, not for All Systems.
    const freeze = await api.invoke('windows:create', {
      collectionId: servers.id,
      name: 'Freeze',
      kind: 'blackout',
      start: '2025-03-01T00:00',
      durationMinutes: 10 * 24 * 60,
      recurrence: { kind: 'none' },
    })
    expect(freeze.description).toBe('Blackout: Once on 2025-03-01 at 00:00 (UTC), 240 h')
    const nextClient = await api.invoke('windows:next', { resourceId: client.id })
    expect(nextClient).toMatchObject({
      start: '2025-03-13T21:00:00.000Z',
      blackoutUntil: '2025-03-11T00:00:00.000Z',
    })
    expect(nextClient.description).toMatch(/^Patch Tuesday \+ 2: Every month on the second Tuesday \+ 2 days/)
    expect(await api.invoke('windows:next', { collectionId: 'LAB00001' })).toMatchObject({
      start: '2025-03-09T02:00:00.000Z',
    })
    const rows = await api.invoke('windows:next-all', {})
    expect(rows.find((r) => r.target === 'client' && r.name === 'web01')).toMatchObject({
      id: String(client.id),
      start: '2025-03-13T21:00:00.000Z',
    })
    expect(rows.find((r) => r.target === 'collection' && r.name === 'Servers')!.windows).toBe(2)

    // Update and delete; the clock moving on changes the answer.
    const disabled = await api.invoke('windows:update', { id: all.id, enabled: false })
    expect(disabled).toMatchObject({ enabled: false, nextStart: null, name: 'Sundays' })
    expect((await api.invoke('windows:list', { collectionId: servers.id })).map((w) => w.name)).toEqual([
      'Patch Tuesday + 2',
      'Freeze',
    ])
    expect(await api.invoke('windows:delete', { id: freeze.id })).toEqual({ deleted: 1 })
    clock.set('2025-03-14T01:00:00.000Z')
    expect(await api.invoke('windows:next', { resourceId: client.id })).toMatchObject({
      // April 2025: second Tuesday the 8th + 2 = Thursday the 10th, 22:00 Berlin summer time = 20:00 UTC.
      start: '2025-04-10T20:00:00.000Z',
    })
    expect((await api.invoke('windows:list', {})).length).toBe(2)
  })

  it('refuses bad input naming the field, and writes nothing', async () => {
    const { services, api } = await newSite(engine.freshLocation('windows-bad'), 'LAB')
    opened.push(services)
    const base = {
      collectionId: 'LAB00001',
      name: 'Nightly',
      start: '2025-01-01T22:00',
      durationMinutes: 60,
      recurrence: { kind: 'daily' as const },
    }
    await expect(api.invoke('windows:create', { ...base, durationMinutes: 25 * 60 })).rejects.toMatchObject({
      code: 'invalid-input',
      field: 'durationMinutes',
      message: 'Maintenance window: A maintenance window lasts at most 24 hours',
    })
    await expect(api.invoke('windows:create', { ...base, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      field: 'timeZone',
    })
    await expect(api.invoke('windows:create', { ...base, start: '22:00' })).rejects.toMatchObject({
      field: 'start',
    })
    await expect(api.invoke('windows:create', { ...base, collectionId: 'LAB0FFFF' })).rejects.toMatchObject({
      code: 'not-found',
      field: 'collectionId',
    })
    await expect(api.invoke('windows:update', { id: 999, name: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    })
    expect(await api.invoke('windows:list', {})).toEqual([])
  })
})
