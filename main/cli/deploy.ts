/**
 * `patchbay deploy …` (software update deployments on the durable job engine), `patchbay state list`
 * (state messages) and `patchbay report NAME` (deployment reports as a table or CSV).
 */
import { Command, Option } from 'commander'
import type { Transport } from '../../shared/contract'
import type { DeploymentDto, DeploymentStatusDto } from '../../shared/dto/deployment'
import { UsageError, output, withTransport } from './context'
import { formatTable, shortTime } from './format'
import { parseInteger, splitList, timeParser } from './parse'
import { requireByRef, resolveClients, resolveCollection } from './resolve'

type CreateOptions = {
  updates?: string
  list?: string
  collection: string
  name?: string
  available?: string
  deadline?: string
  reboot?: 'allow' | 'suppress'
  ignoreWindows?: boolean
  batch?: string
  failureThreshold?: string
}

const deploymentTable = (rows: DeploymentDto[]) =>
  formatTable(rows, [
    { header: 'ID', value: (d) => d.id },
    { header: 'Name', value: (d) => d.name },
    { header: 'Collection', value: (d) => d.collectionName },
    { header: 'Updates', value: (d) => d.updateIds.length, right: true },
    { header: 'Available', value: (d) => shortTime(d.availableAt) },
    { header: 'Deadline', value: (d) => (d.deadline ? shortTime(d.deadline) : 'optional') },
    { header: 'Run', value: (d) => (d.jobId === null ? '' : `${d.jobId} ${d.jobState}`) },
  ])

const statusTable = (s: DeploymentStatusDto) =>
  `${s.deployment.id} ${s.deployment.name}: ${s.job ? `job ${s.job.id} ${s.job.state}${s.job.error ? ` — ${s.job.error}` : ''}` : 'not run yet'}\n` +
  formatTable(s.clients, [
    { header: 'Client', value: (c) => c.name },
    { header: 'Step', value: (c) => c.stepState },
    { header: 'StateID', value: (c) => c.enforcementStateId, right: true },
    { header: 'Enforcement state', value: (c) => c.enforcementStateName },
    { header: 'Message', value: (c) => c.message },
  ])

async function runAndMaybeWait(t: Transport, id: string, wait: boolean, retry = false) {
  const r = retry ? await t.invoke('deploy:retry', { id }) : await t.invoke('deploy:run', { id, start: wait })
  if (retry && wait) await t.invoke('deploy:run', { id, start: true })
  return wait ? t.invoke('deploy:wait', { id }) : r
}

/** `patchbay deploy`: create, list, run, status, cancel and retry software update deployments. */
export function deployCommand(): Command {
  const deploy = new Command('deploy').description('software update deployments (durable, resumable jobs)')
  deploy
    .command('create')
    .description('deploy updates (by ID) or an update list to a collection')
    .option('--updates <ids>', 'update IDs, comma-separated')
    .option('--list <name>', 'an update list, by name or ID')
    .requiredOption('--collection <name>', 'target collection, by name or ID')
    .option('--name <name>', 'deployment name')
    .option('--available <time>', 'available from (ISO 8601; default now)', timeParser('--available'))
    .option(
      '--deadline <time>',
      'deadline (ISO 8601); without one the deployment is optional',
      timeParser('--deadline'),
    )
    .addOption(
      new Option('--reboot <mode>', 'restart after installs that need it').choices(['allow', 'suppress']),
    )
    .option('--ignore-windows', 'ignore maintenance windows (install at any time)')
    .option('--batch <n|n%>', 'rolling batches: N clients or N% at a time')
    .option('--failure-threshold <n>', 'stop once more than N clients failed')
    .action(async (opts: CreateOptions, cmd: Command) => {
      if (!opts.updates === !opts.list) throw new UsageError('give exactly one of --updates or --list')
      const batch = opts.batch?.trim()
      if (batch !== undefined && !/^\d+%?$/.test(batch))
        throw new UsageError('--batch must be N or N% (e.g. 10 or 25%)')
      const d = await withTransport(cmd, async (t) => {
        const collection = await resolveCollection(t, opts.collection)
        let updateListId: string | null = null
        if (opts.list)
          updateListId = requireByRef(await t.invoke('updatelists:list', {}), opts.list, 'update list').id
        return t.invoke('deploy:create', {
          name: opts.name,
          collectionId: collection.id,
          updateIds: opts.updates ? splitList(opts.updates) : [],
          updateListId,
          availableAt: opts.available ?? null,
          deadline: opts.deadline ?? null,
          settings: {
            ...(opts.reboot ? { reboot: opts.reboot } : {}),
            ...(opts.ignoreWindows ? { maintenanceWindows: 'ignore' as const } : {}),
            ...(batch?.endsWith('%')
              ? { batchPercent: Number(batch.slice(0, -1)) }
              : batch
                ? { batchSize: Number(batch) }
                : {}),
            ...(opts.failureThreshold
              ? { failureThreshold: parseInteger('--failure-threshold', opts.failureThreshold, 0, 1_000_000) }
              : {}),
          },
        })
      })
      output(
        cmd,
        d,
        () =>
          `Created deployment ${d.id} (${d.name}) of ${d.updateIds.length} update(s) to ${d.collectionName}.`,
      )
    })
  deploy
    .command('list')
    .description('list deployments')
    .action(async (_o, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('deploy:list', {}))
      output(cmd, rows, () => deploymentTable(rows))
    })
  const runLike = (name: string, what: string, retry: boolean) =>
    deploy
      .command(`${name} <id>`)
      .description(what)
      .option('--wait', 'run it in this process until it ends (otherwise a running console picks it up)')
      .action(async (id: string, opts: { wait?: boolean }, cmd: Command) => {
        const r = await withTransport(cmd, (t) => runAndMaybeWait(t, id, opts.wait === true, retry))
        output(cmd, r, () => `Deployment ${r.deploymentId}: job ${r.jobId} ${r.state}.`)
        if (opts.wait && r.state !== 'succeeded') process.exitCode = 1
      })
  runLike('run', 'run (or resume) a deployment', false)
  runLike('retry', 'run the failed and cancelled clients of a deployment again', true)
  deploy
    .command('cancel <id>')
    .description('cancel a deployment’s running job')
    .action(async (id: string, _o, cmd: Command) => {
      const r = await withTransport(cmd, (t) => t.invoke('deploy:cancel', { id }))
      output(cmd, r, () => `Deployment ${r.deploymentId}: job ${r.jobId} ${r.state}.`)
    })
  deploy
    .command('status <id>')
    .description('per client: step state and enforcement state (TopicType 402) with its name')
    .action(async (id: string, _o, cmd: Command) => {
      const s = await withTransport(cmd, (t) => t.invoke('deploy:status', { id }))
      output(cmd, s, () => statusTable(s))
    })
  return deploy
}

