import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Package content: the files of update packages, where they came from and how they verified. */
export function packageContentMigration(kind: SiteDbKind) {
  void kind
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema
      await s
        .createTable('package_update')
        .addColumn('package_id', 'text', (c) => c.notNull().references('package.id').onDelete('cascade'))
        .addColumn('update_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('package_update_pk', ['package_id', 'update_id'])
        .execute()
      await s.createIndex('package_update_update').on('package_update').column('update_id').execute()
      await s
        .createTable('package_file_origin')
        .addColumn('package_id', 'text', (c) => c.notNull().references('package.id').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('update_id', 'text')
        .addPrimaryKeyConstraint('package_file_origin_pk', ['package_id', 'path'])
        .execute()
    },
  }
}
