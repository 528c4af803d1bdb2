import type { Kysely } from 'kysely'

/** How Patchbay reaches a client: OpenSSH (default) or PowerShell remoting from a Windows console host. */
export function clientTransportMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('resource')
        .addColumn('transport', 'text', (c) => c.notNull().defaultTo('ssh'))
        .execute()
    },
  }
}
