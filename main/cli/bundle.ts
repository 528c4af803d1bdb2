import { setMaxListeners } from 'node:events'
import { Command } from 'commander'
import type { EventPayload, Transport } from '../../shared/contract'
import type { TaskDto } from '../../shared/dto/task'
import { checkBundle } from '../core/bundles/import'
import { output, siteLocation, withTransport } from './context'

const abs = (p: string) => siteLocation(p) ?? p

/** A one-line progress display on stderr (only when it is a terminal). */
export function progressLine(): { update(text: string): void; end(): void } {
  const tty = process.stderr.isTTY === true
  let shown = false
  return {
    update(text) {
      if (!tty) return
      process.stderr.write(`\r\x1b[K${text}`)
      shown = true
    },
    end() {
      if (tty && shown) process.stderr.write('\r\x1b[K')
      shown = false
    },
  }
}

/** Human size. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / (1 << 20)).toFixed(1)} MB`
}

/** Starts a task, shows its progress on stderr and answers it when it has ended (Ctrl+C cancels it). */
export async function runTask(t: Transport, start: () => Promise<TaskDto>): Promise<TaskDto> {
  return (await runOptionalTask(t, start)) as TaskDto
}

/** Like runTask, for a call that may start no task (answers null then). */
export async function runOptionalTask(
  t: Transport,
  start: () => Promise<TaskDto | null>,
): Promise<TaskDto | null> {
  setMaxListeners(0)
  const line = progressLine()
  let taskId: string | undefined
  let finish: () => void = () => {}
  const finished = new Promise<void>((resolve) => (finish = resolve))
  const early: Array<EventPayload<'task:progress'>> = []
  const onEvent = (e: EventPayload<'task:progress'>) => {
    if (taskId === undefined) return void early.push(e)
    if (e.taskId !== taskId) return
    line.update(`${e.title}: ${e.done} of ${e.total} files, ${bytes(e.bytesDone)} of ${bytes(e.bytesTotal)}`)
    if (e.state !== 'running') finish()
  }
  const off = t.on('task:progress', onEvent)
  const cancel = () => {
    if (taskId) void t.invoke('tasks:cancel', { taskId })
  }
  process.once('SIGINT', cancel)
  try {
    const task = await start()
    if (task === null) return null
    taskId = task.taskId
    for (const e of early.splice(0)) onEvent(e)
    const now = await t.invoke('tasks:get', { taskId })
    if (now.state === 'running') await finished
    return await t.invoke('tasks:get', { taskId })
  } finally {
    off()
    process.off('SIGINT', cancel)
    line.end()
  }
}

/** Ends a failed task: its detail lines on stderr, then its first line as the one `patchbay: …` error. */
export function failTask(task: TaskDto): never {
  const [first, ...rest] = (task.error || `the task ended ${task.state}`).split('\n')
  for (const l of rest) process.stderr.write(`  ${l}\n`)
  throw new Error(first)
}

/** `patchbay bundle verify|import`. */
export function bundleCommand(): Command {
  const bundle = new Command('bundle').description(
    'offline bundles: verify and import signed update packages',
  )

  bundle
    .command('verify')
    .description(
      'check a bundle: signature, every file’s hash and size; names every problem (exit 1 when any)',
    )
    .argument('<file>', 'bundle file')
    .option('--trusted-key <pub...>', 'public key(s) the bundle must be signed with')
    .action(async (file: string, opts: { trustedKey?: string[] }, cmd: Command) => {
      const line = progressLine()
      const r = await checkBundle(abs(file), (opts.trustedKey ?? []).map(abs), (done, total) =>
        line.update(`Verifying: ${bytes(done)} of ${bytes(total)}`),
      ).finally(() => line.end())
      output(cmd, r, () => {
        const head = `${r.packageName || '(unknown package)'}: ${r.fileCount} files (${bytes(r.bytes)}), ${r.updateCount} updates, signed by ${r.signer || '?'}${r.trusted ? ' (trusted)' : opts.trustedKey ? ' (NOT trusted)' : ' (no trusted key given: integrity only)'}`
        return r.ok
          ? `${head}\nOK: the bundle verifies.`
          : `${head}\n${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}:\n${r.problems.map((p) => `  ${p}`).join('\n')}`
      })
      if (!r.ok) process.exitCode = 1
    })

  bundle
    .command('import')
    .description('create a package at the site from a bundle, only when it verifies against a trusted key')
    .argument('<file>', 'bundle file')
    .requiredOption('--trusted-key <pub...>', 'public key(s) the bundle must be signed with')
    .option('--source-root <dir>', 'folder under which the package source folder is created')
    .action(async (file: string, opts: { trustedKey: string[]; sourceRoot?: string }, cmd: Command) => {
      const task = await withTransport(cmd, (t) =>
        runTask(t, () =>
          t.invoke('bundles:import', {
            file: abs(file),
            trustedKeys: opts.trustedKey.map(abs),
            sourceRoot: opts.sourceRoot === undefined ? undefined : abs(opts.sourceRoot),
          }),
        ),
      )
      if (task.state !== 'succeeded') failTask(task)
      output(cmd, { packageId: task.result }, () => `Imported package ${task.result} from ${file}.`)
    })

  return bundle
}