/** `patchbay state list`: state messages, newest first. */
export function stateCommand(): Command {
  const state = new Command('state').description('state messages (TopicType / StateID)')
  state
    .command('list')
    .description('list state messages, newest first')
    .option('--client <name>', 'one client')
    .option('--topic <n>', 'one topic type (300, 301, 302, 402, 500, 501)')
    .option('--update <id>', 'one update')
    .option('--limit <n>', 'at most N messages', '1000')
    .action(
      async (opts: { client?: string; topic?: string; update?: string; limit: string }, cmd: Command) => {
        const rows = await withTransport(cmd, async (t) => {
          const resourceId = opts.client ? (await resolveClients(t, [opts.client]))[0]!.id : null
          return t.invoke('state:list', {
            resourceId,
            topicType: opts.topic ? parseInteger('--topic', opts.topic, 0, 100_000) : null,
            updateId: opts.update ?? null,
            limit: parseInteger('--limit', opts.limit, 1, 100_000),
          })
        })
        output(cmd, rows, () =>
          formatTable(rows, [
            { header: 'Time', value: (m) => shortTime(m.time) },
            { header: 'Client', value: (m) => m.resourceName },
            { header: 'Topic', value: (m) => m.topicType, right: true },
            { header: 'StateID', value: (m) => m.stateId, right: true },
            { header: 'State', value: (m) => m.stateName },
            { header: 'Update', value: (m) => m.updateId },
          ]),
        )
      },
    )
  return state
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Reports: `deployments` (each deployment's clients by enforcement state) and `enforcement` (per client and update). */
export function reportCommand(): Command {
  return new Command('report')
    .description('reports: deployments | enforcement')
    .argument(
      '<name>',
      'deployments (per deployment: clients per enforcement state) or enforcement (per client and update)',
    )
    .option('--csv', 'comma-separated values with a header row')
    .action(async (name: string, opts: { csv?: boolean }, cmd: Command) => {
      if (!['deployments', 'enforcement'].includes(name))
        throw new UsageError(`unknown report "${name}": use deployments or enforcement`)
      const rows = await withTransport(cmd, async (t) => {
        const out: Record<string, string | number | null>[] = []
        for (const d of await t.invoke('deploy:list', {})) {
          const s = await t.invoke('deploy:status', { id: d.id })
          if (name === 'deployments') {
            const by = new Map<string, number>()
            for (const c of s.clients)
              by.set(
                c.enforcementStateName || 'No state yet',
                (by.get(c.enforcementStateName || 'No state yet') ?? 0) + 1,
              )
            for (const [state, n] of by)
              out.push({ deployment: d.id, name: d.name, job: s.job?.state ?? 'not run', state, clients: n })
          } else
            for (const c of s.clients)
              for (const u of c.updates)
                out.push({
                  deployment: d.id,
                  client: c.name,
                  update: u.updateId,
                  stateId: u.enforcementStateId,
                  state: u.enforcementStateName,
                  applicability: u.applicabilityStateId,
                })
        }
        return out
      })
      if (opts.csv) {
        const cols = Object.keys(rows[0] ?? {})
        process.stdout.write(
          [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n',
        )
        return
      }
      output(cmd, rows, () => {
        const cols = Object.keys(rows[0] ?? { report: '' })
        return formatTable(
          rows,
          cols.map((c) => ({ header: c, value: (r: Record<string, string | number | null>) => r[c] })),
        )
      })
    })
}
