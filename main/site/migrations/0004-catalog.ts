import { type Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Catalog synchronization: APT sources, their sync history, and which source each update came from. */
export function catalogMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema
      const source =
        kind === 'postgres'
          ? s.createTable('catalog_source').addColumn('id', 'serial', (c) => c.primaryKey())
          : s.createTable('catalog_source').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      await source
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('base_url', 'text', (c) => c.notNull())
        .addColumn('suite', 'text', (c) => c.notNull())
        .addColumn('components', 'text', (c) => c.notNull())
        .addColumn('architectures', 'text', (c) => c.notNull())
        .addColumn('keyring', 'text', (c) => c.notNull())
        .addColumn('allow_expired', 'integer', (c) => c.notNull())
        .addColumn('index_state', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('release_date', 'text')
        .addColumn('last_sync_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      const sync =
        kind === 'postgres'
          ? s.createTable('catalog_sync').addColumn('id', 'serial', (c) => c.primaryKey())
          : s.createTable('catalog_sync').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      await sync
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('new_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('changed_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expired_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('fetched_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text', (c) => c.notNull().defaultTo(''))
        .execute()
      await s.alterTable('software_update').addColumn('source_id', 'integer').execute()
      await s
        .alterTable('software_update')
        .addColumn('expired', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
      await s
        .alterTable('software_update')
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute()
      await s.createIndex('software_update_source').on('software_update').column('source_id').execute()
    },
  }
}
