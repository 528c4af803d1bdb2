import type { Transport } from '../../shared/contract'
import { createMemoryPrefs } from '../../main/core/runtime/prefs'
import { createInProcessTransport } from '../../main/core/runtime/in-process-transport'
import type { Services } from '../../main/core/runtime/services'
import { initSite } from '../../main/core/runtime/site-init'
import { startServices } from '../../main/core/runtime/start-services'

/**
 * apt options that make a scan's `apt-get update` read no source at all and keep every list: tests that scan this
 * machine as root must not reach the machine's own sources (they are not on loopback).
 */
export const NO_SOURCES_APT_OPTIONS = [
  'Dir::Etc::sourcelist=/dev/null',
  'Dir::Etc::sourceparts=-',
  'APT::Get::List-Cleanup=0',
]

/**
 * Services on a new site with the given code, and the in-process transport over them; scans refresh apt lists
 * with `listsRefreshAptOptions` (default NO_SOURCES_APT_OPTIONS); `scanTtlMs` as startServices takes it.
 */
export async function newSite(
  location: string,
  code = 'LAB',
  clock?: () => Date,
  options: { listsRefreshAptOptions?: readonly string[]; scanTtlMs?: number } = {},
): Promise<{ services: Services; api: Transport }> {
  await initSite({ site: location, code, name: 'Lab Site' })
  const services = await startServices({
    site: location,
    frontDoor: 'in-process',
    prefs: createMemoryPrefs(),
    clock,
    listsRefreshAptOptions: options.listsRefreshAptOptions ?? NO_SOURCES_APT_OPTIONS,
    scanTtlMs: options.scanTtlMs,
  })
  return { services, api: createInProcessTransport(services) }
}
