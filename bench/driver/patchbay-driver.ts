/**
 * The Patchbay side of the benchmark, run as its own Node process (bundled by bench/lib/build-driver.mjs),
 * so its wall time and CPU include start-up exactly as a CLI run would. Each command prints one JSON line.
 *
 *   setup-fleet  --site S --count N --port P --user U --key FILE --host-key-pub FILE
 *   exec         --site S --command C
 *   scan         --site S
 *   ingest       --site S --clients C --updates U   (recordScan, 50 scans in flight like a scan job)
 *   raw-ingest   --site S --clients C --updates U        (raw better-sqlite3 / pg on the same schema)
 *   summary      --site S --probe-client ID
 *   seed-console --site S --clients C --updates U --states-per-client K
 *   scan-command                                     (prints DEBIAN_SCAN_COMMAND)
 *   bundle-keys   --dir D                            (an Ed25519 signing key pair)
 *   bundle-build  --files D --out F --key PRIVATE     (buildBundle of every file in D)
 *   bundle-verify --file F --pub PUBLIC --extract-to X (verifyBundle with a trusted key, extracting)
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import {
  buildBundle,
  createSigningKeyPair,
  loadPrivateKey,
  loadPublicKey,
  verifyBundle,
} from '../../main/clients/bundle'
import { EventBus } from '../../main/core/runtime/event-bus'
import { reevaluateMembership } from '../../main/core/collections/membership'
import { createMemoryPrefs } from '../../main/core/runtime/prefs'
import { recordScan } from '../../main/core/client-jobs/scan-record'
import { recountUpdateStates } from '../../main/core/client-jobs/state-ingest'
import { noSecrets } from '../../main/core/runtime/secrets'
import { createSiteContext } from '../../main/core/runtime/site-context'
import { startServices } from '../../main/core/runtime/start-services'
import { createUpdatesService } from '../../main/core/catalog/updates-service'
import { openSiteDb, type SiteDb } from '../../main/site/site-db'
import { seedSite } from '../../main/site/site-setup'
import type { ScanResult, ScannedUpdate } from '../../main/clients/platforms/types'
import { DEBIAN_SCAN_COMMAND } from '../../main/clients/platforms/debian-apt'
import type { ResourceDto } from '../../shared/dto/resource'
import { updatesQuery } from '../../shared/dto/update'
import { execInput, scanInput } from '../../shared/dto/job'

type Args = Record<string, string>

function parseArgs(argv: string[]): { cmd: string; args: Args } {
  const [cmd = '', ...rest] = argv
  const args: Args = {}
  for (let i = 0; i < rest.length; i += 2) args[rest[i]!.replace(/^--/, '')] = rest[i + 1] ?? ''
  return { cmd, args }
}

const hr = () => Number(process.hrtime.bigint()) / 1e6
const cpuMs = () => {
  const u = process.resourceUsage()
  return (u.userCPUTime + u.systemCPUTime) / 1000
}
const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)
const nowIso = () => new Date().toISOString()

/** Creates a site with N client entries (distinct names, one sshd) and the sshd's host key already trusted. */
async function setupFleet(a: Args) {
  const site = await openSiteDb(a.site!)
  const count = Number(a.count)
  const now = nowIso()
  await seedSite(site.db, 'BEN', 'Bench Site', now)
  const [algorithm = '', key = ''] = readFileSync(a['host-key-pub']!, 'utf8').trim().split(/\s+/)
  const blob = Buffer.from(key, 'base64')
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
  await site.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('host_key')
      .values({ host: '127.0.0.1', port: Number(a.port), algorithm, key, fingerprint, trusted_at: now })
      .execute()
    for (let start = 0; start < count; start += 200) {
      const rows = Array.from({ length: Math.min(200, count - start) }, (_, k) => ({
        name: `pb-${String(start + k + 1).padStart(4, '0')}`,
        address: '127.0.0.1',
        port: Number(a.port),
        user: a.user!,
        platform: 'debian',
        os_version: '',
        roles: '[]',
        simulated: 0,
        auth_method: 'key',
        identity_file: a.key!,
        created_at: now,
        updated_at: now,
      }))
      await trx.insertInto('resource').values(rows).execute()
    }
    await reevaluateMembership(trx as never)
  })
  await site.close()
  out({ ok: true, count })
}

