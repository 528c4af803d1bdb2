import { startLabFleet, type LabFleet } from '../../main/clients/lab'
import { addLabClients, directCollection, scanAndWait, writeLabKey } from '../support/lab-clients'
import type { SiteFixture } from './fixtures'
import { withSite } from './seed'

/** SIMULATED lab hosts in collection "Preproduction", scanned, and an advertisement "Security scan (expedited)" of package "Security Update Inventory Tool" to it. */
export async function seedAdvertisementSite(
  site: SiteFixture,
  hosts = 3,
): Promise<{ fleet: LabFleet; adId: string; collectionId: string }> {
  const fleet = await startLabFleet({ hosts, seed: 29, windowsShare: 0 })
  const keyFile = writeLabKey(fleet, site.dir)
  const seeded = await withSite(site.sitePath, async (t) => {
    const ids = await addLabClients(t, fleet.hosts, keyFile)
    const collectionId = await directCollection(
      t,
      'Preproduction',
      ids,
      'Test clients for the inventory tools',
    )
    await scanAndWait(t, ids)
    const pkg = await t.invoke('packages:create', { name: 'Security Update Inventory Tool' })
    await t.invoke('programs:create', {
      packageId: pkg.id,
      name: 'Expedited scan',
      commandLine: 'echo scan complete',
    })
    const ad = await t.invoke('advertisements:create', {
      name: 'Security scan (expedited)',
      packageId: pkg.id,
      programName: 'Expedited scan',
      collectionId,
      availableAt: new Date(Date.now() - 60_000).toISOString(),
    })
    return { adId: ad.id, collectionId }
  })
  return { fleet, ...seeded }
}
