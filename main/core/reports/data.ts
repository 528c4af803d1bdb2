/**
 * What the reports read, straight from the live tables (no summarization tables): the newest state
 * message per client and topic, applicability per client and update (client_update_state), members of
 * collections, update lists and advertisement status rows.
 */
import { PatchbayError } from '../../../shared/errors'
import type { Db } from '../runtime/site-context'

/** A client in a report's scope. */
export interface ScopeClient {
  id: number
  name: string
  platform: string
  osName: string
  agentVersion: string
  lastScanAt: string | null
}

/** Clients of one collection, or every resource when none is given. */
export async function scopeClients(db: Db, collectionId?: string): Promise<ScopeClient[]> {
  let q = db
    .selectFrom('resource')
    .select(['id', 'name', 'platform', 'os_name', 'agent_version', 'last_scan_at'])
    .orderBy('name')
  if (collectionId) {
    await collectionName(db, collectionId)
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('collection_member').select('resource_id').where('collection_id', '=', collectionId),
    )
  }
  return (await q.execute()).map((r) => ({
    id: Number(r.id),
    name: r.name,
    platform: r.platform,
    osName: r.os_name,
    agentVersion: r.agent_version,
    lastScanAt: r.last_scan_at,
  }))
}

/** A collection's name, or not-found naming the ID. */
export async function collectionName(db: Db, id: string): Promise<string> {
  const c = await db.selectFrom('collection').select('name').where('id', '=', id).executeTakeFirst()
  if (!c) throw new PatchbayError('not-found', `No collection with ID ${id}`, 'collectionId')
  return c.name
}

/** Collections (one, or all) with their member IDs, by name. */
export async function collectionsWithMembers(
  db: Db,
  collectionId?: string,
): Promise<{ id: string; name: string; members: number[] }[]> {
  let q = db.selectFrom('collection').select(['id', 'name']).orderBy('name')
  if (collectionId) {
    await collectionName(db, collectionId)
    q = q.where('id', '=', collectionId)
  }
  const cols = await q.execute()
  const members = await db.selectFrom('collection_member').select(['collection_id', 'resource_id']).execute()
  return cols.map((c) => ({
    id: c.id,
    name: c.name,
    members: members.filter((m) => m.collection_id === c.id).map((m) => Number(m.resource_id)),
  }))
}

/** Update lists (one, or all) with their update IDs, by name. */
export async function updateLists(
  db: Db,
  updateListId?: string,
): Promise<{ id: string; name: string; updateIds: string[] }[]> {
  let q = db.selectFrom('update_list').select(['id', 'name']).orderBy('name')
  if (updateListId) q = q.where('id', '=', updateListId)
  const lists = await q.execute()
  if (updateListId && lists.length === 0)
    throw new PatchbayError('not-found', `No update list with ID ${updateListId}`, 'updateListId')
  const items = await db.selectFrom('update_list_item').select(['list_id', 'update_id']).execute()
  return lists.map((l) => ({
    id: l.id,
    name: l.name,
    updateIds: items.filter((i) => i.list_id === l.id).map((i) => i.update_id),
  }))
}

/** Applicability (TopicType 500 state) per client and update: resourceId → updateId → stateId. */
export async function applicabilityMap(db: Db): Promise<Map<number, Map<string, number>>> {
  const rows = await db
    .selectFrom('client_update_state')
    .select(['resource_id', 'update_id', 'state_id'])
    .execute()
  const out = new Map<number, Map<string, number>>()
  for (const r of rows) {
    const id = Number(r.resource_id)
    let m = out.get(id)
    if (!m) out.set(id, (m = new Map()))
    m.set(r.update_id, Number(r.state_id))
  }
  return out
}

/** The newest state message of each client for a topic: resourceId → stateId. */
export async function newestStateByClient(db: Db, topicType: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('state_message')
    .select(['resource_id', 'state_id'])
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('state_message')
        .select((e) => e.fn.max('id').as('id'))
        .where('topic_type', '=', topicType)
        .groupBy('resource_id'),
    )
    .execute()
  return new Map(rows.map((r) => [Number(r.resource_id), Number(r.state_id)]))
}

/** One message of a deployment's enforcement history. */
export interface DeploymentMessage {
  id: number
  deploymentId: string
  resourceId: number
  topicType: number
  stateId: number
  updateId: string | null
  time: string
}

/** Every 402 and 300 state message written for deployments, oldest first. */
export async function deploymentMessages(db: Db, deploymentId?: string): Promise<DeploymentMessage[]> {
  let q = db
    .selectFrom('state_message')
    .innerJoin('deployment', 'deployment.id', 'state_message.object_id')
    .select([
      'state_message.id',
      'state_message.object_id',
      'state_message.resource_id',
      'state_message.topic_type',
      'state_message.state_id',
      'state_message.update_id',
      'state_message.time',
    ])
    .where('state_message.topic_type', 'in', [300, 402])
    .orderBy('state_message.id')
  if (deploymentId) q = q.where('state_message.object_id', '=', deploymentId)
  return (await q.execute()).map((r) => ({
    id: Number(r.id),
    deploymentId: r.object_id!,
    resourceId: Number(r.resource_id),
    topicType: Number(r.topic_type),
    stateId: Number(r.state_id),
    updateId: r.update_id,
    time: r.time,
  }))
}
