/**
 * State messages a deployment writes (TopicType 402 per update, 301/300/302 per deployment) and the states
 * the compliance check reads back. A message is written only when it changes the client's last state for
 * that topic, update and deployment, so a resumed step does not repeat it.
 */
import { stateNameOf } from '../../../shared/state-names'
import { TopicType } from '../../../shared/state-ids'
import type { Db, SiteContext } from '../runtime/site-context'

/** One state message to write. */
export interface DeploymentState {
  resourceId: number
  topicType: number
  stateId: number
  updateId: string | null
  deploymentId: string
  detail?: string
}

/** The newest state of a client for a topic (and update) in a deployment, or null. */
export async function lastState(
  db: Db,
  resourceId: number,
  topicType: number,
  updateId: string | null,
  deploymentId: string,
): Promise<number | null> {
  let q = db
    .selectFrom('state_message')
    .select('state_id')
    .where('resource_id', '=', resourceId)
    .where('topic_type', '=', topicType)
    .where('object_id', '=', deploymentId)
    .orderBy('id', 'desc')
    .limit(1)
  q = updateId === null ? q.where('update_id', 'is', null) : q.where('update_id', '=', updateId)
  const row = await q.executeTakeFirst()
  return row ? Number(row.state_id) : null
}

/** Writes the states that differ from the client's last ones (telling `onWritten` of each); answers how many were written. */
export async function writeDeploymentStates(
  ctx: SiteContext,
  states: DeploymentState[],
  onWritten?: (s: DeploymentState) => Promise<unknown>,
): Promise<number> {
  let written = 0
  const time = ctx.now()
  for (const s of states) {
    const last = await lastState(ctx.db, s.resourceId, s.topicType, s.updateId, s.deploymentId)
    if (last === s.stateId) continue
    await ctx.db
      .insertInto('state_message')
      .values({
        resource_id: s.resourceId,
        topic_type: s.topicType,
        state_id: s.stateId,
        update_id: s.updateId,
        object_id: s.deploymentId,
        time,
        detail: s.detail ?? stateNameOf(s.topicType, s.stateId),
      })
      .execute()
    written++
    await onWritten?.(s)
  }
  if (written) ctx.events.emit('site:changed', { entity: 'status', ids: [states[0]!.deploymentId] })
  return written
}

/** 402 states of the given updates on one client (same state for each). */
export function enforcement(
  resourceId: number,
  deploymentId: string,
  updateIds: readonly string[],
  stateId: number,
  detail?: string,
): DeploymentState[] {
  return updateIds.map((updateId) => ({
    resourceId,
    topicType: TopicType.UpdateEnforcementState,
    stateId,
    updateId,
    deploymentId,
    detail,
  }))
}

/** A per-deployment state (301, 300 or 302) of one client. */
export function deploymentState(
  resourceId: number,
  deploymentId: string,
  topicType: number,
  stateId: number,
  detail?: string,
): DeploymentState {
  return { resourceId, topicType, stateId, updateId: null, deploymentId, detail }
}

/** Applicability (TopicType 500 state IDs) of updates on a client from its last scan; missing = unknown. */
export async function applicability(
  db: Db,
  resourceId: number,
  updateIds: readonly string[],
): Promise<Map<string, number>> {
  if (updateIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('client_update_state')
    .select(['update_id', 'state_id'])
    .where('resource_id', '=', resourceId)
    .where('update_id', 'in', [...updateIds])
    .execute()
  return new Map(rows.map((r) => [r.update_id, Number(r.state_id)]))
}
