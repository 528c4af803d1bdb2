/**
 * Tables of the site database for deployments and the durable job engine. The engine reuses the job
 * and job_step tables; the columns migration 0010 adds to them are declared here by augmenting JobTable
 * and JobStepTable (interface merging), so schema.ts keeps its shape.
 */

/** Tables 0010 adds. */
export interface DeploymentTables {
  /** The updates a deployment installs (besides those of its update list or deployment packages). */
  deployment_update: { deployment_id: string; update_id: string }
  /** Where compliance tickets are posted; `secret` is sealed by the secrets port (never plaintext). */
  webhook_target: {
    id: import('kysely').Generated<number>
    url: string
    secret: string
    enabled: number
    created_at: string
  }
}

declare module './schema' {
  /** Engine columns of a job (migration 0010). */
  interface JobTable {
    /** JSON: concurrency limits, rolling batches, failure threshold, retry policy. */
    settings: import('kysely').Generated<string>
    updated_at: string | null
  }
  /** Engine columns of a job step (migration 0010). */
  interface JobStepTable {
    /** Unique per step ('' for rows the in-memory JobRunner writes); a resumed step keeps it. */
    idem_key: import('kysely').Generated<string>
    /** Where a step's handler got to: recorded BEFORE each side effect, read on resume. */
    phase: import('kysely').Generated<string>
    /** JSON the handler keeps between phases. */
    data: import('kysely').Generated<string>
    /** Not to be picked before this time (retry backoff, maintenance windows, re-checks). */
    not_before: string | null
    /** Rolling batch number (0, 1, …). */
    batch: import('kysely').Generated<number>
    /** Collection and distribution point the step counts against for concurrency limits. */
    scope_collection: import('kysely').Generated<string>
    scope_dp: number | null
    /** Which process holds the step while it runs (`host:pid`) and until when. */
    lease_owner: import('kysely').Generated<string>
    lease_until: string | null
    error: import('kysely').Generated<string>
  }
}
