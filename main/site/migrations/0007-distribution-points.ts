import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Distribution points: where each reaches its content, and upload progress per package. */
export function distributionPointsMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void kind
      await db.schema
        .createTable('distribution_point')
        .addColumn('resource_id', 'integer', (c) =>
          c.primaryKey().references('resource.id').onDelete('cascade'),
        )
        .addColumn('root_path', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
