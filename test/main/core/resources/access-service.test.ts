import { readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { createInProcessTransport } from '../../../../main/core/runtime/in-process-transport'
import { createMemoryPrefs } from '../../../../main/core/runtime/prefs'
import { vaultSecrets } from '../../../../main/core/runtime/secrets'
import type { Services } from '../../../../main/core/runtime/services'
import { initSite } from '../../../../main/core/runtime/site-init'
import { startServices } from '../../../../main/core/runtime/start-services'
import { sshdSkipReason, startSshd, type TestSshd } from '../../../support/sshd'

describe.skipIf(sshdSkipReason() !== null)('a client reached with a stored password (real sshd)', () => {
  let sshd: TestSshd
  let services: Services
  let api: Transport
  const site = join(mkdtempSync(join(tmpdir(), 'pb-secret-')), 'site.db')

  beforeAll(async () => {
    sshd = await startSshd({ password: true, user: 'patchbay-test-pw' })
    await initSite({ site, code: 'LAB', name: 'Lab' })
    services = await startServices({
      site,
      frontDoor: 'in-process',
      prefs: createMemoryPrefs(),
      secrets: vaultSecrets('a vault passphrase for tests'),
    })
    api = createInProcessTransport(services)
  }, 60_000)

  afterAll(async () => {
    await services?.close()
    await sshd?.stop()
  })

  it('logs in with the password, which never reaches the site database in plaintext nor comes back', async () => {
    const r = await api.invoke('resources:create', {
      name: 'pw-client',
      address: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      authMethod: 'password',
    })
    const noSecret = await services.wait(
      (await api.invoke('clients:connect', { targets: { resourceIds: [r.id] }, trustNewHostKeys: true })).id,
    )
    expect(noSecret.hosts[0]).toMatchObject({
      errorKind: 'no-credentials',
      message: 'pw-client: no password is stored',
    })

    const status = await api.invoke('secrets:set', {
      resourceId: r.id,
      kind: 'password',
      value: sshd.password,
    })
    expect(status).toEqual({ resourceId: r.id, hasSecret: true, kind: 'password', store: 'vault' })
    const job = await services.wait(
      (await api.invoke('clients:connect', { targets: { resourceIds: [r.id] }, trustNewHostKeys: true })).id,
    )
    expect(job.hosts[0], job.hosts[0]!.message).toMatchObject({ state: 'succeeded' })

    const everything = JSON.stringify([
      await api.invoke('resources:list', {}),
      await api.invoke('jobs:get', { id: job.id }),
      await api.invoke('status:list', {}),
    ])
    expect(everything).not.toContain(sshd.password)
    expect((await api.invoke('resources:list', {}))[0]).toMatchObject({ hasSecret: true, platform: 'debian' })
    await services.close()
    expect(readFileSync(site).includes(Buffer.from(sshd.password))).toBe(false)
    for (const suffix of ['-wal', '-shm'])
      try {
        expect(readFileSync(site + suffix).includes(Buffer.from(sshd.password))).toBe(false)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      }
  })
})
