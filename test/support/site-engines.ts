import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { createTestDatabase } from './postgres'
import { peerMissing } from './peers'

/** A site database engine the tests run against. */
export interface SiteEngine {
  kind: 'sqlite' | 'postgres'
  /** A new, empty site location (a SQLite file path or a fresh PostgreSQL database URL). */
  freshLocation(label: string): string
}

let counter = 0

/** The engines every database test runs on: SQLite always; PostgreSQL from the run's real cluster. */
export function siteEngines(): SiteEngine[] {
  const sqlite: SiteEngine = {
    kind: 'sqlite',
    freshLocation: () => join(mkdtempSync(join(tmpdir(), 'patchbay-site-')), 'site.db'),
  }
  const pgUrl = inject('pgUrl')
  if (!pgUrl) {
    const why = inject('pgProblem')
    peerMissing('PostgreSQL', `the run's cluster could not start: ${why}`)
    return [sqlite]
  }
  const postgres: SiteEngine = {
    kind: 'postgres',
    freshLocation: (label) => createTestDatabase(pgUrl, `t_${process.pid}_${++counter}_${label}`),
  }
  return [sqlite, postgres]
}
