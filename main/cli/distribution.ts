import { Command } from 'commander'
import type { Transport } from '../../shared/contract'
import type { PackageDpStatusDto } from '../../shared/dto/distribution'
import type { TaskDto } from '../../shared/dto/task'
import { globalOptions, output, withTransport } from './context'
import { formatTable, shortTime } from './format'
import { collect } from './parse'
import { requireByRef, resolvePackage } from './resolve'

/** Waits for a task to end, printing each item that finished to stderr (unless --json). */
async function waitForTask(t: Transport, start: () => Promise<TaskDto>, quiet: boolean): Promise<TaskDto> {
  let taskId = ''
  let resolveEnd: (task: TaskDto) => void = () => undefined
  const ended = new Promise<TaskDto>((r) => (resolveEnd = r))
  const off = t.on('task:progress', (e) => {
    if (e.taskId !== taskId) return
    const item = e.item
    if (!quiet && item && item.state !== 'running' && item.state !== 'queued')
      process.stderr.write(`  ${item.state.padEnd(7)} ${item.name}${item.error ? ` — ${item.error}` : ''}\n`)
    if (e.state !== 'running') void t.invoke('tasks:get', { taskId }).then(resolveEnd)
  })
  try {
    const task = await start()
    taskId = task.taskId
    const now = await t.invoke('tasks:get', { taskId })
    if (now.state !== 'running') return now
    return await ended
  } finally {
    off()
  }
}

/** The distribution points named by --dp (names or IDs); none means "every point" where the action allows it. */
async function resolvePoints(t: Transport, refs: readonly string[]): Promise<number[]> {
  if (refs.length === 0) return []
  const points = await t.invoke('distribution:points', {})
  return refs.map((ref) => requireByRef(points, ref, 'Distribution point').id)
}

/** Runs distribute / redistribute / remove and reports the points' states afterwards. */
async function act(
  cmd: Command,
  verb: 'distribute' | 'redistribute' | 'remove',
  packageRef: string,
  dps: string[],
): Promise<void> {
  const { json } = globalOptions(cmd)
  const { task, rows } = await withTransport(cmd, async (t) => {
    const pkg = await resolvePackage(t, packageRef)
    const resourceIds = await resolvePoints(t, dps)
    const done = await waitForTask(
      t,
      () => t.invoke(`distribution:${verb}`, { packageId: pkg.id, resourceIds }),
      json,
    )
    return { task: done, rows: await t.invoke('distribution:status', { packageId: pkg.id }) }
  })
  output(cmd, { task, status: rows }, () =>
    [
      task.title,
      rows.length ? statusTable(rows) : '(the package is on no distribution point)',
      task.state === 'succeeded' ? task.result : `${task.state}: ${task.error}`,
    ].join('\n'),
  )
  if (task.state !== 'succeeded') throw new Error(`${task.title}: ${task.error || task.state}`)
}

/** Package Status rows as a table. */
export function statusTable(rows: PackageDpStatusDto[]): string {
  return formatTable(rows, [
    { header: 'Package', value: (r) => r.packageId },
    { header: 'Name', value: (r) => r.packageName },
    { header: 'Distribution point', value: (r) => r.dpName },
    { header: 'State', value: (r) => r.state },
    { header: 'Updated', value: (r) => shortTime(r.updatedAt) },
    { header: 'Message', value: (r) => r.message },
  ])
}

/** `patchbay dp list|set|distribute|redistribute|remove|status`. */
export function distributionCommand(): Command {
  const dp = new Command('dp').description(
    'distribution points: place packages on them over SFTP and see where they are',
  )

  dp.command('list')
    .description('list distribution points (resources with the distribution point role)')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('distribution:points', {}))
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'ID', value: (p) => String(p.id) },
          { header: 'Name', value: (p) => p.name },
          { header: 'Address', value: (p) => `${p.address}:${p.port}` },
          { header: 'Root path', value: (p) => p.rootPath },
          { header: 'Packages', value: (p) => String(p.packages) },
          { header: 'Installed', value: (p) => String(p.installed) },
          { header: 'Failed', value: (p) => String(p.failed) },
        ]),
      )
    })

  dp.command('set')
    .description('set the folder a distribution point keeps packages in (default ~/patchbay-dp)')
    .argument('<dp>', 'distribution point name or ID')
    .requiredOption('--root <path>', 'remote folder; ~/… and relative paths are under the login home')
    .action(async (ref: string, opts: { root: string }, cmd: Command) => {
      const point = await withTransport(cmd, async (t) => {
        const [id] = await resolvePoints(t, [ref])
        return t.invoke('distribution:set-point', { resourceId: id as number, rootPath: opts.root })
      })
      output(cmd, point, () => `${point.name} keeps packages in ${point.rootPath}.`)
    })

  const withDps = (c: Command, all: string) =>
    c.option('--dp <dp>', `distribution point name or ID (repeatable; ${all})`, collect, [])

  withDps(
    dp
      .command('distribute')
      .description('copy a package to distribution points and verify every file by hash'),
    'at least one',
  )
    .argument('<package>', 'package ID or name')
    .action(async (pkg: string, opts: { dp: string[] }, cmd: Command) => act(cmd, 'distribute', pkg, opts.dp))

  withDps(
    dp
      .command('redistribute')
      .description('bring points back to the package: resume partial uploads, repair changed files'),
    'default: every point that has the package',
  )
    .argument('<package>', 'package ID or name')
    .action(async (pkg: string, opts: { dp: string[] }, cmd: Command) =>
      act(cmd, 'redistribute', pkg, opts.dp),
    )

  withDps(
    dp.command('remove').description('delete the package folder on distribution points'),
    'default: every point that has the package',
  )
    .argument('<package>', 'package ID or name')
    .action(async (pkg: string, opts: { dp: string[] }, cmd: Command) => act(cmd, 'remove', pkg, opts.dp))

  dp.command('status')
    .description(
      'package status per distribution point (Installed, Install pending, Install retrying, Failed)',
    )
    .argument('[package]', 'package ID or name (default: every package)')
    .action(async (pkg: string | undefined, _opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, async (t) =>
        t.invoke('distribution:status', { packageId: pkg ? (await resolvePackage(t, pkg)).id : undefined }),
      )
      output(cmd, rows, () => (rows.length ? statusTable(rows) : 'No package is on a distribution point.'))
    })

  return dp
}
