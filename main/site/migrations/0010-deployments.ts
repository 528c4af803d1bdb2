import { sql, type Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Durable job engine columns on job/job_step, deployment updates and webhook targets. */
export function deploymentsMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema
      await s
        .alterTable('job')
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute()
      await s.alterTable('job').addColumn('updated_at', 'text').execute()
      const step = [
        ['idem_key', 'text', "''"],
        ['phase', 'text', "''"],
        ['data', 'text', "'{}'"],
        ['batch', 'integer', '0'],
        ['scope_collection', 'text', "''"],
        ['lease_owner', 'text', "''"],
        ['error', 'text', "''"],
      ] as const
      for (const [name, type, dflt] of step)
        await s
          .alterTable('job_step')
          .addColumn(name, type, (c) => c.notNull().defaultTo(sql.raw(dflt)))
          .execute()
      for (const name of ['not_before', 'lease_until'])
        await s.alterTable('job_step').addColumn(name, 'text').execute()
      await s.alterTable('job_step').addColumn('scope_dp', 'integer').execute()
      await s
        .createIndex('job_step_idem_key')
        .unique()
        .on('job_step')
        .column('idem_key')
        .where(sql.ref('idem_key'), '<>', '')
        .execute()
      await s.createIndex('job_step_job_state').on('job_step').columns(['job_id', 'state']).execute()
      await s.createIndex('job_state').on('job').columns(['state', 'kind']).execute()
      await s
        .createTable('deployment_update')
        .addColumn('deployment_id', 'text', (c) =>
          c.notNull().references('deployment.id').onDelete('cascade'),
        )
        .addColumn('update_id', 'text', (c) => c.notNull().references('software_update.id'))
        .addPrimaryKeyConstraint('deployment_update_pk', ['deployment_id', 'update_id'])
        .execute()
      const serial =
        kind === 'postgres'
          ? s.createTable('webhook_target').addColumn('id', 'serial', (c) => c.primaryKey())
          : s.createTable('webhook_target').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      await serial
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('secret', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
