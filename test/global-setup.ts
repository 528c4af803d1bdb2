import type { TestProject } from 'vitest/node'
import { beginTestRun } from './support/machine-state'
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
let endTestRun: (() => void) | null = null

/** Gives the run its own temp folder and starts one real PostgreSQL cluster that database tests on PostgreSQL use. */
export async function setup(project: TestProject): Promise<void> {
  endTestRun = beginTestRun()
  try {
    pg = await startTestPostgres()
    project.provide('pgUrl', pg.url)
    project.provide('pgProblem', '')
  } catch (err) {
    project.provide('pgUrl', '')
    project.provide('pgProblem', err instanceof Error ? err.message : String(err))
  }
}

/** Stops the cluster; removes the accounts, apt sources, package and temp files the tests created. */
export async function teardown(): Promise<void> {
  pg?.stop()
  endTestRun?.()
}
