import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Update runs: each deployment run's name, duration limit, computers and options, and per-computer log lines. */
export function updateRunsMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema
      await s
        .createTable('update_run')
        .addColumn('job_id', 'integer', (c) => c.primaryKey().references('job.id').onDelete('cascade'))
        .addColumn('deployment_id', 'text', (c) =>
          c.notNull().references('deployment.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('duration_minutes', 'integer')
        .addColumn('ends_at', 'text')
        .addColumn('resource_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .execute()
      await s.createIndex('update_run_name').on('update_run').column('name').execute()
      const log =
        kind === 'postgres'
          ? s.createTable('update_run_log').addColumn('id', 'serial', (c) => c.primaryKey())
          : s.createTable('update_run_log').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      await log
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('job_id', 'integer', (c) => c.notNull())
        .addColumn('run_name', 'text', (c) => c.notNull())
        .addColumn('deployment_id', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'integer', (c) => c.notNull())
        .addColumn('computer', 'text', (c) => c.notNull())
        .addColumn('update_id', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('update_title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('update_kb', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('update_package', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute()
      await s.createIndex('update_run_log_run').on('update_run_log').columns(['run_name', 'id']).execute()
      await s
        .createIndex('update_run_log_resource')
        .on('update_run_log')
        .columns(['resource_id', 'id'])
        .execute()
      await s
        .createIndex('update_run_log_deployment')
        .on('update_run_log')
        .columns(['deployment_id', 'id'])
        .execute()
    },
  }
}
