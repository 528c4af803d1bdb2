import type { Kysely } from 'kysely'

/**
 * A client's restart status as its last scan read it: why a restart is pending (JSON array of reasons: packages,
 * a pending kernel, Windows sources), the services running outdated libraries (JSON array; null when they were
 * not checked) and why they were not checked ('' when they were).
 */
export function restartStatusMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('resource')
        .addColumn('reboot_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute()
      await db.schema.alterTable('resource').addColumn('services_to_restart', 'text').execute()
      await db.schema
        .alterTable('resource')
        .addColumn('services_note', 'text', (c) => c.notNull().defaultTo(''))
        .execute()
    },
  }
}
