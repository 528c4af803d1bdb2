import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startLabFleet, type LabFleet } from '../../main/clients/lab'
import type { Transport } from '../../shared/contract'
import type { SiteFixture } from './fixtures'
import { withSite } from './seed'

/** Waits for a client job through the API (the seeding process has no services handle). */
async function waitJob(t: Transport, id: number): Promise<void> {
  for (;;) {
    const j = await t.invoke('jobs:get', { id })
    if (!['queued', 'running'].includes(j.state)) return
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** A lab fleet of SIMULATED hosts in collection "Pilot", connected and scanned, and an update list of updates they need. */
export async function seedDeploymentSite(
  site: SiteFixture,
  hosts = 3,
): Promise<{ fleet: LabFleet; collectionId: string }> {
  const fleet = await startLabFleet({ hosts, seed: 23, windowsShare: 0, rebootDowntimeMs: 200 })
  const keyFile = join(site.dir, 'lab_ed25519')
  writeFileSync(keyFile, fleet.clientKey.privateKey, { mode: 0o600 })
  const collectionId = await withSite(site.sitePath, async (t) => {
    const ids: number[] = []
    for (const h of fleet.hosts)
      ids.push(
        (
          await t.invoke('resources:create', {
            name: h.name,
            address: h.address,
            port: h.port,
            user: h.user,
            authMethod: 'key',
            identityFile: keyFile,
            simulated: true,
          })
        ).id,
      )
    const c = await t.invoke('collections:create', {
      name: 'Pilot',
      comment: 'First ring of every patch cycle',
      rules: ids.map((resourceId) => ({ kind: 'direct' as const, resourceId })),
    })
    await waitJob(
      t,
      (await t.invoke('clients:scan', { targets: { resourceIds: ids }, force: true, trustNewHostKeys: true }))
        .id,
    )
    const required = await t.invoke('updates:list', {
      resourceId: ids[0]!,
      state: 'required',
      sourceName: null,
    })
    await t.invoke('updatelists:create', {
      name: 'Pilot patches',
      comment: 'Reviewed for the pilot ring',
      updateIds: required
        .filter((u) => !u.package.startsWith('linux-image'))
        .slice(0, 2)
        .map((u) => u.id),
    })
    return c.id
  })
  return { fleet, collectionId }
}
