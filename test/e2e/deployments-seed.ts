import { startLabFleet, type LabFleet } from '../../main/clients/lab'
import { addLabClients, directCollection, scanAndWait, writeLabKey } from '../support/lab-clients'
import type { SiteFixture } from './fixtures'
import { withSite } from './seed'

/** A lab fleet of SIMULATED hosts in collection "Pilot", connected and scanned, and an update list "Pilot patches" of updates they need (with its packages' names). */
export async function seedDeploymentSite(
  site: SiteFixture,
  hosts = 3,
): Promise<{ fleet: LabFleet; collectionId: string; packages: string[] }> {
  const fleet = await startLabFleet({ hosts, seed: 23, windowsShare: 0, rebootDowntimeMs: 200 })
  const keyFile = writeLabKey(fleet, site.dir)
  const { collectionId, packages } = await withSite(site.sitePath, async (t) => {
    const ids = await addLabClients(t, fleet.hosts, keyFile)
    const collectionId = await directCollection(t, 'Pilot', ids, 'First ring of every patch cycle')
    await scanAndWait(t, ids)
    const required = await t.invoke('updates:list', {
      resourceId: ids[0]!,
      state: 'required',
      sourceName: null,
    })
    const chosen = required.filter((u) => !u.package.startsWith('linux-image')).slice(0, 2)
    await t.invoke('updatelists:create', {
      name: 'Pilot patches',
      comment: 'Reviewed for the pilot ring',
      updateIds: chosen.map((u) => u.id),
    })
    return { collectionId, packages: chosen.map((u) => u.package) }
  })
  return { fleet, collectionId, packages }
}
