/** What a scan records about a client's restart: reasons, services running outdated libraries, and the summary. */
import type { ScanResult } from '../../clients/platforms/types'

/** The resource columns a scan sets for its restart status (services null when the platform or tool did not check). */
export function restartColumns(result: ScanResult): {
  reboot_reasons: string
  services_to_restart: string | null
  services_note: string
} {
  return {
    reboot_reasons: JSON.stringify(result.rebootPending ? (result.rebootReasons ?? []) : []),
    services_to_restart: result.services?.services ? JSON.stringify(result.services.services) : null,
    services_note: result.services?.note ?? '',
  }
}

/**
 * What a scan says about restarts for its job message: "reboot pending (linux-image-…, libc6)", "2 services to
 * restart", "needrestart is not installed"; '' when there is nothing to say.
 */
export function restartSummary(result: ScanResult): string {
  const parts: string[] = []
  if (result.rebootPending)
    parts.push(`reboot pending${result.rebootReasons?.length ? ` (${result.rebootReasons.join(', ')})` : ''}`)
  const services = result.services?.services
  if (services?.length) parts.push(`${services.length} service(s) to restart: ${services.join(', ')}`)
  if (result.services?.note) parts.push(result.services.note)
  return parts.join('; ')
}
