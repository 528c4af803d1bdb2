// Registering a lab fleet's simulated hosts as key-auth clients of a site.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LabFleet, LabHostEntry } from '../../main/clients/lab'
import type { Transport } from '../../shared/contract'

/** Writes the fleet's client private key to `dir/lab_ed25519` (mode 0600) and returns its path. */
export function writeLabKey(fleet: LabFleet, dir: string): string {
  const keyFile = join(dir, 'lab_ed25519')
  writeFileSync(keyFile, fleet.clientKey.privateKey, { mode: 0o600 })
  return keyFile
}

/** Creates each lab host as a simulated client authenticating with keyFile; returns their ids in order. */
export async function addLabClients(
  t: Pick<Transport, 'invoke'>,
  hosts: readonly LabHostEntry[],
  keyFile: string,
): Promise<number[]> {
  const ids: number[] = []
  for (const h of hosts) {
    const r = await t.invoke('resources:create', {
      name: h.name,
      address: h.address,
      port: h.port,
      user: h.user,
      authMethod: 'key',
      identityFile: keyFile,
      simulated: true,
    })
    ids.push(r.id)
  }
  return ids
}

/** Scans the clients (trusting new host keys) and polls until the job is done: for seeders without a services handle. */
export async function scanAndWait(t: Pick<Transport, 'invoke'>, resourceIds: number[]): Promise<void> {
  const job = await t.invoke('clients:scan', {
    targets: { resourceIds },
    force: true,
    trustNewHostKeys: true,
  })
  for (;;) {
    const j = await t.invoke('jobs:get', { id: job.id })
    if (j.state !== 'queued' && j.state !== 'running') return
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Creates a collection whose members are exactly these clients (direct rules); returns its id. */
export async function directCollection(
  t: Pick<Transport, 'invoke'>,
  name: string,
  resourceIds: number[],
  comment?: string,
): Promise<string> {
  const rules = resourceIds.map((resourceId) => ({ kind: 'direct' as const, resourceId }))
  return (await t.invoke('collections:create', { name, ...(comment ? { comment } : {}), rules })).id
}
