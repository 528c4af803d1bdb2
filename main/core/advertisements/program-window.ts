// When an advertised program may start on a client under its collections' maintenance windows: only where
// its whole maximum run time fits inside an open window (as ConfigMgr runs programs), never in a blackout.
import { currentBlackout, nextWindow, type MaintenanceWindow } from '../maintenance-windows/windows'

/** How many later windows are tried for one long enough before giving up. */
const MAX_WINDOWS_TRIED = 500

/**
 * The earliest time at or after `now` when a program of `maxRunMinutes` may start: now without windows (the end
 * of a blackout in progress), else the first moment of an open window with the run time left; null when none is.
 */
export function programStartTime(
  windows: readonly MaintenanceWindow[],
  now: Date,
  maxRunMinutes: number,
): Date | null {
  const active = windows.filter((w) => w.enabled)
  if (!active.some((w) => w.kind === 'window')) return currentBlackout(active, now)?.end ?? now
  const need = maxRunMinutes * 60_000
  let from = now
  for (let i = 0; i < MAX_WINDOWS_TRIED; i++) {
    const open = nextWindow(active, from)
    if (!open) return null
    const start = open.start < now ? now : open.start
    if (open.end.getTime() - start.getTime() >= need) return start
    from = new Date(open.end.getTime() + 1)
  }
  return null
}
