import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Package content: the files of update packages, where they came from and how they verified (#7). */
export function packageContentMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void db
      void kind
    },
  }
}
