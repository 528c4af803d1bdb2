import { afterEach, describe, expect, it } from 'vitest'
import type { ScanResult, ScannedUpdate } from '../../../../main/clients/platforms/types'
import { EventBus } from '../../../../main/core/runtime/event-bus'
import { createMemoryPrefs } from '../../../../main/core/runtime/prefs'
import { recordScan } from '../../../../main/core/client-jobs/scan-record'
import { noSecrets } from '../../../../main/core/runtime/secrets'
import { createSiteContext, type SiteContext } from '../../../../main/core/runtime/site-context'
import { initSite } from '../../../../main/core/runtime/site-init'
import { writeStateMessages, writeUpdateStates } from '../../../../main/core/client-jobs/state-ingest'
import { createUpdatesService } from '../../../../main/core/catalog/updates-service'
import type { ResourceDto } from '../../../../shared/dto/resource'
import { updatesQuery } from '../../../../shared/dto/update'
import { openSiteDb, type SiteDb } from '../../../../main/site/site-db'
import { siteEngines } from '../../../support/site-engines'

const updateId = (u: number) => `deb:ingest-pkg-${u}:amd64:2.${u}-1`

/** A Debian scan reporting `count` updates; update u is installed when `installed(u)` says so. */
function scanOf(count: number, installed: (u: number) => boolean): ScanResult {
  const updates: ScannedUpdate[] = Array.from({ length: count }, (_, u) => ({
    id: updateId(u),
    vendor: 'debian',
    title: `ingest-pkg-${u} 2.${u}-1`,
    classification: 'Updates',
    severity: '',
    package: `ingest-pkg-${u}`,
    installedVersion: `2.${u}-0`,
    availableVersion: `2.${u}-1`,
    arch: 'amd64',
    suite: 'bookworm',
    products: ['Debian 12'],
    supersededIds: [],
    installed: installed(u),
  }))
  return { platform: 'debian', osName: 'Debian GNU/Linux', osVersion: '12', rebootPending: false, updates }
}

