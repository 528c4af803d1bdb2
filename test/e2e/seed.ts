import { createMemoryPrefs } from '../../main/core/runtime/prefs'
import { createInProcessTransport } from '../../main/core/runtime/in-process-transport'
import { startServices } from '../../main/core/runtime/start-services'
import type { Transport } from '../../shared/contract'

/** Seeds a site quickly through the real services in this process (before the console is launched). */
export async function withSite<T>(sitePath: string, seed: (t: Transport) => Promise<T>): Promise<T> {
  const services = await startServices({
    site: sitePath,
    frontDoor: 'in-process',
    prefs: createMemoryPrefs(),
  })
  try {
    return await seed(createInProcessTransport(services))
  } finally {
    await services.close()
  }
}

/** Bulk-inserts many simulated clients in one transaction and re-evaluates memberships (fast path for scale tests). */
export async function bulkClients(sitePath: string, count: number): Promise<void> {
  const { openSiteDb } = await import('../../main/site/site-db')
  const { reevaluateMembership } = await import('../../main/core/collections/membership')
  const site = await openSiteDb(sitePath)
  try {
    const now = new Date().toISOString()
    await site.db.transaction().execute(async (trx) => {
      for (let start = 0; start < count; start += 500) {
        const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => {
          const i = start + k
          return {
            name: `host-${String(i).padStart(5, '0')}`,
            address: `127.1.${(i >> 8) & 255}.${i & 255}`,
            port: 22,
            user: '',
            platform: i % 3 ? 'debian' : 'windows',
            os_version: '',
            roles: '[]',
            simulated: 1,
            created_at: now,
            updated_at: now,
          }
        })
        await trx.insertInto('resource').values(rows).execute()
      }
      await reevaluateMembership(trx as never)
    })
  } finally {
    await site.close()
  }
}
