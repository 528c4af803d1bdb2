import { mkdirSync, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely'
import { objectModelMigration } from './migrations/0001-object-model'
import { clientsMigration } from './migrations/0002-clients'
import { clientTransportMigration } from './migrations/0003-client-transport'
import { catalogMigration } from './migrations/0004-catalog'
import { jobOwnerMigration } from './migrations/0005-job-owner'
import { packageContentMigration } from './migrations/0006-package-content'
import { distributionPointsMigration } from './migrations/0007-distribution-points'
import { wizardMigration } from './migrations/0008-wizard'
import { approvalsMigration } from './migrations/0009-approvals'
import { deploymentsMigration } from './migrations/0010-deployments'
import { updateRunsMigration } from './migrations/0011-update-runs'
import { updateStateCountsMigration } from './migrations/0012-update-state-counts'
import { signedCatalogsMigration } from './migrations/0013-signed-catalogs'
import { signedWsusCatalogsMigration } from './migrations/0014-signed-wsus-catalogs'
import { programContentMigration } from './migrations/0015-program-content'
import { scanFreshnessMigration } from './migrations/0016-scan-freshness'
import { restartStatusMigration } from './migrations/0017-restart-status'
import { wsusMetadataMigration } from './migrations/0018-wsus-metadata'
import type { SiteDatabase } from './schema'

/** Which engine holds a site. */
export type SiteDbKind = 'sqlite' | 'postgres'

/** An open site database. */
export interface SiteDb {
  db: Kysely<SiteDatabase>
  kind: SiteDbKind
  /** The file path or the URL with its password hidden. */
  location: string
  close(): Promise<void>
}

/** True when the location names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location)
}

/** A location safe to show: a URL's password is replaced by ***. */
export function redactLocation(location: string): string {
  if (!isPostgresUrl(location)) return location
  try {
    const url = new URL(location)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    return 'postgres://(unparsable URL)'
  }
}

/** True when a SQLite site file exists (PostgreSQL locations are always reachable candidates). */
export function siteFileExists(location: string): boolean {
  return isPostgresUrl(location) || existsSync(location)
}

/** The migrations, in order; the number is the schema version. */
function migrations(kind: SiteDbKind): Record<string, Migration> {
  return {
    '0001-object-model': objectModelMigration(kind),
    '0002-clients': clientsMigration(),
    '0003-client-transport': clientTransportMigration(),
    '0004-catalog': catalogMigration(kind),
    '0005-job-owner': jobOwnerMigration(),
    '0006-package-content': packageContentMigration(kind),
    '0007-distribution-points': distributionPointsMigration(kind),
    '0008-wizard': wizardMigration(kind),
    '0009-approvals': approvalsMigration(kind),
    '0010-deployments': deploymentsMigration(kind),
    '0011-update-runs': updateRunsMigration(kind),
    '0012-update-state-counts': updateStateCountsMigration(kind),
    '0013-signed-catalogs': signedCatalogsMigration(),
    '0014-signed-wsus-catalogs': signedWsusCatalogsMigration(),
    '0015-program-content': programContentMigration(),
    '0016-scan-freshness': scanFreshnessMigration(),
    '0017-restart-status': restartStatusMigration(),
    '0018-wsus-metadata': wsusMetadataMigration(),
  }
}

/** The schema version a fully migrated site has. */
export const schemaVersion = 18

/**
 * True when the site has run exactly these migrations and records this schema version: opening then skips the
 * migrator (its table introspection and lock cost every CLI command ~30 ms). Anything else — a new site, a
 * missing or extra migration, another version — goes through the migrator, which explains what is wrong.
 */
async function fullyMigrated(db: Kysely<SiteDatabase>, names: string[]): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
    if (rows.length !== names.length || rows.some((r, i) => r.name !== names[i])) return false
    const site = await db.selectFrom('site').select('schema_version').executeTakeFirst()
    return site?.schema_version === schemaVersion
  } catch {
    return false
  }
}

/** Opens (creating a SQLite file's folder when needed) and migrates a site database. */
export async function openSiteDb(location: string): Promise<SiteDb> {
  const kind: SiteDbKind = isPostgresUrl(location) ? 'postgres' : 'sqlite'
  let db: Kysely<SiteDatabase>
  if (kind === 'postgres') {
    // Loaded only for PostgreSQL sites, so SQLite start-up (every CLI call) does not pay for it.
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: location, max: 10 })
    db = new Kysely<SiteDatabase>({ dialect: new PostgresDialect({ pool }) })
  } else {
    mkdirSync(dirname(location), { recursive: true, mode: 0o700 })
    const sqlite = new Database(location)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    // FULL: a commit is on disk before it returns. With NORMAL a power loss may drop the last commits, and a lost
    // deployment record could repeat or hide an install (the cost per small commit: bench/README.md, ingest suite).
    sqlite.pragma('synchronous = FULL')
    // 64 MiB of page cache: a scan of many clients touches the same index pages in every group commit.
    sqlite.pragma('cache_size = -65536')
    db = new Kysely<SiteDatabase>({ dialect: new SqliteDialect({ database: sqlite }) })
  }
  const all = migrations(kind)
  if (!(await fullyMigrated(db, Object.keys(all)))) {
    // Plain ordering: the names are ASCII, and localeCompare would load ICU's collator on every start.
    const nameComparator = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    const migrator = new Migrator({ db, nameComparator, provider: { getMigrations: async () => all } })
    const { error } = await migrator.migrateToLatest()
    if (error) {
      await db.destroy()
      const why = error instanceof Error ? error.message : String(error)
      throw new Error(`Could not prepare the site database at ${redactLocation(location)}: ${why}`)
    }
    await db.updateTable('site').set({ schema_version: schemaVersion }).execute()
  }
  return { db, kind, location: redactLocation(location), close: () => db.destroy() }
}
