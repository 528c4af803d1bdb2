/**
 * The compliance-check branch table ("Status / LEM ID / Action to take": compliance Status × last enforcement message, as the Opalis Hyper-V cluster-patching runbook for ConfigMgr lists it), as data, and the
 * decision it gives for one update on one client.
 *
 * `status` is the update's compliance Status (SMS_UpdateCompliance.Status): 0 unknown, 1 not required,
 * 2 required, 3 installed — the values of TopicType 500. Seed 000's prose calls it TopicType 300, but
 * its rows ("1 n/a → done", "3 10 → done") only read as 500's "not required" / "installed".
 * `lastEnforcementStateId` is LastEnforcementMessageID, a TopicType 402 state (0–14), or null when the
 * client has sent no enforcement message yet.
 *
 * Pairs the table does not list decide 'unlisted': a branch is added when a new pair shows
 * up, so the deployment engine must surface such a pair rather than guess.
 */

/** What the compliance-check loop does next. */
export type ComplianceAction = 'wait-and-recheck' | 'restart-then-recheck' | 'open-ticket' | 'done'

/** A decision: one of the table's actions, or 'unlisted' for a pair the table has no row for. */
export type ComplianceDecision = ComplianceAction | 'unlisted'

/** One row of the table: Status, LEM ID (a 402 state, or 'n/a' for any), the action and the table's words. */
export interface BranchRow {
  status: number
  lastEnforcementStateId: number | 'n/a'
  action: ComplianceAction
  seedText: string
}

/** How long "delay 60 seconds and re-check status" waits, in seconds. */
export const RECHECK_DELAY_SECONDS = 60

const IN_PROGRESS = 'In progress… delay 60 seconds and re-check status'
const RESTART = 'Restart the system, wait for it to reboot, then restart compliance status check'
const FAILURE = 'Failure occurred - create a new Service Manager ticket using a template'
const DONE = 'Done with this update'

const row = (status: number, lem: number | 'n/a', action: ComplianceAction, seedText: string): BranchRow => ({
  status,
  lastEnforcementStateId: lem,
  action,
  seedText,
})

/** The branch table, in its published row order. */
export const complianceBranchTable: readonly BranchRow[] = [
  row(0, 0, 'wait-and-recheck', IN_PROGRESS),
  row(2, 1, 'wait-and-recheck', IN_PROGRESS),
  row(2, 2, 'wait-and-recheck', IN_PROGRESS),
  row(2, 3, 'wait-and-recheck', IN_PROGRESS),
  row(2, 4, 'wait-and-recheck', IN_PROGRESS),
  row(2, 5, 'restart-then-recheck', RESTART),
  row(2, 6, 'open-ticket', FAILURE),
  row(2, 7, 'wait-and-recheck', IN_PROGRESS),
  row(2, 8, 'wait-and-recheck', IN_PROGRESS),
  row(2, 9, 'restart-then-recheck', RESTART),
  row(3, 10, 'done', DONE),
  row(2, 11, 'open-ticket', FAILURE),
  row(2, 12, 'wait-and-recheck', IN_PROGRESS),
  row(2, 13, 'wait-and-recheck', IN_PROGRESS),
  row(2, 14, 'open-ticket', FAILURE),
  row(1, 'n/a', 'done', DONE),
]

/** The table row for a Status and last enforcement state, or null when the seed lists no such pair. */
export function branchRowFor(status: number, lastEnforcementStateId: number | null): BranchRow | null {
  return (
    complianceBranchTable.find(
      (r) =>
        r.status === status &&
        (r.lastEnforcementStateId === 'n/a' || r.lastEnforcementStateId === lastEnforcementStateId),
    ) ?? null
  )
}

/** The action the branch table gives for a Status × last enforcement state, or 'unlisted'. */
export function decide(status: number, lastEnforcementStateId: number | null): ComplianceDecision {
  return branchRowFor(status, lastEnforcementStateId)?.action ?? 'unlisted'
}
