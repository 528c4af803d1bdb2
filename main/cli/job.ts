import { Command } from 'commander'
import type { JobDto } from '../../shared/dto/job'
import { PatchbayError } from '../../shared/errors'
import { output, withTransport } from './context'
import { formatFields, formatTable, shortTime } from './format'
import { formatHostTable } from './job-progress'
import { parseInteger } from './parse'

function describeJob(job: JobDto): string {
  const fields = formatFields([
    ['Job', job.id],
    ['Kind', job.kind],
    ['Title', job.title],
    ['State', job.state],
    [
      'Hosts',
      `${job.done} of ${job.total} done: ${job.succeeded} succeeded, ${job.failed} failed, ${job.skipped} skipped`,
    ],
    ['Created', shortTime(job.createdAt)],
    ['Finished', shortTime(job.finishedAt)],
  ])
  return job.hosts.length > 0 ? `${fields}\n\n${formatHostTable(job)}` : fields
}

const jobId = (v: string) => parseInteger('job ID', v, 1, Number.MAX_SAFE_INTEGER)

/** `patchbay job list|show|cancel`. */
export function jobCommand(): Command {
  const job = new Command('job').description(
    'jobs (scans, commands, inventory, connections) and their results',
  )

  job
    .command('list')
    .description('list the newest jobs')
    .action(async (_opts: object, cmd: Command) => {
      const jobs = await withTransport(cmd, (t) => t.invoke('jobs:list', {}))
      output(cmd, jobs, () =>
        formatTable(jobs, [
          { header: 'ID', value: (j) => j.id, right: true },
          { header: 'Kind', value: (j) => j.kind },
          { header: 'State', value: (j) => j.state },
          { header: 'Hosts', value: (j) => j.total, right: true },
          { header: 'Failed', value: (j) => j.failed, right: true },
          { header: 'Created', value: (j) => shortTime(j.createdAt) },
          { header: 'Title', value: (j) => j.title },
        ]),
      )
    })

  job
    .command('show')
    .description('show a job and every host result')
    .argument('<id>', 'job ID', jobId)
    .action(async (id: number, _opts: object, cmd: Command) => {
      const found = await withTransport(cmd, (t) => t.invoke('jobs:get', { id }))
      output(cmd, found, () => describeJob(found))
    })

  job
    .command('cancel')
    .description('cancel a running job')
    .argument('<id>', 'job ID', jobId)
    .action(async (id: number, _opts: object, cmd: Command) => {
      const result = await withTransport(cmd, (t) => t.invoke('jobs:cancel', { id }))
      // Jobs run inside the process that started them; another CLI process cannot reach them.
      if (result.state === 'running')
        throw new PatchbayError(
          'conflict',
          `job ${id} runs in another patchbay process; press Ctrl+C there to cancel it`,
        )
      output(cmd, result, () => `Job ${id} is ${result.state}.`)
    })

  return job
}
