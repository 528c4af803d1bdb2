import type { InventoryDto } from '../../../shared/dto/inventory'
import type { Change } from '../../clients/inventory/inventory-diff'
import { getResource } from './rows'
import type { SiteContext } from '../runtime/site-context'

/** A client's inventory for Resource Explorer: hardware, installed software and the history of changes. */
export function createInventoryService(ctx: SiteContext) {
  return {
    async get(resourceId: number): Promise<InventoryDto> {
      await getResource(ctx.db, resourceId)
      const hw = await ctx.db
        .selectFrom('inventory_hardware')
        .selectAll()
        .where('resource_id', '=', resourceId)
        .executeTakeFirst()
      const software = await ctx.db
        .selectFrom('inventory_software')
        .select(['name', 'version', 'arch', 'collected_at'])
        .where('resource_id', '=', resourceId)
        .orderBy('name')
        .execute()
      const history = await ctx.db
        .selectFrom('inventory_history')
        .selectAll()
        .where('resource_id', '=', resourceId)
        .orderBy('id', 'desc')
        .limit(5000)
        .execute()
      return {
        resourceId,
        hardware: hw ? (JSON.parse(hw.data) as Record<string, unknown>) : null,
        hardwareCollectedAt: hw?.collected_at ?? null,
        software: software.map((s) => ({ name: s.name, version: s.version, arch: s.arch })),
        softwareCollectedAt: software[0]?.collected_at ?? null,
        history: history.map((h) => {
          const c = JSON.parse(h.change) as Change
          return {
            time: h.time,
            kind: c.kind,
            category: c.category,
            item: c.item,
            from: c.from ?? null,
            to: c.to ?? null,
          }
        }),
      }
    },
  }
}
