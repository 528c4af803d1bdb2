/**
 * Step leases: a running step belongs to its lease owner. The heartbeat renews ours; a pass hands back
 * (queued) steps whose owner is gone — ours not in flight, a dead process on this host, or an expired lease.
 */
import { hostname } from 'node:os'
import { ownerAlive } from '../runtime/process-owner'
import type { Db, SiteContext } from '../runtime/site-context'

/** Requeues running steps of these kinds whose owner is gone (`inFlight` tells which of ours still run). */
export async function reclaimStaleSteps(
  site: SiteContext,
  kinds: string[],
  owner: string,
  inFlight: (stepId: number) => boolean,
): Promise<void> {
  const rows = await site.db
    .selectFrom('job_step')
    .innerJoin('job', 'job.id', 'job_step.job_id')
    .select(['job_step.id', 'job_step.lease_owner', 'job_step.lease_until'])
    .where('job_step.state', '=', 'running')
    .where('job.kind', 'in', kinds)
    .execute()
  const now = site.ports.clock().toISOString()
  const local = `${hostname()}:`
  for (const r of rows) {
    const id = Number(r.id)
    const stepOwner = r.lease_owner
    const stale =
      stepOwner === owner
        ? !inFlight(id)
        : stepOwner === ''
          ? true
          : stepOwner.startsWith(local)
            ? !ownerAlive(stepOwner)
            : (r.lease_until ?? '') < now
    if (!stale) continue
    await site.db
      .updateTable('job_step')
      .set({ state: 'queued', lease_owner: '', lease_until: null })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('lease_owner', '=', stepOwner)
      .execute()
  }
}

/** Extends the leases this owner holds on these steps by `leaseMs` from now. */
export async function renewLeases(
  site: SiteContext,
  owner: string,
  stepIds: number[],
  leaseMs: number,
): Promise<void> {
  await site.db
    .updateTable('job_step')
    .set({ lease_until: new Date(site.ports.clock().getTime() + leaseMs).toISOString() })
    .where('id', 'in', stepIds)
    .where('lease_owner', '=', owner)
    .execute()
}

/** Which of these jobs were cancelled (possibly by another process). */
export async function cancelledJobIds(db: Db, jobIds: number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('job')
    .select('id')
    .where('id', 'in', jobIds)
    .where('state', '=', 'cancelled')
    .execute()
  return rows.map((r) => Number(r.id))
}
