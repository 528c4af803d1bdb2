import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../store-harness'

describe('console tool stores: client import, lab fleet, webhooks (real services, in-process transport)', () => {
  let h: Harness
  const before = process.env.PATCHBAY_VAULT_PASSPHRASE

  beforeAll(async () => {
    // A passphrase vault, so a webhook secret can be stored (browser mode without it refuses secrets).
    process.env.PATCHBAY_VAULT_PASSPHRASE = 'console-tools-test'
    h = await startHarness()
  })
  afterAll(async () => {
    await h?.close()
    if (before === undefined) delete process.env.PATCHBAY_VAULT_PASSPHRASE
    else process.env.PATCHBAY_VAULT_PASSPHRASE = before
  })

  it('a webhook secret is sent once and never comes back: the store holds only hasSecret', async () => {
    const w = h.root.webhooks
    w.show()
    expect(w.open).toBe(true)
    await expect(w.add('https://user:pw@tickets.invalid/hook', '')).rejects.toThrow(
      /must not carry a user name/,
    )
    await w.add('https://tickets.invalid/hook', 'very-secret-value')
    expect(w.items).toEqual([
      {
        id: expect.any(Number),
        url: expect.stringContaining('tickets.invalid/hook'),
        hasSecret: true,
        enabled: true,
      },
    ])
    expect(JSON.stringify(w.items)).not.toContain('very-secret-value')
    await w.remove(w.items[0]!.id)
    expect(w.items).toEqual([])
    w.close()
    expect(w.open).toBe(false)
  })

  it('client import keeps the last result; the collection it was opened with is offered', async () => {
    const file = join(h.dir, 'hosts.csv')
    writeFileSync(file, 'name,address\nweb-31,127.0.0.61\n')
    const ci = h.root.clientImport
    ci.show('Imported')
    expect(ci).toMatchObject({ open: true, collection: 'Imported', result: null })
    const r = await ci.importFile({ path: file, format: 'csv', collection: 'Imported' })
    expect(r.added.map((x) => x.name)).toEqual(['web-31'])
    expect(ci.result?.collections).toEqual([
      expect.objectContaining({ name: 'Imported', created: true, added: 1 }),
    ])
    await expect(ci.importFile({ path: join(h.dir, 'missing.csv'), format: 'csv' })).rejects.toThrow(
      /no such file/,
    )
  })

  it('the lab store starts and stops the fleet and follows its status', async () => {
    const lab = h.root.lab
    await lab.load()
    expect(lab.status?.running).toBe(false)
    await lab.start({ hosts: 2, windowsShare: 0 })
    expect(lab.status).toMatchObject({ running: true, hosts: 2, collection: 'Lab fleet' })
    await lab.stop()
    expect(lab.status?.running).toBe(false)
  })
})
