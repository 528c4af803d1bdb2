/**
 * Deployment rows: creating a deployment (updates, an update list or a deployment package → a collection,
 * settings from a template or by hand) and reading it back as a DeploymentDto.
 */
import type { Selectable } from 'kysely'
import type { z } from 'zod'
import { templateSettings } from '../../../shared/dto/deployment-template'
import {
  deploymentSettings,
  type deploymentInput,
  type DeploymentDto,
  type DeploymentSettings,
} from '../../../shared/dto/deployment'
import { PatchbayError } from '../../../shared/errors'
import type { DeploymentTable } from '../../site/schema'
import { packageUpdateIds } from '../packages/content-rows'
import type { Db, SiteContext } from '../runtime/site-context'

/** The job kind of a deployment run. */
export const DEPLOYMENT_JOB = 'deployment'

/** Settings a deployment template gives (fields of the deployment's own settings override them). */
function fromTemplate(raw: string): {
  settings: Partial<DeploymentSettings>
  deadlineOffsetHours: number | null
  collectionId: string | null
} {
  const t = templateSettings.parse(JSON.parse(raw))
  return {
    settings: {
      suppressRestartServers: t.suppressRestartServers,
      suppressRestartWorkstations: t.suppressRestartWorkstations,
      maintenanceWindows: t.maintenanceWindow === 'respect' ? 'honour' : 'ignore',
      // How long deployments stay available: their runs start no client after it.
      ...(t.durationHours > 0 && { durationMinutes: t.durationHours * 60 }),
    },
    deadlineOffsetHours: t.deadlineOffsetHours,
    collectionId: t.collectionId,
  }
}

/** Every update a deployment installs: its own, its update list's and its deployment packages'. */
export async function deploymentUpdateIds(db: Db, id: string): Promise<string[]> {
  const d = await db.selectFrom('deployment').select('update_list_id').where('id', '=', id).executeTakeFirst()
  if (!d) throw new PatchbayError('not-found', `No deployment with ID ${id}`, 'id')
  const own = await db
    .selectFrom('deployment_update')
    .select('update_id')
    .where('deployment_id', '=', id)
    .execute()
  const ids = new Set(own.map((r) => r.update_id))
  if (d.update_list_id) {
    const items = await db
      .selectFrom('update_list_item')
      .select('update_id')
      .where('list_id', '=', d.update_list_id)
      .execute()
    for (const r of items) ids.add(r.update_id)
  }
  const pkgs = await db
    .selectFrom('deployment_package')
    .select('package_id')
    .where('deployment_id', '=', id)
    .execute()
  for (const p of pkgs) for (const u of await packageUpdateIds(db, p.package_id)) ids.add(u)
  return [...ids].sort()
}

