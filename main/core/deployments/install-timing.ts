/**
 * Whether a deployment installs on a client now or waits, honouring or ignoring its maintenance windows
 * (pure; the caller passes the time). ConfigMgr 2007 semantics: after the available time a
 * required deployment (one with a deadline) installs "according to their maintenance windows. If there
 * are no maintenance windows, installation occurs immediately." Once the deadline has passed, the
 * deployment's "install outside maintenance windows" setting lets it install at once. Blackout periods
 * are never overridden. A deployment without a deadline is optional: nothing installs it by itself.
 */
import { UpdateEnforcementState } from '../../../shared/state-ids'
import {
  currentBlackout,
  isInWindow,
  nextWindow,
  type MaintenanceWindow,
} from '../maintenance-windows/windows'

/** What the decision needs: the time, the deployment's schedule and settings, the client's windows. */
export interface InstallTimingInput {
  now: Date
  availableAt: Date
  /** Null for an optional deployment. */
  deadline: Date | null
  /** Install outside maintenance windows once the deadline has passed. */
  installOutsideWindowsAfterDeadline: boolean
  /** The client's windows and blackouts: effectiveWindows over its collections. */
  windows: readonly MaintenanceWindow[]
}

/** Install now, or wait (until a time worth deciding again, or null when nothing changes by itself). */
export interface InstallTiming {
  action: 'install' | 'wait'
  until: Date | null
  /** True when the client's maintenance windows decided this (false: none, or ignored past the deadline). */
  honoursWindows: boolean
  /** The TopicType 402 state a waiting client reports, when one fits (4: waiting for maintenance window). */
  enforcementStateId: number | null
  /** A sentence for the console. */
  reason: string
}

const wait = (until: Date | null, honoursWindows: boolean, reason: string, state: number | null = null) => ({
  action: 'wait' as const,
  until,
  honoursWindows,
  enforcementStateId: state,
  reason,
})

const install = (honoursWindows: boolean, reason: string, until: Date | null = null): InstallTiming => ({
  action: 'install',
  until,
  honoursWindows,
  enforcementStateId: null,
  reason,
})

/** Decides whether a deployment installs on a client at `now`, and if not, when to decide again. */
export function installTiming(input: InstallTimingInput): InstallTiming {
  const { now, availableAt, deadline, windows } = input
  const iso = (d: Date) => d.toISOString()
  if (now < availableAt) return wait(availableAt, false, `Not available until ${iso(availableAt)}`)
  if (!deadline) return wait(null, false, 'Optional deployment: it installs only when started by hand')
  const blackout = currentBlackout(windows, now)
  if (blackout) return wait(blackout.end, true, `Blackout period until ${iso(blackout.end)}`)
  const active = windows.filter((w) => w.enabled && w.kind === 'window')
  if (!active.length) return install(false, 'No maintenance window applies to this client: installs now')
  const pastDeadline = now >= deadline
  if (isInWindow(windows, now)) {
    const open = nextWindow(windows, now)
    return install(true, `Inside a maintenance window until ${open ? iso(open.end) : '?'}`, open?.end ?? null)
  }
  if (pastDeadline && input.installOutsideWindowsAfterDeadline)
    return install(false, `Deadline ${iso(deadline)} has passed: installs outside maintenance windows`)
  const next = nextWindow(windows, now)
  const overrideAt = !pastDeadline && input.installOutsideWindowsAfterDeadline ? deadline : null
  const state = UpdateEnforcementState.WaitingForMaintenanceWindow
  if (next && (!overrideAt || next.start <= overrideAt))
    return wait(next.start, true, `Waiting for the maintenance window at ${iso(next.start)}`, state)
  if (overrideAt)
    return wait(
      overrideAt,
      true,
      `Waiting for the deadline ${iso(overrideAt)} (no maintenance window before it)`,
      state,
    )
  return wait(
    null,
    true,
    'No maintenance window lies ahead and installing outside windows is off: the deployment cannot install',
    state,
  )
}
