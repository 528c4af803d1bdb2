// The maintenance windows that govern one client: those of every collection it is a member of.
import type { Db } from '../runtime/site-context'
import { windowFromRow, type MaintenanceWindow } from './windows'

/** The maintenance windows (and blackouts) of every collection the client is a member of. */
export async function windowsOfClient(db: Db, resourceId: number): Promise<MaintenanceWindow[]> {
  const rows = await db
    .selectFrom('maintenance_window')
    .innerJoin('collection_member', 'collection_member.collection_id', 'maintenance_window.collection_id')
    .select([
      'maintenance_window.collection_id',
      'maintenance_window.name',
      'maintenance_window.start_at',
      'maintenance_window.duration_minutes',
      'maintenance_window.recurrence',
    ])
    .where('collection_member.resource_id', '=', resourceId)
    .execute()
  return rows.map(windowFromRow)
}
