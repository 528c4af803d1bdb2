import type { ResourceDto } from '../../../../shared/dto/resource'

/**
 * What Resource Explorer says about a restart: "Restart pending: yes — linux-image-…, libc6", "Restart pending: no";
 * null before the first scan.
 */
export function restartPendingText(r: ResourceDto): string | null {
  if (r.lastScanAt === null) return null
  if (!r.rebootPending) return 'Restart pending: no'
  return `Restart pending: yes${r.rebootReasons.length ? ` — ${r.rebootReasons.join(', ')}` : ''}`
}

/**
 * What Resource Explorer says about services on outdated libraries: "Services to restart: ssh.service, cron.service",
 * "Services to restart: none", "Services to restart: not checked (needrestart is not installed)"; null when the
 * platform does not check them (Windows, SUSE) or before the first scan.
 */
export function servicesText(r: ResourceDto): string | null {
  if (r.lastScanAt === null) return null
  if (r.servicesToRestart === null)
    return r.servicesNote ? `Services to restart: not checked (${r.servicesNote})` : null
  return `Services to restart: ${r.servicesToRestart.length ? r.servicesToRestart.join(', ') : 'none'}`
}

/** The "Restart Pending" column: "Yes", "No", '' before the first scan. */
export function restartPendingCell(r: ResourceDto): string {
  if (r.lastScanAt === null) return ''
  return r.rebootPending ? 'Yes' : 'No'
}

/** The "Services to Restart" column: the count, "not checked" when the scan could not tell, '' when not asked. */
export function servicesCell(r: ResourceDto): string {
  if (r.servicesToRestart !== null) return String(r.servicesToRestart.length)
  return r.servicesNote ? 'not checked' : ''
}
