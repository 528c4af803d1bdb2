// Remediation (the compliance check's Run and Schedule): Approved recommendations, or a collection's Approved
// Updates rows, become one deployment of exactly those updates to exactly those computers — run now, or
// scheduled (available and due at the chosen time). The recommendations go Implemented as the rescans after
// the installs arrive (recommendations-service.ts follows every recorded scan).
import type { z } from 'zod'
import type { RemediationDto, remediationInput } from '../../../shared/dto/approvals'
import { PatchbayError } from '../../../shared/errors'
import { membersOf } from '../collections/service'
import type { DeploymentsService } from '../deployments/service'
import type { SiteContext } from '../runtime/site-context'

/** The client state ID of an update a client still needs (TopicType 500 "Update is required"). */
const REQUIRED = 2

/** What one remediation targets: a collection, its updates and its computers. */
interface Target {
  collectionId: string
  updateIds: string[]
  resourceIds: number[]
  skipped: number
}

/** The Approved recommendations chosen; refuses none Approved and several collections. */
async function fromRecommendations(
  ctx: SiteContext,
  input: z.output<typeof remediationInput>,
): Promise<Target> {
  let q = ctx.db
    .selectFrom('recommendation')
    .select(['id', 'collection_id', 'resource_id', 'update_id', 'state'])
  if (input.ids.length) q = q.where('id', 'in', input.ids)
  else q = q.where('collection_id', '=', input.collectionId!).where('update_id', 'in', input.updateIds)
  const rows = await q.execute()
  if (rows.length === 0) throw new PatchbayError('not-found', 'No such recommendations', 'ids')
  const approved = rows.filter((r) => r.state === 'Approved')
  if (approved.length === 0)
    throw new PatchbayError(
      'invalid-input',
      'None of the chosen recommendations is Approved; approve them first',
      'ids',
    )
  const collections = [...new Set(approved.map((r) => r.collection_id))]
  if (collections.length > 1)
    throw new PatchbayError(
      'invalid-input',
      `The chosen recommendations belong to ${collections.length} collections (${collections.join(', ')}); remediate one collection at a time`,
      'ids',
    )
  return {
    collectionId: collections[0]!,
    updateIds: [...new Set(approved.map((r) => r.update_id))].sort(),
    resourceIds: [...new Set(approved.map((r) => Number(r.resource_id)))].sort((a, b) => a - b),
    skipped: rows.length - approved.length,
  }
}

/** A collection's Approved Updates rows and the members that still require them. */
async function fromApprovals(ctx: SiteContext, input: z.output<typeof remediationInput>): Promise<Target> {
  const collectionId = input.collectionId!
  const approved = await ctx.db
    .selectFrom('update_approval')
    .select('update_id')
    .where('collection_id', '=', collectionId)
    .where('action', '=', 'approved')
    .where('update_id', 'in', input.updateIds)
    .execute()
  const updateIds = approved.map((a) => a.update_id).sort()
  const notApproved = input.updateIds.filter((u) => !updateIds.includes(u))
  if (notApproved.length)
    throw new PatchbayError(
      'invalid-input',
      `Not approved for collection ${collectionId}: ${notApproved.slice(0, 5).join(', ')}${notApproved.length > 5 ? ' …' : ''}`,
      'updateIds',
    )
  const members = (await membersOf(ctx.db, collectionId)).map((m) => m.id)
  const needing = members.length
    ? await ctx.db
        .selectFrom('client_update_state')
        .select('resource_id')
        .distinct()
        .where('update_id', 'in', updateIds)
        .where('state_id', '=', REQUIRED)
        .where('resource_id', 'in', members)
        .execute()
    : []
  if (needing.length === 0)
    throw new PatchbayError(
      'invalid-input',
      `No computer of collection ${collectionId} still requires these updates`,
      'updateIds',
    )
  return {
    collectionId,
    updateIds,
    resourceIds: needing.map((r) => Number(r.resource_id)).sort((a, b) => a - b),
    skipped: 0,
  }
}

/** Run / Schedule over the deployments service. */
export function createRemediation(ctx: SiteContext, deployments: DeploymentsService) {
  return {
    /** One deployment of exactly the chosen updates to exactly the computers that need them, run now or at `at`. */
    async deploy(input: z.output<typeof remediationInput>): Promise<RemediationDto> {
      const t =
        input.from === 'approvals' ? await fromApprovals(ctx, input) : await fromRecommendations(ctx, input)
      const at = input.at ?? ctx.now()
      const n = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`
      const d = await deployments.create({
        name: `Remediation: ${n(t.updateIds.length, 'update')} on ${n(t.resourceIds.length, 'computer')}`,
        collectionId: t.collectionId,
        updateIds: t.updateIds,
        updateListId: null,
        packageId: null,
        templateId: null,
        availableAt: at,
        deadline: at,
        settings: { resourceIds: t.resourceIds },
      })
      const run = await deployments.run({ id: d.id, start: true })
      await ctx.audit(
        ctx.db,
        'info',
        'Compliance Check',
        t.collectionId,
        `Remediation ${input.at ? `scheduled for ${at}` : 'started'}: deployment ${d.id} of ${n(t.updateIds.length, 'update')} to ${n(t.resourceIds.length, 'computer')}.`,
      )
      ctx.events.emit('site:changed', { entity: 'approvals', ids: [t.collectionId] })
      return {
        deploymentId: d.id,
        collectionId: t.collectionId,
        updateIds: t.updateIds,
        resourceIds: t.resourceIds,
        availableAt: d.availableAt,
        jobId: run.jobId,
        skipped: t.skipped,
      }
    },
  }
}

/** The remediation service's type. */
export type Remediation = ReturnType<typeof createRemediation>
