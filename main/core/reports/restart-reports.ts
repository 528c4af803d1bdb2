/** The restart-status report: per client, whether a restart is pending and why, and the services to restart. */
import type { SiteContext } from '../runtime/site-context'
import { col, donut, tally, type Built, type Input } from './charts'
import { collectionName } from './data'

/** The pending column's words: a client never scanned is "Unknown". */
function pendingWord(lastScanAt: string | null, pending: number): string {
  if (lastScanAt === null) return 'Unknown'
  return pending ? 'Yes' : 'No'
}

/**
 * Per client (of one collection, or all): restart pending (Yes / No / Unknown), the reasons, the services
 * running outdated libraries (their count is empty when they were not checked, with the reason in "note").
 */
export async function restartStatus(ctx: SiteContext, input: Input): Promise<Built> {
  let q = ctx.db
    .selectFrom('resource')
    .select([
      'id',
      'name',
      'platform',
      'last_scan_at',
      'reboot_pending',
      'reboot_reasons',
      'services_to_restart',
      'services_note',
    ])
    .orderBy('name')
  if (input.collectionId) {
    const collectionId = input.collectionId
    await collectionName(ctx.db, collectionId)
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('collection_member').select('resource_id').where('collection_id', '=', collectionId),
    )
  }
  const rows = (await q.execute()).map((r) => {
    const services = r.services_to_restart === null ? null : (JSON.parse(r.services_to_restart) as string[])
    return {
      client: r.name,
      platform: r.platform,
      restartPending: pendingWord(r.last_scan_at, Number(r.reboot_pending)),
      reasons: (JSON.parse(r.reboot_reasons) as string[]).join(', '),
      servicesToRestart: services === null ? null : services.length,
      services: services?.join(', ') ?? '',
      note: r.services_note,
      lastScan: r.last_scan_at,
    }
  })
  return {
    columns: [
      col('client', 'Client'),
      col('platform', 'Platform'),
      col('restartPending', 'Restart pending'),
      col('reasons', 'Reasons'),
      col('servicesToRestart', 'Services to restart', true),
      col('services', 'Services'),
      col('note', 'Note'),
      col('lastScan', 'Last scan'),
    ],
    rows,
    chart: donut('Clients by restart pending', tally(rows.map((r) => r.restartPending))),
  }
}