/** Runs one job (exec or forced scan) on every client through the real services, as the console would. */
async function runJob(a: Args, kind: 'exec' | 'scan') {
  const t0 = hr()
  const c0 = cpuMs()
  const services = await startServices({ site: a.site!, frontDoor: 'in-process', prefs: createMemoryPrefs() })
  const resources = await services.handlers['resources:list']({} as never)
  const ids = (resources as ResourceDto[]).map((r) => r.id)
  const t1 = hr()
  const targets = { resourceIds: ids, collectionId: null }
  // Parsed through the contract's schemas, so defaults added later are filled in as the console's would be.
  const job =
    kind === 'exec'
      ? await services.handlers['clients:exec'](
          execInput.parse({ targets, command: a.command!, timeoutSeconds: 600 }),
        )
      : await services.handlers['clients:scan'](scanInput.parse({ targets, force: true }))
  const done = await services.wait(job.id)
  const t2 = hr()
  await services.close()
  const failed = done.hosts.filter((h) => h.state !== 'succeeded')
  out({
    kind,
    hosts: done.total,
    succeeded: done.succeeded,
    failed: done.failed,
    firstError: failed[0] ? `${failed[0].name}: ${failed[0].errorKind} ${failed[0].message}` : '',
    okOutputs: done.hosts.filter((h) => h.stdout.trim() === 'ok').length,
    startupMs: t1 - t0,
    jobMs: t2 - t1,
    totalMs: hr() - t0,
    cpuMs: cpuMs() - c0,
  })
}

const updateId = (u: number) => `deb:bench-pkg-${u}:amd64:1.${u}-1`

function scannedUpdates(count: number, client: number): ScannedUpdate[] {
  return Array.from({ length: count }, (_, u) => ({
    id: updateId(u),
    vendor: 'debian' as const,
    title: `bench-pkg-${u} 1.${u}-1`,
    classification: u % 7 === 0 ? ('Security Updates' as const) : ('Updates' as const),
    severity: '' as const,
    package: `bench-pkg-${u}`,
    installedVersion: `1.${u}-0`,
    availableVersion: `1.${u}-1`,
    arch: 'amd64',
    suite: 'bookworm',
    products: ['Debian 12'],
    supersededIds: [],
    installed: (u + client) % 3 === 0,
  }))
}

async function seedResources(site: SiteDb, count: number, prefix = 'ing') {
  const now = nowIso()
  await site.db.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => {
        const i = start + k
        return {
          name: `${prefix}-${String(i).padStart(5, '0')}`,
          address: `127.2.${(i >> 8) & 255}.${i & 255}`,
          port: 22,
          user: '',
          platform: 'debian',
          os_version: '12',
          roles: '[]',
          simulated: 1,
          created_at: now,
          updated_at: now,
        }
      })
      await trx.insertInto('resource').values(rows).execute()
    }
    await reevaluateMembership(trx as never)
  })
}

async function seedCatalog(site: SiteDb, updates: number) {
  const now = nowIso()
  await site.db.transaction().execute(async (trx) => {
    for (let start = 0; start < updates; start += 500) {
      const rows = Array.from({ length: Math.min(500, updates - start) }, (_, k) => {
        const u = start + k
        return {
          id: updateId(u),
          vendor: 'debian',
          title: `bench-pkg-${u} 1.${u}-1`,
          kb: '',
          revision: 0,
          classification: u % 7 === 0 ? 'Security Updates' : 'Updates',
          product: 'Debian 12',
          products: '["Debian 12"]',
          severity: '',
          package: `bench-pkg-${u}`,
          version: `1.${u}-1`,
          suite: 'bookworm',
          release_date: null,
          size: 1000 + u,
          sha256: '',
          superseded_by: '',
          source: 'bench',
          created_at: now,
        }
      })
      await trx.insertInto('software_update').values(rows).execute()
    }
  })
}

