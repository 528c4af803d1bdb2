import type { Kysely } from 'kysely'

/**
 * What a WSUS catalog says about an update beyond its title, KB and severity (columns that exist): the support
 * URL and the security bulletin IDs, read from wsusscn2.cab's per-revision metadata files.
 */
export function wsusMetadataMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('software_update')
        .addColumn('support_url', 'text', (c) => c.notNull().defaultTo(''))
        .execute()
      await db.schema
        .alterTable('software_update')
        .addColumn('security_bulletin', 'text', (c) => c.notNull().defaultTo(''))
        .execute()
    },
  }
}
