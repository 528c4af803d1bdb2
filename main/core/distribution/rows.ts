import {
  defaultDpRoot,
  type DistributionPointDto,
  type DpState,
  type PackageDpStatusDto,
} from '../../../shared/dto/distribution'
import type { ResourceDto } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import { readResources } from '../resources/rows'
import type { Db, SiteContext } from '../runtime/site-context'

/** The role that makes a resource a distribution point. */
export const DP_ROLE = 'distribution point'

/** Resources with the distribution point role (all, or the given IDs), ordered by name. */
export async function distributionPointResources(db: Db, ids?: readonly number[]): Promise<ResourceDto[]> {
  return (await readResources(db, ids)).filter((r) => r.roles.includes(DP_ROLE))
}

/** Root paths of distribution points by resource ID (the default where none is set). */
export async function rootPaths(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('distribution_point').selectAll().execute()
  return new Map(rows.map((r) => [Number(r.resource_id), r.root_path]))
}

/** Every distribution point with its root path and package counts. */
export async function readPoints(db: Db, ids?: readonly number[]): Promise<DistributionPointDto[]> {
  const [points, roots, states] = await Promise.all([
    distributionPointResources(db, ids),
    rootPaths(db),
    db.selectFrom('package_dp_status').select(['resource_id', 'state']).execute(),
  ])
  return points.map((r) => {
    const mine = states.filter((s) => Number(s.resource_id) === r.id)
    return {
      id: r.id,
      name: r.name,
      address: r.address,
      port: r.port,
      rootPath: roots.get(r.id) ?? defaultDpRoot,
      packages: mine.length,
      installed: mine.filter((s) => s.state === 'Installed').length,
      failed: mine.filter((s) => s.state === 'Failed').length,
    }
  })
}

/** Package Status rows (one package's, or all), by package then distribution point name. */
export async function readStatus(db: Db, packageId?: string): Promise<PackageDpStatusDto[]> {
  let q = db
    .selectFrom('package_dp_status as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .innerJoin('resource as r', 'r.id', 's.resource_id')
    .select([
      's.package_id',
      'p.name as package_name',
      's.resource_id',
      'r.name as dp_name',
      's.state',
      's.message',
      's.updated_at',
    ])
  if (packageId) q = q.where('s.package_id', '=', packageId)
  const rows = await q.orderBy('s.package_id').orderBy('r.name').execute()
  return rows.map((r) => ({
    packageId: r.package_id,
    packageName: r.package_name,
    resourceId: Number(r.resource_id),
    dpName: r.dp_name,
    state: r.state as DpState,
    message: r.message,
    updatedAt: r.updated_at,
  }))
}

/** Records a package's state on a point and announces it ('site:changed' distribution) so consoles update live. */
export async function setDpState(
  ctx: SiteContext,
  packageId: string,
  resourceId: number,
  state: DpState,
  message: string,
): Promise<void> {
  const now = ctx.now()
  await ctx.db
    .insertInto('package_dp_status')
    .values({ package_id: packageId, resource_id: resourceId, state, message, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['package_id', 'resource_id']).doUpdateSet({ state, message, updated_at: now }),
    )
    .execute()
  ctx.events.emit('site:changed', { entity: 'distribution', ids: [packageId] })
}

/** Drops a package's status row on a point (after removal) and announces it. */
export async function deleteDpState(ctx: SiteContext, packageId: string, resourceId: number): Promise<void> {
  await ctx.db
    .deleteFrom('package_dp_status')
    .where('package_id', '=', packageId)
    .where('resource_id', '=', resourceId)
    .execute()
  ctx.events.emit('site:changed', { entity: 'distribution', ids: [packageId] })
}

/** A package's name, source folder and files (sizes as numbers on both engines); not-found when missing. */
export async function packageContent(db: Db, packageId: string) {
  const pkg = await db
    .selectFrom('package')
    .select(['id', 'name', 'source_path'])
    .where('id', '=', packageId)
    .executeTakeFirst()
  if (!pkg) throw new PatchbayError('not-found', `No package with ID ${packageId}`, 'packageId')
  const files = await db
    .selectFrom('package_file')
    .select(['path', 'size', 'sha256'])
    .where('package_id', '=', packageId)
    .orderBy('path')
    .execute()
  return {
    id: pkg.id,
    name: pkg.name,
    sourcePath: pkg.source_path,
    files: files.map((f) => ({ path: f.path, size: Number(f.size), sha256: f.sha256 })),
  }
}
