import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Distribute Software Updates wizard: per-package installation agent and notification settings. */
export function wizardMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void kind
      const s = db.schema
      await s
        .createTable('wizard_package')
        .addColumn('package_id', 'text', (c) => c.primaryKey().references('package.id').onDelete('cascade'))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('update_type', 'text', (c) => c.notNull())
        .addColumn('program_name', 'text', (c) => c.notNull())
        .addColumn('update_list_id', 'text', (c) => c.references('update_list.id').onDelete('set null'))
        .addColumn('release_notes', 'text', (c) => c.notNull())
        .addColumn('inventory_program', 'text', (c) => c.notNull())
        .addColumn('inventory_after_install', 'integer', (c) => c.notNull())
        .addColumn('postpone_restarts', 'text', (c) => c.notNull())
        .addColumn('unattended', 'integer', (c) => c.notNull())
        .addColumn('countdown_minutes', 'integer', (c) => c.notNull())
        .addColumn('after_countdown', 'text', (c) => c.notNull())
        .addColumn('notify_users', 'integer', (c) => c.notNull())
        .addColumn('allow_postpone', 'integer', (c) => c.notNull())
        .addColumn('postpone_max_hours', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('wizard_update_program')
        .addColumn('package_id', 'text', (c) => c.notNull().references('package.id').onDelete('cascade'))
        .addColumn('update_id', 'text', (c) => c.notNull())
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('command_line', 'text', (c) => c.notNull())
        .addColumn('arguments', 'text', (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('wizard_update_program_pk', ['package_id', 'update_id'])
        .execute()
    },
  }
}
