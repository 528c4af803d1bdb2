import type { Kysely } from 'kysely'

/**
 * How fresh a client's package lists were at its last scan: when they were last refreshed (console time) and why
 * the scan's refresh failed ('' when it worked or was not due); and the site setting that makes scans refresh
 * lists older than that many hours first (0: every scan refreshes).
 */
export function scanFreshnessMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('resource').addColumn('lists_updated_at', 'text').execute()
      await db.schema
        .alterTable('resource')
        .addColumn('lists_refresh_error', 'text', (c) => c.notNull().defaultTo(''))
        .execute()
      await db.schema
        .alterTable('site')
        .addColumn('lists_refresh_hours', 'integer', (c) => c.notNull().defaultTo(24))
        .execute()
    },
  }
}
