import type { Generated } from 'kysely'

/** Tables of the site database for update runs (migration 0011). */
export interface UpdateRunTables {
  /** One run of a deployment (its engine job): name, duration limit, explicit computers and options. */
  update_run: {
    job_id: number
    deployment_id: string
    name: string
    duration_minutes: number | null
    /** When steps not yet started are no longer started (started_at + duration). */
    ends_at: string | null
    /** JSON array of resource IDs ([] = every member of the collection). */
    resource_ids: Generated<string>
    /** JSON: deployment settings this run overrides. */
    options: Generated<string>
    started_at: string
  }
  /** A per-computer log line of a run: commands, output tails, state changes, restart waits. */
  update_run_log: {
    id: Generated<number>
    time: string
    job_id: number
    run_name: string
    deployment_id: string
    resource_id: number
    computer: string
    /** The update(s) the line is about ('' for the whole computer; several joined with ', '). */
    update_id: Generated<string>
    update_title: Generated<string>
    update_kb: Generated<string>
    update_package: Generated<string>
    /** command | output | state | reboot | info */
    kind: string
    text: string
  }
}
