/**
 * Compliance reports: clients against every update, one update, or the updates of an update list, computed
 * from client_update_state (applicability 500) and the newest scan state (501) when the report runs.
 */
import { TopicType, UpdateApplicability as A } from '../../../shared/state-ids'
import type { SiteContext } from '../runtime/site-context'
import { bars, col, donut, pct, type Built, type Input } from './charts'
import {
  applicabilityMap,
  collectionsWithMembers,
  newestStateByClient,
  scopeClients,
  updateLists,
} from './data'

/** Compliance of clients against a set of updates (null = every update): compliant, non-compliant, unknown. */
function complianceOf(
  clients: number[],
  app: Map<number, Map<string, number>>,
  scanned: Map<number, number>,
  updateIds: string[] | null,
) {
  let compliant = 0
  let nonCompliant = 0
  let unknown = 0
  for (const c of clients) {
    const states = app.get(c)
    if (!scanned.has(c) && !states) {
      unknown++
      continue
    }
    const ids = updateIds ?? [...(states?.keys() ?? [])]
    if (ids.some((u) => states?.get(u) === A.Required)) nonCompliant++
    else compliant++
  }
  return { compliant, nonCompliant, unknown }
}

/** Per collection: clients compliant with every update (or the chosen list), non-compliant, never scanned. */
export async function complianceByCollection(ctx: SiteContext, input: Input): Promise<Built> {
  const db = ctx.db
  const cols = await collectionsWithMembers(db, input.collectionId)
  const app = await applicabilityMap(db)
  const scanned = await newestStateByClient(db, TopicType.UpdateScanState)
  const list = input.updateListId ? (await updateLists(db, input.updateListId))[0]!.updateIds : null
  const rows = cols.map((c) => {
    const x = complianceOf(c.members, app, scanned, list)
    return {
      collectionId: c.id,
      collection: c.name,
      clients: c.members.length,
      compliant: x.compliant,
      nonCompliant: x.nonCompliant,
      unknown: x.unknown,
      percentCompliant: pct(x.compliant, c.members.length),
    }
  })
  return {
    columns: [
      col('collectionId', 'Collection ID'),
      col('collection', 'Collection'),
      col('clients', 'Clients', true),
      col('compliant', 'Compliant', true),
      col('nonCompliant', 'Non-compliant', true),
      col('unknown', 'Unknown', true),
      col('percentCompliant', '% Compliant', true),
    ],
    rows,
    chart: bars('Clients by compliance', rows, (r) => r.collection, [
      ['compliant', 'Compliant'],
      ['nonCompliant', 'Non-compliant'],
      ['unknown', 'Unknown'],
    ]),
  }
}

/** Per update: clients installed, required, not required and unknown; most required first. */
export async function complianceByUpdate(ctx: SiteContext, input: Input): Promise<Built> {
  const db = ctx.db
  const clients = (await scopeClients(db, input.collectionId)).map((c) => c.id)
  const inScope = new Set(clients)
  const app = await applicabilityMap(db)
  let ids: string[]
  if (input.updateListId) ids = (await updateLists(db, input.updateListId))[0]!.updateIds
  else {
    const seen = new Set<string>()
    for (const [r, m] of app) if (inScope.has(r)) for (const u of m.keys()) seen.add(u)
    ids = [...seen]
  }
  const meta = ids.length
    ? await db
        .selectFrom('software_update')
        .select(['id', 'title', 'kb', 'package'])
        .where('id', 'in', ids)
        .execute()
    : []
  const rows = ids.map((u) => {
    const n = { installed: 0, required: 0, notRequired: 0 }
    for (const c of clients) {
      const s = app.get(c)?.get(u)
      if (s === A.Installed) n.installed++
      else if (s === A.Required) n.required++
      else if (s === A.NotRequired) n.notRequired++
    }
    const m = meta.find((x) => x.id === u)
    const unknown = clients.length - n.installed - n.required - n.notRequired
    return {
      updateId: u,
      title: m?.title ?? '',
      kb: m?.kb ?? '',
      package: m?.package ?? '',
      ...n,
      unknown,
      percentCompliant: pct(n.installed + n.notRequired, clients.length),
    }
  })
  rows.sort((a, b) => b.required - a.required || a.updateId.localeCompare(b.updateId))
  const top = rows.slice(0, 20)
  return {
    columns: [
      col('updateId', 'Update ID'),
      col('title', 'Title'),
      col('kb', 'KB'),
      col('package', 'Package'),
      col('installed', 'Installed', true),
      col('required', 'Required', true),
      col('notRequired', 'Not required', true),
      col('unknown', 'Unknown', true),
      col('percentCompliant', '% Compliant', true),
    ],
    rows,
    chart: bars('Most required updates', top, (r) => r.kb || r.package || r.updateId, [
      ['installed', 'Installed'],
      ['required', 'Required'],
      ['notRequired', 'Not required'],
      ['unknown', 'Unknown'],
    ]),
  }
}

/** Per update list: clients needing none of its updates, some, or never scanned. */
export async function complianceByUpdateList(ctx: SiteContext, input: Input): Promise<Built> {
  const db = ctx.db
  const lists = await updateLists(db, input.updateListId)
  const clients = (await scopeClients(db, input.collectionId)).map((c) => c.id)
  const app = await applicabilityMap(db)
  const scanned = await newestStateByClient(db, TopicType.UpdateScanState)
  const rows = lists.map((l) => {
    const x = complianceOf(clients, app, scanned, l.updateIds)
    return {
      updateListId: l.id,
      updateList: l.name,
      updates: l.updateIds.length,
      clients: clients.length,
      compliant: x.compliant,
      nonCompliant: x.nonCompliant,
      unknown: x.unknown,
      percentCompliant: pct(x.compliant, clients.length),
    }
  })
  const sum = (k: 'compliant' | 'nonCompliant' | 'unknown') => rows.reduce((a, r) => a + r[k], 0)
  return {
    columns: [
      col('updateListId', 'Update list ID'),
      col('updateList', 'Update list'),
      col('updates', 'Updates', true),
      col('clients', 'Clients', true),
      col('compliant', 'Compliant', true),
      col('nonCompliant', 'Non-compliant', true),
      col('unknown', 'Unknown', true),
      col('percentCompliant', '% Compliant', true),
    ],
    rows,
    chart: donut(
      'Clients by compliance',
      new Map([
        ['Compliant', sum('compliant')],
        ['Non-compliant', sum('nonCompliant')],
        ['Unknown', sum('unknown')],
      ]),
    ),
  }
}
