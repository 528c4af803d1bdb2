import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Approvals, recommendations, update-list rules, search folders and deployment templates (#3). */
export function approvalsMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void db
      void kind
    },
  }
}
