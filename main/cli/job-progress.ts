import { setMaxListeners } from 'node:events'
import type { Command } from 'commander'
import type { EventPayload, Transport } from '../../shared/contract'
import type { JobDto, JobHostDto } from '../../shared/dto/job'
import type { ResourceDto } from '../../shared/dto/resource'
import { globalOptions } from './context'
import { formatTable } from './format'

/** Host states that end a job without counting as a failure. */
const okStates = new Set(['succeeded', 'skipped'])

/** True when the host neither succeeded nor was skipped. */
export function hostFailed(host: JobHostDto): boolean {
  return !okStates.has(host.state)
}

/** Writes the live progress of a job to stderr (only when stderr is a terminal). */
class ProgressLine {
  private shown = false

  constructor(
    private readonly enabled: boolean,
    private readonly write: (s: string) => void,
  ) {}

  update(job: EventPayload<'job:progress'>['job'], host: JobHostDto | null): void {
    if (!this.enabled) return
    if (this.shown) this.write('\r\x1b[K')
    if (host)
      this.write(`  ${host.name}: ${host.state}${host.message ? ` — ${oneLine(host.message)}` : ''}\n`)
    this.write(
      `${job.done} of ${job.total} done (${job.succeeded} ok, ${job.failed} failed, ${job.skipped} skipped)`,
    )
    this.shown = true
  }

  end(): void {
    if (this.enabled && this.shown) this.write('\r\x1b[K')
    this.shown = false
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

/**
 * Starts a job, follows its `job:progress` events (live on stderr when that is a terminal) and answers
 * the finished job with its hosts. Ctrl+C while it runs cancels the job instead of killing the CLI.
 */
export async function runJob(t: Transport, start: () => Promise<JobDto>): Promise<JobDto> {
  // A job's hosts all listen on its one AbortSignal; hundreds of hosts are not a listener leak.
  setMaxListeners(0)
  const progress = new ProgressLine(process.stderr.isTTY === true, (s) => process.stderr.write(s))
  let jobId: number | undefined
  const early: EventPayload<'job:progress'>[] = []
  let finish: () => void = () => {}
  const finished = new Promise<void>((resolve) => (finish = resolve))
  const onProgress = (e: EventPayload<'job:progress'>) => {
    if (jobId === undefined) return void early.push(e)
    if (e.job.id !== jobId) return
    progress.update(e.job, e.host)
    if (e.job.state !== 'running') finish()
  }
  const off = t.on('job:progress', onProgress)
  const cancel = () => {
    if (jobId !== undefined) void t.invoke('jobs:cancel', { id: jobId }).catch(() => undefined)
  }
  process.on('SIGINT', cancel)
  try {
    const job = await start()
    jobId = job.id
    for (const e of early.splice(0)) onProgress(e)
    // The job may have ended before we knew its ID; the site database then already has its result.
    if ((await t.invoke('jobs:get', { id: job.id })).state !== 'running') finish()
    await finished
    return await t.invoke('jobs:get', { id: job.id })
  } finally {
    off()
    process.off('SIGINT', cancel)
    progress.end()
  }
}

/** `name (address:port)` of a job host, with the port when the client still exists. */
export function hostLabel(host: JobHostDto, ports: ReadonlyMap<number, number>): string {
  const port = ports.get(host.resourceId)
  return `${host.name} (${host.address}${port === undefined ? '' : `:${port}`})`
}

/** One stderr line for a failed host: its message, prefixed with the host unless the message names it. */
export function failureMessage(host: JobHostDto, ports: ReadonlyMap<number, number>): string {
  const message = oneLine(host.message) || host.state
  if (message.startsWith(`${host.name} (`)) return message
  // Messages such as "web-01: no credentials …" name the client but not its address.
  const rest = message.startsWith(`${host.name}: `) ? message.slice(host.name.length + 2) : message
  return `${hostLabel(host, ports)}: ${rest}`
}

/** Ports of the site's clients by resource ID, for naming hosts in messages. */
export async function clientPorts(t: Transport): Promise<Map<number, number>> {
  return new Map((await t.invoke('resources:list', {})).map((r: ResourceDto) => [r.id, r.port]))
}

/** A finished job plus what is needed to name its hosts. */
export interface JobResult {
  job: JobDto
  ports: Map<number, number>
}

/** Starts a job, waits for it, and collects the client ports for messages. */
export async function runJobToEnd(t: Transport, start: () => Promise<JobDto>): Promise<JobResult> {
  const job = await runJob(t, start)
  return { job, ports: await clientPorts(t) }
}

/** The per-host result table: name, address, state, message. */
export function formatHostTable(job: JobDto): string {
  return formatTable(job.hosts, [
    { header: 'Name', value: (h) => h.name },
    { header: 'Address', value: (h) => h.address },
    { header: 'State', value: (h) => h.state },
    { header: 'Message', value: (h) => h.message },
  ])
}

/** "Scan 20 clients: 18 succeeded, 2 failed, 0 skipped." */
export function jobSummary(job: JobDto): string {
  const cancelled = job.state === 'cancelled' ? ' (cancelled)' : ''
  return `${job.title}: ${job.succeeded} succeeded, ${job.failed} failed, ${job.skipped} skipped of ${job.total}${cancelled}.`
}

/**
 * Prints a finished job (the JobDto with --json, else `human`), then one `patchbay: …` line on stderr
 * per failed host and exit code 1 when any host failed or the job was cancelled.
 */
export function reportJob(cmd: Command, result: JobResult, human: (job: JobDto) => string): void {
  const { job, ports } = result
  if (globalOptions(cmd).json) process.stdout.write(JSON.stringify(job, null, 2) + '\n')
  else {
    const text = human(job)
    if (text !== '') process.stdout.write(text.endsWith('\n') ? text : text + '\n')
  }
  const failed = job.hosts.filter(hostFailed)
  for (const host of failed) process.stderr.write(`patchbay: ${failureMessage(host, ports)}\n`)
  if (failed.length > 0 || job.state === 'cancelled') process.exitCode = 1
}