describe.each(siteEngines())('bulk state ingest on $kind', (engine) => {
  let site: SiteDb | undefined
  afterEach(async () => {
    await site?.close()
    site = undefined
  })

  const open = async (label: string, clients: number): Promise<{ ctx: SiteContext; ids: number[] }> => {
    const location = engine.freshLocation(label)
    await initSite({ site: location, code: 'ING', name: 'Ingest' })
    site = await openSiteDb(location)
    const ctx = createSiteContext(
      site,
      'ING',
      { prefs: createMemoryPrefs(), clock: () => new Date(), frontDoor: 'in-process', secrets: noSecrets() },
      new EventBus(),
    )
    const now = ctx.now()
    await site.db
      .insertInto('resource')
      .values(
        Array.from({ length: clients }, (_, i) => ({
          name: `ing-${i}`,
          address: `127.3.0.${i + 1}`,
          port: 22,
          user: '',
          platform: 'debian',
          os_version: '12',
          roles: '[]',
          simulated: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute()
    const ids = (await site.db.selectFrom('resource').select('id').orderBy('id').execute()).map((r) =>
      Number(r.id),
    )
    return { ctx, ids }
  }

  const resource = (id: number) => ({ id, name: `ing-${id}`, platform: 'debian' }) as ResourceDto

  const count = async (ctx: SiteContext, topic: number, resourceId?: number) => {
    let q = ctx.db
      .selectFrom('state_message')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('topic_type', '=', topic)
    if (resourceId !== undefined) q = q.where('resource_id', '=', resourceId)
    return Number((await q.executeTakeFirstOrThrow()).n)
  }

  /** Counter rows that differ from a live count of client_update_state (empty when they agree). */
  const countsMismatch = async (ctx: SiteContext) => {
    const live = await ctx.db
      .selectFrom('client_update_state')
      .select(['update_id', 'state_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy(['update_id', 'state_id'])
      .execute()
    const kept = await ctx.db.selectFrom('update_state_count').selectAll().where('n', '!=', 0).execute()
    const key = (r: { update_id: string; state_id: number }) => `${r.update_id} ${r.state_id}`
    const want = new Map(live.map((r) => [key(r), Number(r.n)]))
    const got = new Map(kept.map((r) => [key(r), Number(r.n)]))
    return [...new Set([...want.keys(), ...got.keys()])]
      .filter((k) => want.get(k) !== got.get(k))
      .map((k) => `${k}: live ${want.get(k) ?? 0}, counter ${got.get(k) ?? 0}`)
  }

  it('records many clients scanned at once: every state once, one 501 per scan, repository counts right', async () => {
    // 24 clients × 2,500 updates = 60,000 reported updates: more than one group transaction.
    const { ctx, ids } = await open('many', 24)
    const updates = 2500
    const results = await Promise.all(
      ids.map((id, c) =>
        recordScan(
          ctx,
          resource(id),
          scanOf(updates, (u) => (u + c) % 4 === 0),
        ),
      ),
    )
    expect(results.map((r) => r.changed)).toEqual(ids.map(() => updates))
    const states = await ctx.db
      .selectFrom('client_update_state')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(states.n)).toBe(ids.length * updates)
    expect(await count(ctx, 500)).toBe(ids.length * updates)
    expect(await count(ctx, 501)).toBe(ids.length)
    // No update got two 500 messages for one client.
    const dupes = await ctx.db
      .selectFrom('state_message')
      .select(['resource_id', 'update_id'])
      .where('topic_type', '=', 500)
      .groupBy(['resource_id', 'update_id'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute()
    expect(dupes).toEqual([])
    const repo = await createUpdatesService(ctx).list(updatesQuery.parse({}))
    expect(repo).toHaveLength(updates)
    for (const u of [0, 1, 2, 3, 1234, 2499]) {
      const row = repo.find((r) => r.id === updateId(u))!
      const installed = ids.filter((_, c) => (u + c) % 4 === 0).length
      expect({ installed: row.installed, required: row.required }).toEqual({
        installed,
        required: ids.length - installed,
      })
    }
    const scanned = await ctx.db.selectFrom('resource').select(['scan_state', 'last_scan_at']).execute()
    expect(scanned.every((r) => r.scan_state === 3 && r.last_scan_at)).toBe(true)
  })

  it('writes only changed states on a rescan, in order when one client is scanned twice at once', async () => {
    const { ctx, ids } = await open('rescan', 3)
    const [a, b] = ids as [number, number]
    await recordScan(
      ctx,
      resource(a),
      scanOf(600, () => false),
    )
    // Two scans of the same client handed in together: the second sees the first's states.
    const [first, second] = await Promise.all([
      recordScan(
        ctx,
        resource(a),
        scanOf(600, (u) => u < 10),
      ),
      recordScan(
        ctx,
        resource(a),
        scanOf(600, (u) => u < 15),
      ),
      recordScan(
        ctx,
        resource(b),
        scanOf(600, () => true),
      ),
    ])
    expect([first!.changed, second!.changed]).toEqual([10, 5])
    expect(await count(ctx, 500, a)).toBe(600 + 10 + 5)
    expect(await count(ctx, 501, a)).toBe(3)
    const mine = await createUpdatesService(ctx).list(updatesQuery.parse({ resourceId: a }))
    expect(mine.filter((u) => u.state === 'installed').map((u) => u.id)).toEqual(
      expect.arrayContaining(Array.from({ length: 15 }, (_, u) => updateId(u))),
    )
    expect(mine.filter((u) => u.state === 'installed')).toHaveLength(15)
    const last501 = await ctx.db
      .selectFrom('state_message')
      .select('detail')
      .where('resource_id', '=', a)
      .where('topic_type', '=', 501)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(last501.detail).toBe('585 required, 5 changed')
  })

  it('fails only the scan whose client is gone; the others in its group are recorded', async () => {
    const { ctx, ids } = await open('isolate', 3)
    const gone = Math.max(...ids) + 100
    const outcomes = await Promise.allSettled([
      recordScan(
        ctx,
        resource(ids[0]!),
        scanOf(50, () => false),
      ),
      recordScan(
        ctx,
        resource(gone),
        scanOf(50, () => false),
      ),
      recordScan(
        ctx,
        resource(ids[1]!),
        scanOf(50, () => true),
      ),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(await count(ctx, 500, ids[0])).toBe(50)
    expect(await count(ctx, 500, ids[1])).toBe(50)
    expect(await count(ctx, 500, gone)).toBe(0)
    expect(await count(ctx, 501)).toBe(2)
  })

  it("keeps the Update Repository counters equal to the clients' states through rescans and deletions", async () => {
    const { ctx, ids } = await open('counters', 6)
    await Promise.all(
      ids.map((id, c) =>
        recordScan(
          ctx,
          resource(id),
          scanOf(300, (u) => (u + c) % 3 === 0),
        ),
      ),
    )
    expect(await countsMismatch(ctx)).toEqual([])
    // Rescans: some updates installed since, and a scan that no longer reports the last 100 (vanished).
    await Promise.all([
      recordScan(
        ctx,
        resource(ids[0]!),
        scanOf(300, (u) => u < 200),
      ),
      recordScan(
        ctx,
        resource(ids[1]!),
        scanOf(200, () => false),
      ),
    ])
    expect(await countsMismatch(ctx)).toEqual([])
    // A client deleted (its states go by cascade) and an update deleted from the catalog.
    await ctx.db.deleteFrom('resource').where('id', '=', ids[2]!).execute()
    await ctx.db.deleteFrom('software_update').where('id', '=', updateId(7)).execute()
    expect(await countsMismatch(ctx)).toEqual([])
    const repo = await createUpdatesService(ctx).list(updatesQuery.parse({}))
    const u0 = repo.find((r) => r.id === updateId(0))!
    // Update 0: installed on client 0 (rescan), clients 3 (3 % 3) ; client 1 now reports it required.
    expect({ installed: u0.installed, required: u0.required }).toEqual({ installed: 2, required: 3 })
  })

  it('upserts states and appends messages across statement chunks, keeping the latest state and the order', async () => {
    const { ctx, ids } = await open('writers', 2)
    const now = ctx.now()
    await addUpdates(ctx, 1700)
    const rows = (stateId: number, previousStateId: number | null) =>
      ids.flatMap((id) =>
        Array.from({ length: 1700 }, (_, u) => ({
          resourceId: id,
          updateId: updateId(u),
          stateId,
          previousStateId,
          installedVersion: `v${stateId}`,
          time: now,
        })),
      )
    await ctx.db.transaction().execute(async (trx) => {
      await writeUpdateStates(trx, ctx.kind, rows(2, null))
      await writeUpdateStates(trx, ctx.kind, rows(3, 2))
    })
    expect(await countsMismatch(ctx)).toEqual([])
    const states = await ctx.db
      .selectFrom('client_update_state')
      .select(['state_id', 'installed_version'])
      .execute()
    expect(states).toHaveLength(3400)
    expect(states.every((s) => s.state_id === 3 && s.installed_version === 'v3')).toBe(true)
    const messages = Array.from({ length: 2345 }, (_, i) => ({
      resourceId: ids[i % 2]!,
      topicType: 500,
      stateId: 2,
      updateId: updateId(i % 1700),
      objectId: null,
      time: now,
      detail: `message ${i}`,
    }))
    await ctx.db.transaction().execute((trx) => writeStateMessages(trx, ctx.kind, messages))
    const stored = await ctx.db.selectFrom('state_message').select('detail').orderBy('id').execute()
    expect(stored.map((m) => m.detail)).toEqual(messages.map((m) => m.detail))
  })
})

/** Catalog rows for the first `count` test updates. */
async function addUpdates(ctx: SiteContext, count: number): Promise<void> {
  const now = ctx.now()
  for (let start = 0; start < count; start += 500)
    await ctx.db
      .insertInto('software_update')
      .values(
        Array.from({ length: Math.min(500, count - start) }, (_, k) => ({
          id: updateId(start + k),
          vendor: 'debian',
          title: `ingest-pkg-${start + k}`,
          kb: '',
          revision: 0,
          classification: 'Updates',
          product: 'Debian 12',
          products: '["Debian 12"]',
          severity: '',
          package: `ingest-pkg-${start + k}`,
          version: `2.${start + k}-1`,
          suite: 'bookworm',
          release_date: null,
          size: 0,
          sha256: '',
          superseded_by: '',
          source: 'test',
          created_at: now,
        })),
      )
      .execute()
}
