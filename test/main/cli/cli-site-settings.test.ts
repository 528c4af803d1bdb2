import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SiteSettingsDto } from '../../../shared/dto/site'
import { parseQuery } from '../../../main/cli/parse'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson } from './cli-harness'

describe('patchbay site settings', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'LAB', '--name', 'Test Lab', ...site], tmp.env)
  })
  afterAll(() => tmp.cleanup())

  it('shows the refresh threshold (24 h by default) and changes it with --refresh-lists-after', async () => {
    expect(await runJson<SiteSettingsDto>(['site', 'settings', ...site], tmp.env)).toEqual({
      listsRefreshHours: 24,
    })
    const human = await runCli(['site', 'settings', ...site], tmp.env)
    expect(human.stdout).toMatch(/Refresh package lists older than:\s+24 h/)
    expect(
      await runJson<SiteSettingsDto>(['site', 'settings', '--refresh-lists-after', '6', ...site], tmp.env),
    ).toEqual({ listsRefreshHours: 6 })
    const zero = await runCli(['site', 'settings', '--refresh-lists-after', '0', ...site], tmp.env)
    expect(zero.stdout).toMatch(/0 h \(every scan refreshes\)/)
    expect(await runJson<SiteSettingsDto>(['site', 'settings', ...site], tmp.env)).toEqual({
      listsRefreshHours: 0,
    })
  })

  it('refuses a threshold that is not a whole number of hours, on one line', async () => {
    for (const bad of ['-1', '1.5', 'abc', '99999']) {
      const run = await runCli(['site', 'settings', '--refresh-lists-after', bad, ...site], tmp.env)
      expect(run.code, bad).not.toBe(0)
      expect(lines(run.stderr)).toHaveLength(1)
      expect(run.stderr).toMatch(/--refresh-lists-after must be a whole number of hours from 0 to 8784/)
    }
  })

  it('a collection query can test the package lists age: listsAgeHours greaterThan 48', () => {
    expect(parseQuery('--query', 'listsAgeHours greaterThan 48')).toEqual([
      { attribute: 'listsAgeHours', operator: 'greaterThan', value: '48' },
    ])
  })
})
