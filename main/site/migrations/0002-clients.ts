import type { Kysely } from 'kysely'

type AnyDb = Kysely<unknown>

/** Reaching clients: authentication, scan status, trusted host keys, stored secrets, per-client update state. */
export function clientsMigration() {
  return {
    async up(db: AnyDb): Promise<void> {
      const s = db.schema
      const text = (name: string) =>
        s
          .alterTable('resource')
          .addColumn(name, 'text', (c) => c.notNull().defaultTo(''))
          .execute()
      await s
        .alterTable('resource')
        .addColumn('auth_method', 'text', (c) => c.notNull().defaultTo('auto'))
        .execute()
      await text('identity_file')
      await text('os_name')
      await text('agent_version')
      await text('last_error')
      await s
        .alterTable('resource')
        .addColumn('reboot_pending', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
      await s.alterTable('resource').addColumn('last_scan_at', 'text').execute()
      await s.alterTable('resource').addColumn('scan_state', 'integer').execute()

      await s
        .createTable('host_key')
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('trusted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('host_key_pk', ['host', 'port'])
        .execute()
      await s
        .createTable('secret')
        .addColumn('resource_id', 'integer', (c) =>
          c.primaryKey().references('resource.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('store', 'text', (c) => c.notNull())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('client_update_state')
        .addColumn('resource_id', 'integer', (c) => c.notNull().references('resource.id').onDelete('cascade'))
        .addColumn('update_id', 'text', (c) =>
          c.notNull().references('software_update.id').onDelete('cascade'),
        )
        .addColumn('state_id', 'integer', (c) => c.notNull())
        .addColumn('installed_version', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('client_update_state_pk', ['resource_id', 'update_id'])
        .execute()
      await s
        .createIndex('client_update_state_update')
        .on('client_update_state')
        .columns(['update_id', 'state_id'])
        .execute()
      await s
        .alterTable('software_update')
        .addColumn('products', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute()
    },
  }
}
