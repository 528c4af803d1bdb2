/**
 * Named state IDs of the update topics (300, 301, 302, 402, 500, 501), exactly as ConfigMgr 2007 and the
 * state_name table (shared/state-names.ts, seeded by site-setup) list them. Use these instead of bare
 * numbers; `stateNameOf(topic, id)` gives the display name.
 */

/** The topic types these constants cover. */
export const TopicType = {
  UpdateListCompliance: 300,
  UpdateInstallState: 301,
  DeploymentEvaluation: 302,
  UpdateEnforcementState: 402,
  UpdateApplicability: 500,
  UpdateScanState: 501,
} as const

/** TopicType 300: compliance of an update list (or deployment) on a client. */
export const UpdateListCompliance = {
  Unknown: 0,
  Compliant: 1,
  NonCompliant: 2,
  ConflictDetected: 3,
} as const

/** TopicType 301: install state of a deployment's updates on a client. */
export const UpdateInstallState = {
  Unknown: 0,
  Installing: 1,
  WaitingForRestart: 2,
  WaitingForAnotherInstallation: 3,
  Installed: 4,
  PendingSystemRestart: 5,
  FailedToInstall: 6,
  Downloading: 7,
  Downloaded: 8,
  FailedToDownload: 9,
  WaitingForMaintenanceWindow: 10,
  WaitingForOrchestrator: 11,
} as const

/** TopicType 302: evaluation of a deployment on a client. */
export const DeploymentEvaluation = {
  Unknown: 0,
  Activated: 1,
  Succeeded: 2,
  Failed: 3,
} as const

/** TopicType 402: enforcement state of one update on a client (0–14, as ConfigMgr's v_StateNames lists them). */
export const UpdateEnforcementState = {
  Unknown: 0,
  Started: 1,
  WaitingForContent: 2,
  WaitingForAnotherInstallation: 3,
  WaitingForMaintenanceWindow: 4,
  RestartRequiredBeforeInstalling: 5,
  GeneralFailure: 6,
  PendingInstallation: 7,
  Installing: 8,
  PendingSystemRestart: 9,
  Installed: 10,
  FailedToInstall: 11,
  Downloading: 12,
  Downloaded: 13,
  FailedToDownload: 14,
} as const

/** TopicType 500: applicability (detection) of one update on a client. */
export const UpdateApplicability = {
  Unknown: 0,
  NotRequired: 1,
  Required: 2,
  Installed: 3,
} as const

/** TopicType 501: state of a client's update scan. */
export const UpdateScanState = {
  Unknown: 0,
  WaitingForCatalogLocation: 1,
  Running: 2,
  Completed: 3,
  PendingRetry: 4,
  Failed: 5,
  CompletedWithErrors: 6,
} as const

/** Every constant set above by its topic type (for lookups and the consistency test). */
export const stateIdsByTopic: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  [TopicType.UpdateListCompliance]: UpdateListCompliance,
  [TopicType.UpdateInstallState]: UpdateInstallState,
  [TopicType.DeploymentEvaluation]: DeploymentEvaluation,
  [TopicType.UpdateEnforcementState]: UpdateEnforcementState,
  [TopicType.UpdateApplicability]: UpdateApplicability,
  [TopicType.UpdateScanState]: UpdateScanState,
}
