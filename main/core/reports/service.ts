/**
 * The Reporting node: compliance by collection, update and update list; scan states by
 * collection (Scan 1) and by site (Scan 2); WUA/agent versions; deployment history; advertisement status;
 * and the deployment/enforcement tables `patchbay report` always had. Every number is computed when the
 * report runs, from state messages and client_update_state (no summarization cycle).
 */
import type { z } from 'zod'
import type {
  ReportChartDto,
  ReportInfoDto,
  ReportName,
  ReportResultDto,
  reportRunInput,
} from '../../../shared/dto/report'
import { stateNameOf } from '../../../shared/state-names'
import { TopicType, UpdateApplicability as A, UpdateEnforcementState as E } from '../../../shared/state-ids'
import { membersOf } from '../collections/service'
import { DEPLOYMENT_JOB, deploymentUpdateIds } from '../deployments/rows'
import {
  applicabilityMap,
  collectionsWithMembers,
  deploymentMessages,
  newestStateByClient,
  scopeClients,
  updateLists,
  type ScopeClient,
} from './data'
import type { SiteContext } from '../runtime/site-context'

type Row = Record<string, string | number | null>
type Column = { id: string; label: string; numeric?: boolean }
type Built = { columns: Column[]; rows: Row[]; chart: ReportChartDto }
type Input = z.output<typeof reportRunInput>

/** The reports, as listed by `reports:list`. */
export const reportInfos: ReportInfoDto[] = [
  {
    name: 'compliance-by-collection',
    title: 'Compliance by collection',
    description: 'Per collection: clients with no required update, with some, and never scanned',
    chart: 'bars',
  },
  {
    name: 'compliance-by-update',
    title: 'Compliance by update',
    description: 'Per update: clients installed, required, not required and unknown',
    chart: 'bars',
  },
  {
    name: 'compliance-by-update-list',
    title: 'Compliance by update list',
    description: 'Per update list: clients needing none of its updates, some, or never scanned',
    chart: 'donut',
  },
  {
    name: 'scan-states-by-collection',
    title: 'Scan 1 – Last scan states by collection',
    description: 'Per collection: clients by the state of their last update scan (TopicType 501)',
    chart: 'bars',
  },
  {
    name: 'scan-states-by-site',
    title: 'Scan 2 – Last scan states by site',
    description: 'Per site: clients by the state of their last update scan (TopicType 501)',
    chart: 'donut',
  },
  {
    name: 'agent-versions',
    title: 'Windows Update Agent / agent versions',
    description: 'Per client: the update agent version its last scan reported',
    chart: 'donut',
  },
  {
    name: 'deployment-history',
    title: 'Deployment history',
    description: 'Per deployment: created, state and client counts; updates installed over time',
    chart: 'line',
  },
  {
    name: 'advertisement-status',
    title: 'Advertisement status',
    description: 'Per advertisement: targeted, received, running, succeeded and failed clients',
    chart: 'bars',
  },
  {
    name: 'deployments',
    title: 'Deployments by enforcement state',
    description: 'Per deployment: clients by their newest enforcement state (TopicType 402)',
    chart: 'bars',
  },
  {
    name: 'enforcement',
    title: 'Enforcement per client and update',
    description: 'Per deployment, client and update: enforcement (402) and applicability (500) states',
    chart: 'donut',
  },
]

const pct = (n: number, of: number) => (of ? Math.round((n * 1000) / of) / 10 : 0)
const col = (id: string, label: string, numeric = false): Column => ({ id, label, numeric })
const FAILED = new Set<number>([E.GeneralFailure, E.FailedToInstall, E.FailedToDownload])

/** Counts per label, in first-seen order. */
function tally(labels: string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1)
  return m
}

function donut(title: string, counts: Map<string, number>): ReportChartDto {
  return {
    kind: 'donut',
    title,
    labels: [...counts.keys()],
    series: [{ name: title, values: [...counts.values()] }],
  }
}

/** A stacked bar chart: one bar per row, one series per numeric field, named as given. */
function bars<R>(
  title: string,
  rows: R[],
  label: (r: R) => string,
  series: Array<[keyof R, string]>,
): ReportChartDto {
  return {
    kind: 'bars',
    title,
    labels: rows.map(label),
    series: series.map(([key, name]) => ({ name, values: rows.map((r) => Number(r[key])) })),
  }
}

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

