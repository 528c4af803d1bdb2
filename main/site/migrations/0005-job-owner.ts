import type { Kysely } from 'kysely'

/** Which process runs a job (`host:pid`), so a restart marks only its own dead jobs as interrupted. */
export function jobOwnerMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('job')
        .addColumn('owner', 'text', (c) => c.notNull().defaultTo(''))
        .execute()
    },
  }
}
