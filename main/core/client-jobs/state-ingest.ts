import { CompiledQuery, sql } from 'kysely'
import type { SiteDbKind } from '../../site/site-db'
import type { Db } from '../runtime/site-context'

/** One client's applicability state of one update (a client_update_state row). */
export interface UpdateStateRow {
  resourceId: number
  updateId: string
  stateId: number
  /** The state this row replaces (null: the client had no state for the update), read in the same transaction. */
  previousStateId: number | null
  installedVersion: string
  time: string
}

/** One state message (TopicType 500 applicability, 501 scan, …). */
export interface StateMessageRow {
  resourceId: number
  topicType: number
  stateId: number
  updateId: string | null
  objectId: string | null
  time: string
  detail: string
}

/** A catalog row a client reported (software_update columns, in insert order). */
export type CatalogRow = readonly [
  id: string,
  vendor: string,
  title: string,
  kb: string,
  revision: number,
  classification: string,
  product: string,
  products: string,
  severity: string,
  pkg: string,
  version: string,
  suite: string,
  releaseDate: string | null,
  size: number,
  sha256: string,
  supersededBy: string,
  source: string,
  createdAt: string,
]

const CATALOG_COLUMNS = [
  'id',
  'vendor',
  'title',
  'kb',
  'revision',
  'classification',
  'product',
  'products',
  'severity',
  'package',
  'version',
  'suite',
  'release_date',
  'size',
  'sha256',
  'superseded_by',
  'source',
  'created_at',
]
const STATE_COLUMNS = ['resource_id', 'update_id', 'state_id', 'installed_version', 'time']
const COUNT_COLUMNS = ['update_id', 'state_id', 'n']
const COUNT_UPSERT =
  ' ON CONFLICT ("update_id", "state_id") DO UPDATE SET "n" = "update_state_count"."n" + excluded."n"'
const MESSAGE_COLUMNS = ['resource_id', 'topic_type', 'state_id', 'update_id', 'object_id', 'time', 'detail']
const STATE_UPSERT =
  ' ON CONFLICT ("resource_id", "update_id") DO UPDATE SET "state_id" = excluded."state_id",' +
  ' "installed_version" = excluded."installed_version", "time" = excluded."time"'

/**
 * Rows per multi-row INSERT: 500 on SQLite (measured as fast as single-row prepared statements in the same
 * transaction), 1,000 on PostgreSQL (one round trip per 1,000 rows); both far below each engine's
 * bound-parameter limit (SQLite 32,766, PostgreSQL 65,535) for ≤ 18 columns.
 */
function rowsPerStatement(kind: SiteDbKind, columns: number): number {
  return Math.min(kind === 'sqlite' ? 500 : 1000, Math.floor(30_000 / columns))
}

const statements = new Map<string, string>()

/** The INSERT text for `rows` rows (cached: a scan writes the same full-chunk statement again and again). */
function insertSql(kind: SiteDbKind, table: string, columns: string[], rows: number, suffix: string): string {
  const key = `${kind}\u0000${table}\u0000${rows}\u0000${suffix}`
  let text = statements.get(key)
  if (text) return text
  const tuples: string[] = []
  for (let r = 0; r < rows; r++) {
    const marks = columns.map((_, c) => (kind === 'sqlite' ? '?' : `$${r * columns.length + c + 1}`))
    tuples.push(`(${marks.join(',')})`)
  }
  text = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(',')}${suffix}`
  statements.set(key, text)
  return text
}

/** Writes flat parameter rows as multi-row INSERTs on the caller's connection (and transaction). */
async function insertRows<T>(
  trx: Db,
  kind: SiteDbKind,
  table: string,
  columns: string[],
  rows: readonly T[],
  flatten: (row: T, into: unknown[]) => void,
  suffix = '',
): Promise<void> {
  const per = rowsPerStatement(kind, columns.length)
  for (let i = 0; i < rows.length; i += per) {
    const n = Math.min(per, rows.length - i)
    const params: unknown[] = []
    for (let r = i; r < i + n; r++) flatten(rows[r]!, params)
    await trx.executeQuery(CompiledQuery.raw(insertSql(kind, table, columns, n, suffix), params))
  }
}

/**
 * Inserts or replaces clients' update states (one row per client and update) and moves the per-update counts
 * (update_state_count) by the same changes, netted per update and state: a group of scans adds a few thousand
 * counter upserts, not one per state. This is the only writer of client_update_state; deletions are counted
 * by the table's delete trigger (migration 0012).
 */
export async function writeUpdateStates(
  trx: Db,
  kind: SiteDbKind,
  rows: readonly UpdateStateRow[],
): Promise<void> {
  await insertRows(
    trx,
    kind,
    'client_update_state',
    STATE_COLUMNS,
    rows,
    (s, p) => p.push(s.resourceId, s.updateId, s.stateId, s.installedVersion, s.time),
    STATE_UPSERT,
  )
  const deltas = new Map<string, { updateId: string; stateId: number; n: number }>()
  const move = (updateId: string, stateId: number, by: number) => {
    const key = `${updateId}\u0000${stateId}`
    const d = deltas.get(key)
    if (d) d.n += by
    else deltas.set(key, { updateId, stateId, n: by })
  }
  for (const r of rows) {
    if (r.previousStateId === r.stateId) continue
    if (r.previousStateId !== null) move(r.updateId, r.previousStateId, -1)
    move(r.updateId, r.stateId, 1)
  }
  const changed = [...deltas.values()].filter((d) => d.n !== 0)
  await insertRows(
    trx,
    kind,
    'update_state_count',
    COUNT_COLUMNS,
    changed,
    (d, p) => p.push(d.updateId, d.stateId, d.n),
    COUNT_UPSERT,
  )
}

/** Rebuilds update_state_count from client_update_state (after states were written some other way, e.g. seeding). */
export async function recountUpdateStates(trx: Db): Promise<void> {
  await trx.deleteFrom('update_state_count').execute()
  await sql`insert into update_state_count (update_id, state_id, n)
    select update_id, state_id, count(*) from client_update_state group by update_id, state_id`.execute(trx)
}

/** Appends state messages, in the order given. */
export async function writeStateMessages(
  trx: Db,
  kind: SiteDbKind,
  rows: readonly StateMessageRow[],
): Promise<void> {
  await insertRows(trx, kind, 'state_message', MESSAGE_COLUMNS, rows, (m, p) =>
    p.push(m.resourceId, m.topicType, m.stateId, m.updateId, m.objectId, m.time, m.detail),
  )
}

/** Adds updates to the catalog; an update already there (same ID) is left as it is. */
export async function addCatalogUpdates(
  trx: Db,
  kind: SiteDbKind,
  rows: readonly CatalogRow[],
): Promise<void> {
  await insertRows(
    trx,
    kind,
    'software_update',
    CATALOG_COLUMNS,
    rows,
    (u, p) => {
      for (const v of u) p.push(v)
    },
    ' ON CONFLICT ("id") DO NOTHING',
  )
}
