import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebhookDto } from '../../../shared/dto/deployment'
import { ensureCliBuilt, makeSiteDir, runCli, runJson } from './cli-harness'

describe('patchbay deploy webhook add|list|remove', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'LAB', '--name', 'Lab', ...site], tmp.env)
  }, 300_000)
  afterAll(() => tmp.cleanup())

  it('keeps where tickets go, takes the signing secret from the environment and never prints it', async () => {
    const noVault = await runCli(
      ['deploy', 'webhook', 'add', 'http://127.0.0.1:9/tickets', '--secret-env', 'TICKET_SECRET', ...site],
      { ...tmp.env, TICKET_SECRET: 's3cret-value' },
    )
    expect(noVault.code).toBe(1)
    expect(noVault.stderr).toMatch(/^patchbay: No secret store: set PATCHBAY_VAULT_PASSPHRASE/)
    const env = {
      ...tmp.env,
      TICKET_SECRET: 's3cret-value',
      PATCHBAY_VAULT_PASSPHRASE: 'correct horse battery',
    }
    const signed = await runJson<WebhookDto>(
      ['deploy', 'webhook', 'add', 'http://127.0.0.1:9/tickets', '--secret-env', 'TICKET_SECRET', ...site],
      env,
    )
    expect(signed).toMatchObject({ url: 'http://127.0.0.1:9/tickets', hasSecret: true, enabled: true })
    const missing = await runCli(
      ['deploy', 'webhook', 'add', 'http://127.0.0.1:9/x', '--secret-env', 'NOT_SET_ANYWHERE', ...site],
      tmp.env,
    )
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/NOT_SET_ANYWHERE is not set/)
    const bad = await runCli(['deploy', 'webhook', 'add', 'ftp://127.0.0.1/x', ...site], tmp.env)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^patchbay: .*url/i)

    const table = await runCli(['deploy', 'webhook', 'list', ...site], tmp.env)
    expect(table.stdout).toMatch(/http:\/\/127\.0\.0\.1:9\/tickets\s+yes\s+yes/)
    expect(
      table.stdout + JSON.stringify(await runJson(['deploy', 'webhook', 'list', ...site], tmp.env)),
    ).not.toContain('s3cret')

    const removed = await runJson<{ deleted: number }>(
      ['deploy', 'webhook', 'remove', String(signed.id), ...site],
      tmp.env,
    )
    expect(removed.deleted).toBe(1)
    expect(await runJson(['deploy', 'webhook', 'list', ...site], tmp.env)).toEqual([])
  }, 120_000)
})