/** Reads one deployment with its updates, packages and newest job. */
export async function readDeployment(db: Db, id: string): Promise<DeploymentDto> {
  const row = await db
    .selectFrom('deployment')
    .innerJoin('collection', 'collection.id', 'deployment.collection_id')
    .selectAll('deployment')
    .select('collection.name as collection_name')
    .where('deployment.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new PatchbayError('not-found', `No deployment with ID ${id}`, 'id')
  return toDto(db, row)
}

async function toDto(
  db: Db,
  row: Selectable<DeploymentTable> & { collection_name: string },
): Promise<DeploymentDto> {
  const pkgs = await db
    .selectFrom('deployment_package')
    .select('package_id')
    .where('deployment_id', '=', row.id)
    .execute()
  const job = await db
    .selectFrom('job')
    .select(['id', 'state'])
    .where('kind', '=', DEPLOYMENT_JOB)
    .where('object_id', '=', row.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return {
    id: row.id,
    name: row.name,
    collectionId: row.collection_id,
    collectionName: row.collection_name,
    updateListId: row.update_list_id,
    packageIds: pkgs.map((p) => p.package_id),
    templateId: row.template_id === null ? null : Number(row.template_id),
    updateIds: await deploymentUpdateIds(db, row.id),
    availableAt: row.available_at,
    deadline: row.deadline,
    mandatory: Number(row.mandatory) === 1,
    settings: deploymentSettings.parse(JSON.parse(row.settings)),
    createdAt: row.created_at,
    jobId: job ? Number(job.id) : null,
    jobState: job?.state ?? null,
  }
}

/** Every deployment, newest first. */
export async function listDeployments(db: Db): Promise<DeploymentDto[]> {
  const rows = await db
    .selectFrom('deployment')
    .innerJoin('collection', 'collection.id', 'deployment.collection_id')
    .selectAll('deployment')
    .select('collection.name as collection_name')
    .orderBy('deployment.id', 'desc')
    .execute()
  return Promise.all(rows.map((r) => toDto(db, r)))
}

/** Creates a deployment after checking every reference; nothing is written when one is wrong. */
export async function insertDeployment(
  ctx: SiteContext,
  input: z.output<typeof deploymentInput>,
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    let templ: ReturnType<typeof fromTemplate> | null = null
    if (input.templateId !== null) {
      const t = await trx
        .selectFrom('deployment_template')
        .select('settings')
        .where('id', '=', input.templateId)
        .executeTakeFirst()
      if (!t)
        throw new PatchbayError(
          'not-found',
          `No deployment template with ID ${input.templateId}`,
          'templateId',
        )
      templ = fromTemplate(t.settings)
    }
    const collection = await trx
      .selectFrom('collection')
      .select(['id', 'name'])
      .where('id', '=', input.collectionId)
      .executeTakeFirst()
    if (!collection)
      throw new PatchbayError('not-found', `No collection with ID ${input.collectionId}`, 'collectionId')
    if (input.updateListId !== null) {
      const l = await trx
        .selectFrom('update_list')
        .select('id')
        .where('id', '=', input.updateListId)
        .executeTakeFirst()
      if (!l)
        throw new PatchbayError('not-found', `No update list with ID ${input.updateListId}`, 'updateListId')
    }
    if (input.packageId !== null) {
      const p = await trx
        .selectFrom('package')
        .select('id')
        .where('id', '=', input.packageId)
        .executeTakeFirst()
      if (!p) throw new PatchbayError('not-found', `No package with ID ${input.packageId}`, 'packageId')
    }
    const updateIds = [...new Set(input.updateIds)]
    if (updateIds.length) {
      const found = await trx
        .selectFrom('software_update')
        .select('id')
        .where('id', 'in', updateIds)
        .execute()
      const known = new Set(found.map((f) => f.id))
      const missing = updateIds.filter((u) => !known.has(u))
      if (missing.length)
        throw new PatchbayError(
          'not-found',
          `No update with ID ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
          'updateIds',
        )
    }
    const now = ctx.now()
    const availableAt = input.availableAt ?? now
    const deadline =
      input.deadline ??
      (templ?.deadlineOffsetHours != null
        ? new Date(Date.parse(availableAt) + templ.deadlineOffsetHours * 3_600_000).toISOString()
        : null)
    const settings = deploymentSettings.parse({ ...templ?.settings, ...input.settings })
    const id = await ctx.nextId(trx)
    await trx
      .insertInto('deployment')
      .values({
        id,
        name: input.name ?? `Deploy to ${collection.name}`,
        collection_id: collection.id,
        update_list_id: input.updateListId,
        template_id: input.templateId,
        available_at: availableAt,
        deadline,
        mandatory: deadline ? 1 : 0,
        settings: JSON.stringify(settings),
        created_at: now,
      })
      .execute()
    if (updateIds.length)
      await trx
        .insertInto('deployment_update')
        .values(updateIds.map((u) => ({ deployment_id: id, update_id: u })))
        .execute()
    if (input.packageId !== null)
      await trx
        .insertInto('deployment_package')
        .values({ deployment_id: id, package_id: input.packageId })
        .execute()
    await ctx.audit(
      trx,
      'info',
      'Deployment Manager',
      id,
      `Created deployment ${id} to ${collection.name}${deadline ? `, deadline ${deadline}` : ' (optional)'}.`,
    )
    return id
  })
}
