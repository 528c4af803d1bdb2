import { sql, type Kysely } from 'kysely'

/** Debian's archive keyring, the keyring a catalog source verifies its Release with unless told otherwise. */
const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg'

/**
 * Signed catalogs by default: a source without a keyring now verifies its Release with Debian's archive keyring,
 * and only a source marked allow_unsigned takes a Release no keyring verifies.
 */
export function signedCatalogsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('catalog_source')
        .addColumn('allow_unsigned', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
      await sql`update catalog_source set keyring = ${DEBIAN_KEYRING} where kind = 'apt' and keyring = ''`.execute(
        db,
      )
    },
  }
}
