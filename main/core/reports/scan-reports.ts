/** Scan-state reports (Scan 1 by collection, Scan 2 by site) and the update agent versions clients reported. */
import { stateNameOf } from '../../../shared/state-names'
import { TopicType } from '../../../shared/state-ids'
import type { SiteContext } from '../runtime/site-context'
import { col, donut, pct, tally, type Built, type Input, type Row } from './charts'
import { collectionsWithMembers, newestStateByClient, scopeClients, type ScopeClient } from './data'

const scanLabel = (scans: Map<number, number>, id: number) => {
  const s = scans.get(id) ?? 0
  return { stateId: s, state: stateNameOf(TopicType.UpdateScanState, s) }
}

/** Scan 1: per collection, clients by the state of their newest update scan (TopicType 501). */
export async function scanByCollection(ctx: SiteContext, input: Input): Promise<Built> {
  const db = ctx.db
  const cols = await collectionsWithMembers(db, input.collectionId)
  const scans = await newestStateByClient(db, TopicType.UpdateScanState)
  const rows: Row[] = []
  const states = new Set<string>()
  for (const c of cols) {
    const by = tally(c.members.map((m) => JSON.stringify(scanLabel(scans, m))))
    for (const [k, n] of [...by].sort()) {
      const { stateId, state } = JSON.parse(k) as { stateId: number; state: string }
      states.add(state)
      rows.push({
        collectionId: c.id,
        collection: c.name,
        stateId,
        state,
        clients: n,
        percent: pct(n, c.members.length),
      })
    }
  }
  const labels = cols.map((c) => c.name)
  return {
    columns: [
      col('collectionId', 'Collection ID'),
      col('collection', 'Collection'),
      col('stateId', 'State ID', true),
      col('state', 'Last scan state'),
      col('clients', 'Clients', true),
      col('percent', '% of collection', true),
    ],
    rows,
    chart: {
      kind: 'bars',
      title: 'Clients by last scan state',
      labels,
      series: [...states].sort().map((s) => ({
        name: s,
        values: cols.map((c) =>
          Number(rows.find((r) => r.collectionId === c.id && r.state === s)?.clients ?? 0),
        ),
      })),
    },
  }
}

/** Scan 2: for the site, clients by the state of their newest update scan (TopicType 501). */
export async function scanBySite(ctx: SiteContext): Promise<Built> {
  const db = ctx.db
  const clients = await scopeClients(db)
  const scans = await newestStateByClient(db, TopicType.UpdateScanState)
  const by = tally(clients.map((c) => JSON.stringify(scanLabel(scans, c.id))))
  const rows = [...by].sort().map(([k, n]) => {
    const { stateId, state } = JSON.parse(k) as { stateId: number; state: string }
    return { site: ctx.siteCode, stateId, state, clients: n, percent: pct(n, clients.length) }
  })
  return {
    columns: [
      col('site', 'Site'),
      col('stateId', 'State ID', true),
      col('state', 'Last scan state'),
      col('clients', 'Clients', true),
      col('percent', '% of site', true),
    ],
    rows,
    chart: donut(`Site ${ctx.siteCode}: last scan states`, new Map(rows.map((r) => [r.state, r.clients]))),
  }
}

/** Per client: the update agent version its last scan reported (Unknown when none). */
export async function agentVersions(ctx: SiteContext, input: Input): Promise<Built> {
  const db = ctx.db
  const clients: ScopeClient[] = await scopeClients(db, input.collectionId)
  const rows = clients.map((c) => ({
    client: c.name,
    platform: c.platform,
    os: c.osName,
    agentVersion: c.agentVersion || 'Unknown',
    lastScan: c.lastScanAt,
  }))
  return {
    columns: [
      col('client', 'Client'),
      col('platform', 'Platform'),
      col('os', 'Operating system'),
      col('agentVersion', 'Agent version'),
      col('lastScan', 'Last scan'),
    ],
    rows,
    chart: donut('Clients by agent version', tally(rows.map((r) => r.agentVersion))),
  }
}
