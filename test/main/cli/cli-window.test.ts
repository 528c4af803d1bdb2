import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WindowDto, WindowNextDto } from '../../../shared/dto/maintenance-window'
import { ensureCliBuilt, makeSiteDir, runCli, runJson } from './cli-harness'

describe('patchbay window add|list|next|set|remove', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'LAB', '--name', 'Lab', ...site], tmp.env)
  }, 300_000)
  afterAll(() => tmp.cleanup())

  it('adds a "second Tuesday + 2 days" window; next and list show it; bad input is refused; remove deletes it', async () => {
    const w = await runJson<WindowDto>(
      [
        'window',
        'add',
        '--collection',
        'All Systems',
        '--name',
        'Patch Thursday',
        '--start',
        '2025-01-01T22:00',
        '--zone',
        'Europe/Berlin',
        '--duration',
        '3h',
        '--recur',
        'monthly-weekday:second:tue+2',
        ...site,
      ],
      tmp.env,
    )
    expect(w).toMatchObject({
      collectionName: 'All Systems',
      durationMinutes: 180,
      recurrence: { kind: 'monthly-weekday', week: 2, weekday: 2, offsetDays: 2, every: 1 },
      description: 'Every month on the second Tuesday + 2 days at 22:00 (Europe/Berlin), 3 h',
    })
    const next = await runJson<WindowNextDto>(
      ['window', 'next', '--collection', 'All Systems', ...site],
      tmp.env,
    )
    expect(next.start).toBe(w.nextStart)
    expect(next.description).toBe(`Patch Thursday: ${w.description}`)
    const text = await runCli(['window', 'list', ...site], tmp.env)
    expect(text.stdout).toMatch(/Patch Thursday\s+Every month on the second Tuesday \+ 2 days/)

    const bad = await runCli(
      [
        'window',
        'add',
        '--collection',
        'All Systems',
        '--name',
        'x',
        '--start',
        '2025-01-01T22:00',
        '--duration',
        '1h',
        '--recur',
        'fortnightly',
        ...site,
      ],
      tmp.env,
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--recur must be none, daily/)
    const tooLong = await runCli(
      [
        'window',
        'add',
        '--collection',
        'All Systems',
        '--name',
        'x',
        '--start',
        '2025-01-01T22:00',
        '--duration',
        '25h',
        ...site,
      ],
      tmp.env,
    )
    expect(tooLong.code).toBe(1)
    expect(tooLong.stderr).toMatch(/lasts at most 24 hours/)

    const changed = await runJson<WindowDto>(
      ['window', 'set', String(w.id), '--duration', '90', '--recur', 'weekly:sat', '--disable', ...site],
      tmp.env,
    )
    expect(changed).toMatchObject({
      name: 'Patch Thursday',
      durationMinutes: 90,
      enabled: false,
      recurrence: { kind: 'weekly', days: [6], every: 1 },
    })
    const unchanged = await runCli(['window', 'set', String(w.id), ...site], tmp.env)
    expect(unchanged).toMatchObject({
      code: 2,
      stderr: 'patchbay: window set needs at least one property to change (see --help)\n',
    })

    expect(await runJson(['window', 'remove', String(w.id), ...site], tmp.env)).toEqual({ deleted: 1 })
    expect(await runJson<WindowDto[]>(['window', 'list', ...site], tmp.env)).toEqual([])
    const none = await runCli(['window', 'next', '--collection', 'All Systems', ...site], tmp.env)
    expect(none.stdout.trim()).toBe('No maintenance window: installs may run at any time')
  }, 120_000)
})