/** A fresh site with the clients and the update catalog the ingest writes states for. */
async function prepareIngestSite(a: Args): Promise<{ site: SiteDb; ids: number[] }> {
  const site = await openSiteDb(a.site!)
  await seedSite(site.db, 'ING', 'Ingest Bench', nowIso())
  await seedResources(site, Number(a.clients))
  await seedCatalog(site, Number(a.updates))
  const ids = (await site.db.selectFrom('resource').select('id').orderBy('id').execute()).map((r) =>
    Number(r.id),
  )
  return { site, ids }
}

function stateRows(resourceId: number, client: number, updates: number, now: string) {
  const states = []
  const messages = []
  for (let u = 0; u < updates; u++) {
    const installed = (u + client) % 3 === 0
    const stateId = installed ? 3 : 2
    states.push({
      resource_id: resourceId,
      update_id: updateId(u),
      state_id: stateId,
      installed_version: `1.${u}-0`,
      time: now,
    })
    messages.push({
      resource_id: resourceId,
      topic_type: 500,
      state_id: stateId,
      update_id: updateId(u),
      object_id: null,
      time: now,
      detail: `installed version 1.${u}-0`,
    })
  }
  return { states, messages }
}

/**
 * Patchbay's ingest: the product path, recordScan() for every client with 50 scans in flight (a scan job's
 * default host concurrency), so results arrive together as they do when a job's hosts finish.
 */
async function ingest(a: Args) {
  const { site, ids } = await prepareIngestSite(a)
  const updates = Number(a.updates)
  const inFlight = Number(a['in-flight'] ?? 50)
  const ctx = createSiteContext(
    site,
    'ING',
    {
      prefs: createMemoryPrefs(),
      clock: () => new Date(),
      frontDoor: 'in-process',
      secrets: noSecrets(),
    },
    new EventBus(),
  )
  const t0 = hr()
  const c0 = cpuMs()
  const perClient: number[] = []
  let next = 0
  const worker = async () => {
    while (next < ids.length) {
      const client = next++
      const s = hr()
      const scan: ScanResult = {
        platform: 'debian',
        osName: 'Debian GNU/Linux',
        osVersion: '12',
        updates: scannedUpdates(updates, client),
        rebootPending: false,
      }
      await recordScan(
        ctx,
        { id: ids[client]!, name: `ing-${client}`, platform: 'debian' } as ResourceDto,
        scan,
      )
      perClient.push(hr() - s)
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, ids.length) }, worker))
  const ms = hr() - t0
  const cpu = cpuMs() - c0
  const rows = await countRows(site)
  await site.close()
  perClient.sort((x, y) => x - y)
  out({
    mode: 'record-scan',
    engine: site.kind,
    clients: ids.length,
    updates,
    inFlight,
    rows,
    ms,
    cpuMs: cpu,
    rowsPerSec: (rows / ms) * 1000,
    perClientP50: perClient[Math.floor(perClient.length / 2)] ?? null,
  })
}

async function countRows(site: SiteDb): Promise<number> {
  const a = await site.db
    .selectFrom('client_update_state')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  const b = await site.db
    .selectFrom('state_message')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('topic_type', '=', 500)
    .executeTakeFirstOrThrow()
  return Number(a.n) + Number(b.n)
}

type RawDb = import('better-sqlite3').Database

