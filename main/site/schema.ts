import type { Generated } from 'kysely'
import type { PackageContentTables } from './schema-content'
import type { DistributionTables } from './schema-distribution'
import type { WizardTables } from './schema-wizard'
import type { ApprovalTables } from './schema-approvals'
import type { DeploymentTables } from './schema-deployments'
import type { UpdateRunTables } from './schema-update-runs'

/**
 * The site database: the SMS object model of DESIGN.md. Times are ISO-8601 text, booleans are
 * 0/1 integers and lists are JSON text, so SQLite and PostgreSQL run the same queries.
 */
export interface SiteDatabase
  extends
    PackageContentTables,
    DistributionTables,
    WizardTables,
    ApprovalTables,
    DeploymentTables,
    UpdateRunTables {
  site: SiteTable
  id_sequence: { name: string; next_value: number }
  resource: ResourceTable
  collection: CollectionTable
  collection_rule: CollectionRuleTable
  collection_member: { collection_id: string; resource_id: number }
  package: PackageTable
  program: ProgramTable
  package_file: { package_id: string; path: string; size: number; sha256: string }
  package_dp_status: {
    package_id: string
    resource_id: number
    state: string
    message: string
    updated_at: string
  }
  advertisement: AdvertisementTable
  advertisement_status: {
    advertisement_id: string
    resource_id: number
    state: string
    message: string
    updated_at: string
  }
  software_update: SoftwareUpdateTable
  update_file: { update_id: string; name: string; url: string; size: number; sha256: string }
  update_list: { id: string; name: string; comment: string; created_at: string; updated_at: string }
  update_list_item: { list_id: string; update_id: string }
  deployment_template: { id: Generated<number>; name: string; settings: string; created_at: string }
  deployment: DeploymentTable
  deployment_package: { deployment_id: string; package_id: string }
  maintenance_window: MaintenanceWindowTable
  state_name: { topic_type: number; state_id: number; state_name: string }
  state_topic: { topic_type: number; name: string; state_values: string }
  state_message: StateMessageTable
  compliance_summary: {
    object_kind: string
    object_id: string
    topic_type: number
    state_id: number
    count: number
  }
  job: JobTable
  job_step: JobStepTable
  inventory_hardware: { resource_id: number; data: string; collected_at: string }
  inventory_software: {
    resource_id: number
    name: string
    version: string
    arch: string
    collected_at: string
  }
  inventory_history: {
    id: Generated<number>
    resource_id: number
    time: string
    kind: string
    change: string
  }
  audit_event: AuditEventTable
  catalog_source: {
    id: Generated<number>
    name: string
    kind: string
    base_url: string
    suite: string
    components: string
    architectures: string
    keyring: string
    allow_expired: number
    allow_unsigned: Generated<number>
    /** WSUS sources: the common name whose Authenticode signature an imported cabinet must carry. */
    signer: Generated<string>
    index_state: Generated<string>
    release_date: string | null
    last_sync_at: string | null
    created_at: string
  }
  catalog_sync: {
    id: Generated<number>
    source_name: string
    started_at: string
    finished_at: string | null
    state: string
    new_count: Generated<number>
    changed_count: Generated<number>
    expired_count: Generated<number>
    fetched_bytes: Generated<number>
    error: Generated<string>
  }
  host_key: {
    host: string
    port: number
    algorithm: string
    key: string
    fingerprint: string
    trusted_at: string
  }
  secret: { resource_id: number; kind: string; store: string; ciphertext: string; created_at: string }
  client_update_state: {
    resource_id: number
    update_id: string
    state_id: number
    installed_version: string
    time: string
  }
  /** How many clients are in each state of each update (kept by the scan path and a delete trigger). */
  update_state_count: { update_id: string; state_id: number; n: number }
}

/** The site row (one per database). */
export interface SiteTable {
  code: string
  name: string
  schema_version: number
  created_at: string
  /** Scans refresh a client's package lists first when they are at least this many hours old (0: always). */
  lists_refresh_hours: Generated<number>
}

