import type { Kysely } from 'kysely'

/** Programs may keep their package's files on the client after running (removed by default). */
export function programContentMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('program')
        .addColumn('keep_content', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
    },
  }
}
