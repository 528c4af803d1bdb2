import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Approvals, recommendations, update-list rules, search folders and deployment templates. */
export function approvalsMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema
      const serial = (name: string) =>
        kind === 'postgres'
          ? s.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
          : s.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      await s
        .createTable('update_approval')
        .addColumn('collection_id', 'text', (c) =>
          c.notNull().references('collection.id').onDelete('cascade'),
        )
        .addColumn('update_id', 'text', (c) =>
          c.notNull().references('software_update.id').onDelete('cascade'),
        )
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('update_approval_pk', ['collection_id', 'update_id'])
        .execute()
      await s
        .createTable('compliance_setting')
        .addColumn('collection_id', 'text', (c) =>
          c.primaryKey().references('collection.id').onDelete('cascade'),
        )
        .addColumn('auto_approve', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_check_at', 'text')
        .execute()
      await serial('recommendation')
        .addColumn('collection_id', 'text', (c) =>
          c.notNull().references('collection.id').onDelete('cascade'),
        )
        .addColumn('resource_id', 'integer', (c) => c.notNull().references('resource.id').onDelete('cascade'))
        .addColumn('update_id', 'text', (c) =>
          c.notNull().references('software_update.id').onDelete('cascade'),
        )
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addUniqueConstraint('recommendation_key', ['collection_id', 'resource_id', 'update_id'])
        .execute()
      await s.createIndex('recommendation_state').on('recommendation').columns(['state']).execute()
      await serial('update_rule')
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('list_id', 'text', (c) => c.notNull().references('update_list.id').onDelete('cascade'))
        .addColumn('criteria', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('last_run_at', 'text')
        .addColumn('last_added', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await serial('search_folder')
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('criteria', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('catalog_schedule')
        .addColumn('source_name', 'text', (c) => c.primaryKey())
        .addColumn('interval_minutes', 'integer', (c) => c.notNull())
        .execute()
    },
  }
}