/** A client resource. */
export interface ResourceTable {
  id: Generated<number>
  name: string
  address: string
  port: number
  user: string
  platform: string
  os_version: string
  roles: string
  simulated: number
  auth_method: Generated<string>
  transport: Generated<string>
  identity_file: Generated<string>
  os_name: Generated<string>
  agent_version: Generated<string>
  last_error: Generated<string>
  reboot_pending: Generated<number>
  last_scan_at: string | null
  scan_state: number | null
  /** When the package lists were last refreshed, as of the last scan (console time); null when unknown. */
  lists_updated_at: string | null
  /** Why the last scan's refresh of the package lists failed; '' when it worked or was not due. */
  lists_refresh_error: Generated<string>
  /** Why a restart is pending, as the last scan said (JSON array of strings). */
  reboot_reasons: Generated<string>
  /** Services running outdated libraries at the last scan (JSON array); null when not checked. */
  services_to_restart: string | null
  /** Why the last scan could not check the services ('' when it did). */
  services_note: Generated<string>
  created_at: string
  updated_at: string
}

/** A collection. */
export interface CollectionTable {
  id: string
  name: string
  comment: string
  parent_id: string | null
  limiting_collection_id: string | null
  built_in: number
  created_at: string
  updated_at: string
}

/** A membership rule of a collection, kept in order. */
export interface CollectionRuleTable {
  id: Generated<number>
  collection_id: string
  position: number
  kind: string
  effect: string
  resource_id: number | null
  name: string
  conditions: string
}

/** A package. */
export interface PackageTable {
  id: string
  name: string
  version: string
  manufacturer: string
  language: string
  comment: string
  source_path: string
  sending_priority: string
  created_at: string
  updated_at: string
}

/** A program of a package. */
export interface ProgramTable {
  package_id: string
  name: string
  command_line: string
  comment: string
  run_window: string
  run_mode: string
  after_running: string
  platform: string
  max_run_minutes: number
  /** 1: the package's files stay on the client after the program ran (0: removed). */
  keep_content: Generated<number>
}

/** An advertisement. */
export interface AdvertisementTable {
  id: string
  name: string
  comment: string
  package_id: string
  program_name: string
  collection_id: string
  include_sub_collections: number
  available_at: string
  expires_at: string | null
  mandatory: number
  assignments: string
  rerun: string
  created_at: string
  updated_at: string
}

/** A software update: Windows UpdateID+revision+KB, or Debian package+version+suite. */
export interface SoftwareUpdateTable {
  id: string
  vendor: string
  title: string
  kb: string
  revision: number
  classification: string
  product: string
  severity: string
  package: string
  version: string
  suite: string
  release_date: string | null
  size: number
  sha256: string
  superseded_by: string
  source: string
  products: Generated<string>
  source_id: number | null
  expired: Generated<number>
  description: Generated<string>
  /** The vendor's support page for the update (WSUS: ExtendedProperties SupportUrl); '' when none. */
  support_url: Generated<string>
  /** Security bulletin IDs (WSUS SecurityBulletinID, e.g. MS17-010), comma-separated; '' when none. */
  security_bulletin: Generated<string>
  created_at: string
}

/** A software update deployment. */
export interface DeploymentTable {
  id: string
  name: string
  collection_id: string
  update_list_id: string | null
  template_id: number | null
  available_at: string
  deadline: string | null
  mandatory: number
  settings: string
  created_at: string
}

/** A maintenance window of a collection. */
export interface MaintenanceWindowTable {
  id: Generated<number>
  collection_id: string
  name: string
  start_at: string
  duration_minutes: number
  recurrence: string
}

/** A state message from a client (TopicType/StateID). */
export interface StateMessageTable {
  id: Generated<number>
  resource_id: number
  topic_type: number
  state_id: number
  update_id: string | null
  object_id: string | null
  time: string
  detail: string
}

/** A durable job. */
export interface JobTable {
  id: Generated<number>
  kind: string
  object_id: string
  state: string
  owner: Generated<string>
  attempts: number
  error: string
  created_at: string
  started_at: string | null
  finished_at: string | null
}

/** One step of a job on one resource. */
export interface JobStepTable {
  id: Generated<number>
  job_id: number
  resource_id: number | null
  step: string
  state: string
  attempts: number
  output: string
  started_at: string | null
  finished_at: string | null
}

/** A status message: what the site did. */
export interface AuditEventTable {
  id: Generated<number>
  time: string
  severity: string
  component: string
  object_id: string
  message: string
}