/** The SQLite peer: better-sqlite3 prepared single-row inserts, all rows in one transaction. */
async function sqliteRawInsert(raw: RawDb, ids: number[], updates: number, now: string) {
  const st = raw.prepare(
    'INSERT INTO client_update_state (resource_id, update_id, state_id, installed_version, time) VALUES (?, ?, ?, ?, ?)',
  )
  const msg = raw.prepare(
    'INSERT INTO state_message (resource_id, topic_type, state_id, update_id, object_id, time, detail) VALUES (?, 500, ?, ?, NULL, ?, ?)',
  )
  const batch = raw.transaction((from: number, to: number) => {
    for (let c = from; c < to; c++) {
      const id = ids[c]!
      for (let u = 0; u < updates; u++) {
        const stateId = (u + c) % 3 === 0 ? 3 : 2
        const uid = updateId(u)
        st.run(id, uid, stateId, `1.${u}-0`, now)
        msg.run(id, stateId, uid, now, `installed version 1.${u}-0`)
      }
    }
  })
  batch(0, ids.length)
}

/** The peer: raw better-sqlite3 prepared inserts in one transaction, or raw pg multi-row inserts, same schema. */
async function rawIngest(a: Args) {
  const { site, ids } = await prepareIngestSite(a)
  const updates = Number(a.updates)
  const now = nowIso()
  const kind = site.kind
  await site.close()
  const t0 = hr()
  const c0 = cpuMs()
  let rows = 0
  if (kind === 'sqlite') {
    const Database = (await import('better-sqlite3')).default
    const raw = new Database(a.site!)
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = FULL') // the same durability as the product's site
    await sqliteRawInsert(raw, ids, updates, now)
    const ms = hr() - t0
    const cpu = cpuMs() - c0
    rows = Number(
      (
        raw
          .prepare(
            'SELECT (SELECT count(*) FROM client_update_state) + (SELECT count(*) FROM state_message WHERE topic_type = 500) AS n',
          )
          .get() as { n: number }
      ).n,
    )
    raw.close()
    out({
      mode: 'raw',
      engine: kind,
      clients: ids.length,
      updates,
      rows,
      ms,
      cpuMs: cpu,
      rowsPerSec: (rows / ms) * 1000,
    })
    return
  }
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: a.site! })
  await client.connect()
  await client.query('BEGIN')
  const per = 1000
  for (let c = 0; c < ids.length; c++) {
    const { states, messages } = stateRows(ids[c]!, c, updates, now)
    for (let i = 0; i < states.length; i += per) {
      const chunk = states.slice(i, i + per)
      const values: unknown[] = []
      const tuples = chunk.map((r, k) => {
        values.push(r.resource_id, r.update_id, r.state_id, r.installed_version, r.time)
        const b = k * 5
        return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5})`
      })
      await client.query(
        `INSERT INTO client_update_state (resource_id, update_id, state_id, installed_version, time) VALUES ${tuples.join(',')}`,
        values,
      )
      const mvalues: unknown[] = []
      const mtuples = messages.slice(i, i + per).map((r, k) => {
        mvalues.push(r.resource_id, r.state_id, r.update_id, r.time, r.detail)
        const b = k * 5
        return `($${b + 1},500,$${b + 2},$${b + 3},NULL,$${b + 4},$${b + 5})`
      })
      await client.query(
        `INSERT INTO state_message (resource_id, topic_type, state_id, update_id, object_id, time, detail) VALUES ${mtuples.join(',')}`,
        mvalues,
      )
    }
  }
  await client.query('COMMIT')
  const ms = hr() - t0
  const cpu = cpuMs() - c0
  const r = await client.query(
    'SELECT (SELECT count(*) FROM client_update_state) + (SELECT count(*) FROM state_message WHERE topic_type = 500) AS n',
  )
  rows = Number(r.rows[0].n)
  await client.end()
  out({
    mode: 'raw',
    engine: kind,
    clients: ids.length,
    updates,
    rows,
    ms,
    cpuMs: cpu,
    rowsPerSec: (rows / ms) * 1000,
  })
}

/**
 * Compliance summary queries on an ingested site, and freshness: one client's new scan recorded, then the
 * Update Repository counts re-read; freshness is the time from the scan arriving to counts that include it.
 */
/**
 * Small commits on the product's own site: `count` transactions of one state message each (as a deployment
 * writes them), with SQLite's synchronous set as asked (the product's default is FULL); answers ms per commit.
 */
async function commits(a: Args) {
  const { site, ids } = await prepareIngestSite({ ...a, clients: '1', updates: '1' })
  const mode = a.synchronous === 'normal' ? 'NORMAL' : 'FULL'
  await sql.raw(`PRAGMA synchronous = ${mode}`).execute(site.db)
  const count = Number(a.count ?? 300)
  const t0 = hr()
  for (let i = 0; i < count; i++)
    await site.db.transaction().execute((trx) =>
      trx
        .insertInto('state_message')
        .values({
          resource_id: ids[0]!,
          topic_type: 402,
          state_id: i % 15,
          update_id: updateId(0),
          object_id: null,
          time: nowIso(),
          detail: `commit ${i}`,
        })
        .execute(),
    )
  const ms = hr() - t0
  await site.close()
  out({ synchronous: mode.toLowerCase(), count, ms, msPerCommit: ms / count })
}

async function summary(a: Args) {
  const site = await openSiteDb(a.site!)
  const ctx = createSiteContext(
    site,
    'ING',
    { prefs: createMemoryPrefs(), clock: () => new Date(), frontDoor: 'in-process', secrets: noSecrets() },
    new EventBus(),
  )
  const updatesService = createUpdatesService(ctx)
  const time = async <T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> => {
    const s = hr()
    const value = await f()
    return { ms: hr() - s, value }
  }
  const repo = await time(() => updatesService.list(updatesQuery.parse({})))
  const perClient = await time(() =>
    updatesService.list(updatesQuery.parse({ resourceId: Number(a['probe-client']) })),
  )
  const allSystems = 'ING00001'
  const perCollection = await time(() =>
    site.db
      .selectFrom('client_update_state as s')
      .innerJoin('collection_member as m', 'm.resource_id', 's.resource_id')
      .where('m.collection_id', '=', allSystems)
      .select(['s.state_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('s.state_id')
      .execute(),
  )
  // Freshness: the probe client now reports every update installed; how long until the repository shows it?
  const probe = Number(a['probe-client'])
  const updates = repo.value.length
  const before = repo.value.reduce((n, u) => n + u.installed, 0)
  const s = hr()
  const scan = {
    platform: 'debian',
    osName: 'Debian GNU/Linux',
    osVersion: '12',
    updates: scannedUpdates(updates, 0).map((u) => ({ ...u, installed: true })),
    rebootPending: false,
  } as ScanResult
  const recorded = await recordScan(
    ctx,
    { id: probe, name: 'probe', platform: 'debian' } as ResourceDto,
    scan,
  )
  const recordMs = hr() - s
  const after = await updatesService.list(updatesQuery.parse({}))
  const freshnessMs = hr() - s
  const installedAfter = after.reduce((n, u) => n + u.installed, 0)
  const stats = await sql<{ n: number }>`select count(*) as n from client_update_state`.execute(site.db)
  await site.close()
  out({
    engine: site.kind,
    stateRows: Number(stats.rows[0]?.n ?? 0),
    repositoryMs: repo.ms,
    perClientMs: perClient.ms,
    perCollectionMs: perCollection.ms,
    recordMs,
    freshnessMs,
    changed: recorded.changed,
    reflected: installedAfter > before,
  })
}

/** The console's scale site: clients and an update catalog, plus K per-client update states. */
async function seedConsole(a: Args) {
  const site = await openSiteDb(a.site!)
  await seedSite(site.db, 'LAB', 'Lab Site', nowIso())
  const clients = Number(a.clients)
  const updates = Number(a.updates)
  const k = Number(a['states-per-client'] ?? 0)
  await seedResources(site, clients, 'host')
  await seedCatalog(site, updates)
  if (k > 0) {
    const ids = (await site.db.selectFrom('resource').select('id').execute()).map((r) => Number(r.id))
    const now = nowIso()
    await site.db.transaction().execute(async (trx) => {
      let rows: {
        resource_id: number
        update_id: string
        state_id: number
        installed_version: string
        time: string
      }[] = []
      for (const [c, id] of ids.entries())
        for (let j = 0; j < k; j++) {
          const u = (c * 7 + j * 13) % updates
          rows.push({
            resource_id: id,
            update_id: updateId(u),
            state_id: (u + c) % 3 === 0 ? 3 : 2,
            installed_version: '',
            time: now,
          })
          if (rows.length === 1000) {
            await trx
              .insertInto('client_update_state')
              .values(rows)
              .onConflict((oc) => oc.doNothing())
              .execute()
            rows = []
          }
        }
      if (rows.length)
        await trx
          .insertInto('client_update_state')
          .values(rows)
          .onConflict((oc) => oc.doNothing())
          .execute()
      await trx.updateTable('resource').set({ last_scan_at: now, scan_state: 3 }).execute()
      await recountUpdateStates(trx)
    })
  }
  await site.close()
  out({ ok: true, clients, updates, statesPerClient: k })
}

/** Builds a signed bundle of every file in a folder, as the Distribute Software Updates wizard does. */
async function bundleBuild(a: Args) {
  const t0 = hr()
  const c0 = cpuMs()
  const names = readdirSync(a.files!).sort()
  const r = await buildBundle({
    out: a.out!,
    manifest: {
      createdBy: 'patchbay bench',
      package: { name: 'Bench bundle', version: '1', manufacturer: 'Patchbay', language: '', comment: '' },
      programs: [],
      updates: [],
    },
    files: names.map((name) => ({ path: name, source: join(a.files!, name) })),
    signingKey: await loadPrivateKey(a.key!),
  })
  out({
    files: names.length,
    bundleBytes: r.bundleBytes,
    payloadBytes: r.payloadBytes,
    ms: hr() - t0,
    cpuMs: cpuMs() - c0,
  })
}

/** Verifies a bundle against a trusted key and extracts it (what importing on the air-gapped side does). */
async function bundleVerify(a: Args) {
  const t0 = hr()
  const c0 = cpuMs()
  const r = await verifyBundle(a.file!, {
    trustedKeys: [await loadPublicKey(a.pub!)],
    extractTo: a['extract-to']!,
  })
  out({
    ok: r.ok,
    files: r.manifest?.files.length ?? 0,
    problems: r.problems.slice(0, 5).map((p) => p.message),
    ms: hr() - t0,
    cpuMs: cpuMs() - c0,
  })
}

async function main() {
  const { cmd, args } = parseArgs(process.argv.slice(2))
  if (cmd === 'setup-fleet') return setupFleet(args)
  if (cmd === 'exec') return runJob(args, 'exec')
  if (cmd === 'scan') return runJob(args, 'scan')
  if (cmd === 'ingest') return ingest(args)
  if (cmd === 'raw-ingest') return rawIngest(args)
  if (cmd === 'summary') return summary(args)
  if (cmd === 'commits') return commits(args)
  if (cmd === 'seed-console') return seedConsole(args)
  if (cmd === 'scan-command') return out({ command: DEBIAN_SCAN_COMMAND })
  if (cmd === 'bundle-keys') return out(await createSigningKeyPair(args.dir!))
  if (cmd === 'bundle-build') return bundleBuild(args)
  if (cmd === 'bundle-verify') return bundleVerify(args)
  throw new Error(`unknown driver command ${cmd}`)
}

main().catch((err: unknown) => {
  process.stderr.write(`driver: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exitCode = 1
})
