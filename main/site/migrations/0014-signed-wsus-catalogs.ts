import type { Kysely } from 'kysely'

/**
 * Signed Windows catalogs: whose Authenticode signature an imported wsusscn2.cab must carry (the signer's common
 * name; the CA bundle is the source's keyring). Sources imported before are kept as admins chose them: unsigned.
 */
export function signedWsusCatalogsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('catalog_source')
        .addColumn('signer', 'text', (c) => c.notNull().defaultTo(''))
        .execute()
      await db
        .updateTable('catalog_source' as never)
        .set({ allow_unsigned: 1 } as never)
        .where('kind' as never, '=', 'wsus' as never)
        .execute()
    },
  }
}
