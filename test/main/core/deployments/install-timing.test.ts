import { describe, expect, it } from 'vitest'
import { installTiming, type InstallTimingInput } from '../../../../main/core/deployments/install-timing'
import { parseMaintenanceWindow } from '../../../../main/core/maintenance-windows/windows'
import { UpdateEnforcementState } from '../../../../shared/state-ids'

// A fake clock: every decision gets a fixed `now`.
const t = (iso: string) => new Date(iso)

// The client's window: Saturdays 22:00–02:00 UTC (1 June 2024 is a Saturday).
const saturday = parseMaintenanceWindow({
  collectionId: 'LAB00011',
  name: 'Saturday night',
  start: '2024-06-01T22:00',
  timeZone: 'UTC',
  durationMinutes: 240,
  recurrence: { kind: 'weekly', days: [6] },
})
const freeze = parseMaintenanceWindow({
  collectionId: 'LAB00012',
  name: 'Release freeze',
  kind: 'blackout',
  start: '2024-06-14T00:00',
  timeZone: 'UTC',
  durationMinutes: 3 * 24 * 60,
  recurrence: { kind: 'none' },
})

// Available Monday 3 June 00:00, deadline Wednesday 5 June 12:00.
const deployment = (o: Partial<InstallTimingInput>): InstallTimingInput => ({
  now: t('2024-06-04T09:00Z'),
  availableAt: t('2024-06-03T00:00Z'),
  deadline: t('2024-06-05T12:00Z'),
  installOutsideWindowsAfterDeadline: false,
  windows: [saturday],
  ...o,
})

describe('install timing: honour or ignore maintenance windows', () => {
  it('waits for the available time first', () => {
    const r = installTiming(deployment({ now: t('2024-06-02T23:00Z') }))
    expect(r).toMatchObject({ action: 'wait', until: t('2024-06-03T00:00Z'), honoursWindows: false })
  })

  it('leaves an optional deployment (no deadline) alone', () => {
    expect(installTiming(deployment({ deadline: null, windows: [] }))).toMatchObject({
      action: 'wait',
      until: null,
    })
  })

  it('installs at once on a client without maintenance windows', () => {
    expect(installTiming(deployment({ windows: [] }))).toMatchObject({
      action: 'install',
      honoursWindows: false,
    })
  })

  it('before the deadline, outside a window: waits for the next window and reports 402/4', () => {
    const r = installTiming(deployment({}))
    expect(r).toMatchObject({ action: 'wait', until: t('2024-06-08T22:00Z'), honoursWindows: true })
    expect(r.enforcementStateId).toBe(UpdateEnforcementState.WaitingForMaintenanceWindow)
    expect(r.reason).toContain('2024-06-08T22:00:00.000Z')
  })

  it('inside a window: installs, honouring it, until the window closes', () => {
    const r = installTiming(deployment({ now: t('2024-06-09T01:00Z'), deadline: t('2024-06-20T00:00Z') }))
    expect(r).toMatchObject({ action: 'install', honoursWindows: true, until: t('2024-06-09T02:00Z') })
  })

  it('past the deadline, windows honoured: still waits for the next window', () => {
    const r = installTiming(deployment({ now: t('2024-06-06T09:00Z') }))
    expect(r).toMatchObject({ action: 'wait', until: t('2024-06-08T22:00Z'), honoursWindows: true })
  })

  it('with "install outside windows": waits until the deadline if it comes first, then installs outside windows', () => {
    const before = installTiming(deployment({ installOutsideWindowsAfterDeadline: true }))
    expect(before).toMatchObject({ action: 'wait', until: t('2024-06-05T12:00Z'), honoursWindows: true })
    const at = installTiming(
      deployment({ installOutsideWindowsAfterDeadline: true, now: t('2024-06-05T12:00Z') }),
    )
    expect(at).toMatchObject({ action: 'install', honoursWindows: false })
    // A window that opens before the deadline is still used.
    const early = installTiming(
      deployment({ installOutsideWindowsAfterDeadline: true, deadline: t('2024-06-12T00:00Z') }),
    )
    expect(early).toMatchObject({ action: 'wait', until: t('2024-06-08T22:00Z') })
  })

  it('a blackout period holds even a deployment past its deadline that ignores windows', () => {
    const r = installTiming(
      deployment({
        now: t('2024-06-15T23:00Z'), // inside both the Saturday window and the freeze
        installOutsideWindowsAfterDeadline: true,
        windows: [saturday, freeze],
      }),
    )
    expect(r).toMatchObject({ action: 'wait', until: t('2024-06-17T00:00Z') })
    expect(r.reason).toMatch(/Blackout/)
    const after = installTiming(
      deployment({
        now: t('2024-06-17T00:00Z'),
        installOutsideWindowsAfterDeadline: true,
        windows: [saturday, freeze],
      }),
    )
    expect(after).toMatchObject({ action: 'install', honoursWindows: false })
  })

  it('no window ahead and windows honoured: says it cannot install', () => {
    const once = parseMaintenanceWindow({
      collectionId: 'LAB00011',
      name: 'Once',
      start: '2024-06-01T22:00',
      timeZone: 'UTC',
      durationMinutes: 60,
      recurrence: { kind: 'none' },
    })
    const r = installTiming(deployment({ windows: [once] }))
    expect(r).toMatchObject({ action: 'wait', until: null, honoursWindows: true })
    expect(r.reason).toMatch(/cannot install/)
  })
})
