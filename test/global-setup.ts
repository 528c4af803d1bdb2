import type { TestProject } from 'vitest/node'
import { startTestPostgres, type TestPostgres } from './support/postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's PostgreSQL cluster, or '' when none could start. */
    pgUrl: string
    /** Why PostgreSQL is unavailable, when it is. */
    pgProblem: string
  }
}

let pg: TestPostgres | null = null

/** Starts one real PostgreSQL cluster for the whole run; database tests on PostgreSQL use it. */
export async function setup(project: TestProject): Promise<void> {
  try {
    pg = await startTestPostgres()
    project.provide('pgUrl', pg.url)
    project.provide('pgProblem', '')
  } catch (err) {
    project.provide('pgUrl', '')
    project.provide('pgProblem', err instanceof Error ? err.message : String(err))
  }
}

/** Stops the cluster. */
export async function teardown(): Promise<void> {
  pg?.stop()
}
