import type { Generated } from 'kysely'

/** Tables of the site database for: Approvals, recommendations, update-list rules, search folders and deployment templates. */
export interface ApprovalTables {
  /** An update approved or declined for a collection; only approved updates are deployed there. */
  update_approval: {
    collection_id: string
    update_id: string
    action: string
    decided_at: string
  }
  /** A collection's compliance-check settings and when it was last checked. */
  compliance_setting: {
    collection_id: string
    auto_approve: number
    last_check_at: string | null
  }
  /** A recommendation: install this update on this client (Opened, Approved, Implemented, Ignored, Closed). */
  recommendation: {
    id: Generated<number>
    collection_id: string
    resource_id: number
    update_id: string
    state: string
    created_at: string
    updated_at: string
    note: string
  }
  /** An automatic rule adding matching updates to an update list on every sync. */
  update_rule: {
    id: Generated<number>
    name: string
    list_id: string
    criteria: string
    enabled: number
    last_run_at: string | null
    last_added: number
    created_at: string
  }
  /** A saved search over the Update Repository. */
  search_folder: { id: Generated<number>; name: string; criteria: string; created_at: string }
  /** When the sync host synchronizes a source by itself (0 = on demand only). */
  catalog_schedule: { source_name: string; interval_minutes: number }
}
