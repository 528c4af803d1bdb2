/**
 * Deployment reports: history and enforcement of each deployment's newest run (from its job steps and the
 * state messages they wrote), and the status of advertisements.
 */
import { stateNameOf } from '../../../shared/state-names'
import { TopicType, UpdateEnforcementState as E } from '../../../shared/state-ids'
import { membersOf } from '../collections/service'
import { DEPLOYMENT_JOB, deploymentUpdateIds } from '../deployments/rows'
import type { Db, SiteContext } from '../runtime/site-context'
import { bars, col, donut, tally, type Built, type Input, type Row } from './charts'
import { applicabilityMap, deploymentMessages } from './data'

const FAILED = new Set<number>([E.GeneralFailure, E.FailedToInstall, E.FailedToDownload])

/** The newest job of each deployment and its steps' clients. */
async function deploymentRuns(db: Db) {
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

/** Per deployment: run state and client outcomes; updates installed over time, by minute. */
export async function deploymentHistory(ctx: SiteContext, input: Input): Promise<Built> {
  const db = ctx.db
  const runs = (await deploymentRuns(db)).filter((d) => !input.deploymentId || d.id === input.deploymentId)
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

/** Per advertisement: clients targeted, received, running, succeeded and failed. */
export async function advertisementStatus(ctx: SiteContext, input: Input): Promise<Built> {
  const db = ctx.db
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

/** Per deployment: clients by their newest enforcement state (TopicType 402). */
export async function deploymentsByState(ctx: SiteContext): Promise<Built> {
  const db = ctx.db
  const runs = await deploymentRuns(db)
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

/** Per deployment, client and update: newest enforcement (402) and applicability (500) states. */
export async function enforcement(ctx: SiteContext): Promise<Built> {
  const db = ctx.db
  const runs = await deploymentRuns(db)
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
