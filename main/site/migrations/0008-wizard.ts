import type { Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/** Distribute Software Updates wizard: per-package installation agent and notification settings (#7). */
export function wizardMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void db
      void kind
    },
  }
}
