/**
 * `patchbay deploy …` (software update deployments on the durable job engine and their update runs'
 * logs) and `patchbay state list` (state messages).
 */
import { Command, Option } from 'commander'
import type { Transport } from '../../shared/contract'
import type { DeployLogLineDto, DeploymentDto, DeploymentStatusDto } from '../../shared/dto/deployment'
import { UsageError, output, withTransport } from './context'
import { formatTable, shortTime } from './format'
import { webhookCommand } from './webhook'
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
  restart?: 'machine' | 'services'
  ignoreWindows?: boolean
  batch?: string
  failureThreshold?: string
  runName?: string
  duration?: string
  clients?: string
}

/** A run log line as the CLI prints it. */
export const logLineText = (l: DeployLogLineDto) => {
  const what = l.update.kb || l.update.package || l.update.id
  const lines = l.text.split('\n')
  const head = `${l.time}  ${l.runName}  ${l.computer}${what ? `  [${what}]` : ''}  ${lines[0]}`
  return [head, ...lines.slice(1).map((x) => `    ${x}`)].join('\n')
}

/** Run fields given on the command line (name, duration limit, computer list by name). */
async function runFields(t: Transport, opts: Pick<CreateOptions, 'runName' | 'duration' | 'clients'>) {
  return {
    ...(opts.runName ? { runName: opts.runName } : {}),
    ...(opts.duration ? { durationMinutes: parseInteger('--duration', opts.duration, 1, 10_080) } : {}),
    ...(opts.clients
      ? { resourceIds: (await resolveClients(t, splitList(opts.clients))).map((c) => c.id) }
      : {}),
  }
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

async function runAndMaybeWait(
  t: Transport,
  id: string,
  wait: boolean,
  retry = false,
  fields: Awaited<ReturnType<typeof runFields>> = {},
) {
  const r = retry
    ? await t.invoke('deploy:retry', {
        id,
        ...(fields.resourceIds ? { resourceIds: fields.resourceIds } : {}),
      })
    : await t.invoke('deploy:run', { id, start: wait, ...fields })
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
    .addOption(
      new Option(
        '--restart <what>',
        'Linux: when an install leaves only services on outdated libraries, restart those services (services) or nothing (machine, the default)',
      ).choices(['machine', 'services']),
    )
    .option('--ignore-windows', 'ignore maintenance windows (install at any time)')
    .option('--batch <n|n%>', 'rolling batches: N clients or N% at a time')
    .option('--failure-threshold <n>', 'stop once more than N clients failed')
    .option('--run-name <name>', 'name of its update runs (searchable in `deploy logs --run`)')
    .option('--duration <minutes>', 'duration limit of a run: clients not started by then are not started')
    .option('--clients <names>', 'only these computers of the collection, comma-separated')
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
        const run = await runFields(t, opts)
        return t.invoke('deploy:create', {
          name: opts.name,
          collectionId: collection.id,
          updateIds: opts.updates ? splitList(opts.updates) : [],
          updateListId,
          availableAt: opts.available ?? null,
          deadline: opts.deadline ?? null,
          settings: {
            ...(opts.reboot ? { reboot: opts.reboot } : {}),
            ...(opts.restart ? { restart: opts.restart } : {}),
            ...(opts.ignoreWindows ? { maintenanceWindows: 'ignore' as const } : {}),
            ...(batch?.endsWith('%')
              ? { batchPercent: Number(batch.slice(0, -1)) }
              : batch
                ? { batchSize: Number(batch) }
                : {}),
            ...(opts.failureThreshold
              ? { failureThreshold: parseInteger('--failure-threshold', opts.failureThreshold, 0, 1_000_000) }
              : {}),
            ...run,
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
  type RunOpts = { wait?: boolean; client?: string } & Pick<CreateOptions, 'runName' | 'duration' | 'clients'>
  const runLike = (name: string, what: string, retry: boolean) => {
    const c = deploy
      .command(`${name} <id>`)
      .description(what)
      .option('--wait', 'run it in this process until it ends (otherwise a running console picks it up)')
    if (!retry)
      c.option('--run-name <name>', 'name of this update run (default: the deployment’s run name or name)')
        .option('--duration <minutes>', 'duration limit: clients not started by then are not started')
        .option('--clients <names>', 'only these computers of the collection, comma-separated')
    else c.option('--client <names>', 'retry only these clients of the current run, comma-separated')
    c.action(async (id: string, opts: RunOpts, cmd: Command) => {
      const r = await withTransport(cmd, async (t) =>
        runAndMaybeWait(
          t,
          id,
          opts.wait === true,
          retry,
          await runFields(t, retry ? { clients: opts.client } : opts),
        ),
      )
      output(
        cmd,
        r,
        () =>
          `Deployment ${r.deploymentId}: job ${r.jobId} ${r.state}${'runName' in r ? ` (run "${r.runName}")` : ''}.`,
      )
      if (opts.wait && r.state !== 'succeeded') process.exitCode = 1
    })
  }
  runLike('run', 'run (or resume) a deployment', false)
  runLike('retry', 'run the failed and cancelled clients of a deployment again', true)
  deploy
    .command('runs [id]')
    .description('update runs (of one deployment): name, duration limit, computers and state')
    .action(async (id: string | undefined, _o, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('deploy:runs', { deploymentId: id }))
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'Job', value: (r) => r.jobId, right: true },
          { header: 'Deployment', value: (r) => r.deploymentId },
          { header: 'Run name', value: (r) => r.name },
          { header: 'Started', value: (r) => shortTime(r.startedAt) },
          { header: 'Limit', value: (r) => (r.durationMinutes ? `${r.durationMinutes} min` : '') },
          { header: 'Computers', value: (r) => (r.resourceIds.length ? r.resourceIds.length : 'all') },
          { header: 'State', value: (r) => r.state },
        ]),
      )
    })
  deploy
    .command('logs')
    .description('per-computer update run logs: commands, output, state changes, restarts')
    .option('--run <name>', 'one run, by name')
    .option('--deployment <id>', 'one deployment')
    .option('--client <name>', 'one computer')
    .option('--search <text>', 'text in the KB, package, update title, computer or line')
    .option('--limit <n>', 'at most N lines (the newest)', '1000')
    .option('--follow', 'keep printing new lines as they are written (Ctrl+C to stop)')
    .action(
      async (
        opts: {
          run?: string
          deployment?: string
          client?: string
          search?: string
          limit: string
          follow?: boolean
        },
        cmd: Command,
      ) => {
        const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true
        const limit = parseInteger('--limit', opts.limit, 1, 100_000)
        await withTransport(cmd, async (t) => {
          const query = {
            runName: opts.run,
            deploymentId: opts.deployment,
            resourceId: opts.client ? (await resolveClients(t, [opts.client]))[0]!.id : undefined,
            text: opts.search,
          }
          const rows = await t.invoke('deploy:logs', { ...query, limit })
          if (!opts.follow) {
            output(cmd, rows, () => rows.map(logLineText).join('\n') || 'No log lines match.')
            return
          }
          const print = (ls: DeployLogLineDto[]) => {
            for (const l of ls) process.stdout.write(`${json ? JSON.stringify(l) : logLineText(l)}\n`)
          }
          print(rows)
          let after = rows.length ? rows[rows.length - 1]!.id : 0
          if (!rows.length) {
            const newest = await t.invoke('deploy:logs', { limit: 1 })
            after = newest[0]?.id ?? 0
          }
          let stop = false
          process.once('SIGINT', () => (stop = true))
          process.once('SIGTERM', () => (stop = true))
          while (!stop) {
            await new Promise((r) => setTimeout(r, 1000))
            const more = await t.invoke('deploy:logs', { ...query, afterId: after, limit: 10_000 })
            print(more)
            if (more.length) after = more[more.length - 1]!.id
          }
        })
      },
    )
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
  deploy.addCommand(webhookCommand())
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
