import type { Transport } from '../../shared/contract'
import { createMemoryPrefs } from '../../main/core/runtime/prefs'
import { createInProcessTransport } from '../../main/core/runtime/in-process-transport'
import type { Services } from '../../main/core/runtime/services'
import { initSite } from '../../main/core/runtime/site-init'
import { startServices } from '../../main/core/runtime/start-services'

/** Services on a new site with the given code, and the in-process transport over them. */
export async function newSite(
  location: string,
  code = 'LAB',
  clock?: () => Date,
): Promise<{ services: Services; api: Transport }> {
  await initSite({ site: location, code, name: 'Lab Site' })
  const services = await startServices({
    site: location,
    frontDoor: 'in-process',
    prefs: createMemoryPrefs(),
    clock,
  })
  return { services, api: createInProcessTransport(services) }
}
