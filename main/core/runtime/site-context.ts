import type { Kysely, Transaction } from 'kysely'
import { formatSmsId } from '../../../shared/ids'
import type { SiteDb, SiteDbKind } from '../../site/site-db'
import type { SiteDatabase } from '../../site/schema'
import type { EventBus } from './event-bus'
import type { Ports } from './ports'

/** A database handle or an open transaction on it. */
export type Db = Kysely<SiteDatabase> | Transaction<SiteDatabase>

/** Severity of a status message. */
export type Severity = 'info' | 'warning' | 'error'

/** What every service shares: the open site, its code, the ports and the event bus. */
export interface SiteContext {
  db: Kysely<SiteDatabase>
  kind: SiteDbKind
  location: string
  siteCode: string
  ports: Ports
  events: EventBus
  /** The current time as ISO-8601 text. */
  now(): string
  /** Takes the next SMS-style ID (site code + 5 hex digits) inside the caller's transaction. */
  nextId(trx: Db): Promise<string>
  /** Records a status message (System Status › Status Messages). */
  audit(trx: Db, severity: Severity, component: string, objectId: string, message: string): Promise<void>
}

/** Builds the shared context over an open site whose code is known. */
export function createSiteContext(
  site: SiteDb,
  siteCode: string,
  ports: Ports,
  events: EventBus,
): SiteContext {
  return {
    db: site.db,
    kind: site.kind,
    location: site.location,
    siteCode,
    ports,
    events,
    now: () => ports.clock().toISOString(),
    async nextId(trx) {
      const row = await trx
        .updateTable('id_sequence')
        .set((eb) => ({ next_value: eb('next_value', '+', 1) }))
        .where('name', '=', 'object')
        .returning('next_value')
        .executeTakeFirstOrThrow()
      return formatSmsId(siteCode, Number(row.next_value) - 1)
    },
    async audit(trx, severity, component, objectId, message) {
      await trx
        .insertInto('audit_event')
        .values({ time: ports.clock().toISOString(), severity, component, object_id: objectId, message })
        .execute()
    },
  }
}

/** True when a database error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  )
}
