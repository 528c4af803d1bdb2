import type { Transport } from '../../shared/contract'
import { createMemoryPrefs } from '../../main/core/prefs'
import { createInProcessTransport } from '../../main/core/in-process-transport'
import type { Services } from '../../main/core/services'
import { initSite } from '../../main/core/site-init'
import { startServices } from '../../main/core/start-services'

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