/** The reports service over one site. */
export function createReportsService(ctx: SiteContext) {
  const db = ctx.db

  async function complianceByCollection(input: Input): Promise<Built> {
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

  async function complianceByUpdate(input: Input): Promise<Built> {
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

  async function complianceByUpdateList(input: Input): Promise<Built> {
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

  const scanLabel = (scans: Map<number, number>, id: number) => {
    const s = scans.get(id) ?? 0
    return { stateId: s, state: stateNameOf(TopicType.UpdateScanState, s) }
  }

  async function scanByCollection(input: Input): Promise<Built> {
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

  async function scanBySite(): Promise<Built> {
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

  async function agentVersions(input: Input): Promise<Built> {
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

  /** The newest job of each deployment and its steps' clients. */
  async function deploymentRuns() {
    const deps = await db
      .selectFrom('deployment')
      .innerJoin('collection', 'collection.id', 'deployment.collection_id')
      .select([
        'deployment.id',
        'deployment.name',
        'deployment.collection_id',
        'collection.name as collection_name',
        'deployment.created_at',
        'deployment.available_at',
        'deployment.deadline',
      ])
      .orderBy('deployment.id')
      .execute()
    const jobs = await db
      .selectFrom('job')
      .select(['id', 'object_id', 'state'])
      .where('kind', '=', DEPLOYMENT_JOB)
      .orderBy('id')
      .execute()
    const out = []
    for (const d of deps) {
      const job = jobs.filter((j) => j.object_id === d.id).pop()
      const clients = job
        ? (
            await db
              .selectFrom('job_step')
              .innerJoin('resource', 'resource.id', 'job_step.resource_id')
              .select(['resource.id', 'resource.name'])
              .where('job_step.job_id', '=', Number(job.id))
              .orderBy('resource.name')
              .execute()
          ).map((r) => ({ id: Number(r.id), name: r.name }))
        : (await membersOf(db, d.collection_id)).map((m) => ({ id: m.id, name: m.name }))
      out.push({ ...d, jobState: job?.state ?? 'not run', clients })
    }
    return out
  }

  async function deploymentHistory(input: Input): Promise<Built> {
    const runs = (await deploymentRuns()).filter((d) => !input.deploymentId || d.id === input.deploymentId)
    const msgs = await deploymentMessages(db, input.deploymentId)
    const rows = runs.map((d) => {
      const mine = msgs.filter((m) => m.deploymentId === d.id)
      const n = { succeeded: 0, failed: 0, inProgress: 0, noState: 0 }
      for (const c of d.clients) {
        const ofC = mine.filter((m) => m.resourceId === c.id)
        const enf = ofC.filter((m) => m.topicType === TopicType.UpdateEnforcementState)
        const lastEnf = enf.length ? enf[enf.length - 1]!.stateId : null
        const compliance = ofC.filter((m) => m.topicType === TopicType.UpdateListCompliance)
        const compliant = compliance.length ? compliance[compliance.length - 1]!.stateId === 1 : false
        if (lastEnf !== null && FAILED.has(lastEnf)) n.failed++
        else if (lastEnf === E.Installed || (lastEnf === null && compliant)) n.succeeded++
        else if (lastEnf !== null) n.inProgress++
        else n.noState++
      }
      return {
        deployment: d.id,
        name: d.name,
        collection: d.collection_name,
        created: d.created_at,
        available: d.available_at,
        deadline: d.deadline,
        state: d.jobState,
        clients: d.clients.length,
        ...n,
        firstMessage: mine[0]?.time ?? null,
        lastMessage: mine[mine.length - 1]?.time ?? null,
      }
    })
    // Progress over time: updates (client × update) reaching "Successfully installed", per deployment, by minute.
    const installed = msgs.filter(
      (m) => m.topicType === TopicType.UpdateEnforcementState && m.stateId === E.Installed,
    )
    const minute = (t: string) => `${t.slice(0, 16)}:00.000Z`
    const labels = [...new Set(installed.map((m) => minute(m.time)))].sort()
    const shown = runs.slice(-8)
    return {
      columns: [
        col('deployment', 'Deployment'),
        col('name', 'Name'),
        col('collection', 'Collection'),
        col('created', 'Created'),
        col('available', 'Available'),
        col('deadline', 'Deadline'),
        col('state', 'Run state'),
        col('clients', 'Clients', true),
        col('succeeded', 'Succeeded', true),
        col('failed', 'Failed', true),
        col('inProgress', 'In progress', true),
        col('noState', 'No state yet', true),
        col('firstMessage', 'First state message'),
        col('lastMessage', 'Last state message'),
      ],
      rows,
      chart: {
        kind: 'line',
        title: 'Updates installed over time',
        labels,
        series: shown.map((d) => {
          const times = installed.filter((m) => m.deploymentId === d.id).map((m) => minute(m.time))
          return { name: `${d.id} ${d.name}`, values: labels.map((l) => times.filter((t) => t <= l).length) }
        }),
      },
    }
  }

  async function advertisementStatus(input: Input): Promise<Built> {
    let q = db
      .selectFrom('advertisement')
      .innerJoin('collection', 'collection.id', 'advertisement.collection_id')
      .select([
        'advertisement.id',
        'advertisement.name',
        'advertisement.program_name',
        'advertisement.collection_id',
        'collection.name as collection_name',
      ])
      .orderBy('advertisement.id')
    if (input.collectionId) q = q.where('advertisement.collection_id', '=', input.collectionId)
    const ads = await q.execute()
    const status = await db.selectFrom('advertisement_status').select(['advertisement_id', 'state']).execute()
    const rows: {
      advertisement: string
      name: string
      program: string
      collection: string
      targeted: number
      received: number
      running: number
      succeeded: number
      failed: number
    }[] = []
    for (const a of ads) {
      const mine = status.filter((s) => s.advertisement_id === a.id)
      const n = (s: string) => mine.filter((m) => m.state === s).length
      rows.push({
        advertisement: a.id,
        name: a.name,
        program: a.program_name,
        collection: a.collection_name,
        targeted: (await membersOf(db, a.collection_id)).length,
        received: mine.length,
        running: n('Running'),
        succeeded: n('Succeeded'),
        failed: n('Failed'),
      })
    }
    return {
      columns: [
        col('advertisement', 'Advertisement'),
        col('name', 'Name'),
        col('program', 'Program'),
        col('collection', 'Collection'),
        col('targeted', 'Targeted', true),
        col('received', 'Received', true),
        col('running', 'Running', true),
        col('succeeded', 'Succeeded', true),
        col('failed', 'Failed', true),
      ],
      rows,
      chart: bars('Clients by advertisement status', rows, (r) => r.name, [
        ['succeeded', 'Succeeded'],
        ['failed', 'Failed'],
        ['running', 'Running'],
      ]),
    }
  }

  /** Per deployment and client: the newest 402 of the deployment (optionally of one update). */
  const newestEnforcement = (
    msgs: Awaited<ReturnType<typeof deploymentMessages>>,
    dep: string,
    rid: number,
    updateId?: string,
  ) => {
    const m = msgs.filter(
      (x) =>
        x.deploymentId === dep &&
        x.resourceId === rid &&
        x.topicType === TopicType.UpdateEnforcementState &&
        (updateId === undefined || x.updateId === updateId),
    )
    return m.length ? m[m.length - 1]!.stateId : null
  }

  async function deploymentsByState(): Promise<Built> {
    const runs = await deploymentRuns()
    const msgs = await deploymentMessages(db)
    const rows: Row[] = []
    for (const d of runs) {
      const by = tally(
        d.clients.map((c) => {
          const s = newestEnforcement(msgs, d.id, c.id)
          return s === null ? 'No state yet' : stateNameOf(TopicType.UpdateEnforcementState, s)
        }),
      )
      for (const [state, n] of by)
        rows.push({ deployment: d.id, name: d.name, job: d.jobState, state, clients: n })
    }
    const states = [...new Set(rows.map((r) => String(r.state)))]
    return {
      columns: [
        col('deployment', 'Deployment'),
        col('name', 'Name'),
        col('job', 'Run state'),
        col('state', 'Enforcement state'),
        col('clients', 'Clients', true),
      ],
      rows,
      chart: {
        kind: 'bars',
        title: 'Clients by enforcement state',
        labels: runs.map((d) => d.id),
        series: states.map((s) => ({
          name: s,
          values: runs.map((d) =>
            Number(rows.find((r) => r.deployment === d.id && r.state === s)?.clients ?? 0),
          ),
        })),
      },
    }
  }

  async function enforcement(): Promise<Built> {
    const runs = await deploymentRuns()
    const msgs = await deploymentMessages(db)
    const app = await applicabilityMap(db)
    const rows: Row[] = []
    for (const d of runs) {
      const updates = await deploymentUpdateIds(db, d.id)
      for (const c of d.clients)
        for (const u of updates) {
          const s = newestEnforcement(msgs, d.id, c.id, u)
          rows.push({
            deployment: d.id,
            client: c.name,
            update: u,
            stateId: s,
            state: s === null ? '' : stateNameOf(TopicType.UpdateEnforcementState, s),
            applicability: app.get(c.id)?.get(u) ?? null,
          })
        }
    }
    return {
      columns: [
        col('deployment', 'Deployment'),
        col('client', 'Client'),
        col('update', 'Update'),
        col('stateId', 'State ID', true),
        col('state', 'Enforcement state'),
        col('applicability', 'Applicability', true),
      ],
      rows,
      chart: donut('Updates by enforcement state', tally(rows.map((r) => String(r.state || 'No state yet')))),
    }
  }

  const builders: Record<ReportName, (input: Input) => Promise<Built>> = {
    'compliance-by-collection': complianceByCollection,
    'compliance-by-update': complianceByUpdate,
    'compliance-by-update-list': complianceByUpdateList,
    'scan-states-by-collection': scanByCollection,
    'scan-states-by-site': scanBySite,
    'agent-versions': agentVersions,
    'deployment-history': deploymentHistory,
    'advertisement-status': advertisementStatus,
    deployments: deploymentsByState,
    enforcement,
  }

  return {
    list: () => reportInfos,
    /** Runs one report now. */
    async run(input: Input): Promise<ReportResultDto> {
      const info = reportInfos.find((r) => r.name === input.name)!
      const built = await builders[input.name](input)
      return {
        name: info.name,
        title: info.title,
        generatedAt: ctx.now(),
        columns: built.columns.map((c) => ({ id: c.id, label: c.label, numeric: c.numeric ?? false })),
        rows: built.rows,
        chart: built.chart,
      }
    },
  }
}

/** The reports service's type. */
export type ReportsService = ReturnType<typeof createReportsService>
