/** Retrying an ended job: its failed and cancelled steps (all, or some computers') go back to queued. */
import { PatchbayError } from '../../../shared/errors'
import type { SiteContext } from '../runtime/site-context'
import { finalJobStates, readJob, selectSteps, stepOutput, toStep } from './job-rows'

/**
 * Requeues an ended job's failed and cancelled steps — all, or only those of `resourceIds`. Failed steps
 * start over from phase '' (data kept); cancelled ones keep their recorded phase so handlers skip what is
 * done. `endsAt` replaces the job's duration limit (a retry gets a window of its own).
 */
export async function requeueJob(
  site: SiteContext,
  id: number,
  resourceIds?: readonly number[],
  endsAt?: string | null,
): Promise<void> {
  const job = await readJob(site.db, id)
  if (!finalJobStates.includes(job.state))
    throw new PatchbayError('conflict', `Job ${id} is still running; cancel it or wait for it to end`)
  let q = selectSteps(site.db).where('job_id', '=', id)
  if (resourceIds?.length) {
    const known = await site.db
      .selectFrom('job_step')
      .select('resource_id')
      .where('job_id', '=', id)
      .where('resource_id', 'in', [...resourceIds])
      .execute()
    const outside = resourceIds.filter((r) => !known.some((k) => Number(k.resource_id) === r))
    if (outside.length)
      throw new PatchbayError(
        'invalid-input',
        `Computer(s) ${outside.join(', ')} are not part of job ${id}`,
        'resourceIds',
      )
    q = q.where('resource_id', 'in', [...resourceIds])
  }
  const again = await q.where('state', 'in', ['failed', 'cancelled']).execute()
  if (again.length === 0)
    throw new PatchbayError(
      'invalid-input',
      resourceIds?.length
        ? `None of computer(s) ${resourceIds.join(', ')} failed or was cancelled in job ${id}`
        : `Job ${id} has no failed or cancelled steps to retry`,
      'resourceIds',
    )
  for (const r of again) {
    const s = toStep(r)
    // A failed step starts over (phase ''; its data is kept for the handler); a cancelled one resumes.
    const restart = s.state === 'failed'
    await site.db
      .updateTable('job_step')
      .set({
        ...(restart ? { phase: '' } : {}),
        state: 'queued',
        attempts: 0,
        not_before: null,
        error: '',
        finished_at: null,
        output: stepOutput({ ...s, state: 'queued', message: 'Retrying' }),
      })
      .where('id', '=', s.id)
      .execute()
  }
  await site.db
    .updateTable('job')
    .set({
      state: 'queued',
      error: '',
      finished_at: null,
      updated_at: site.ports.clock().toISOString(),
      ...(endsAt !== undefined ? { settings: JSON.stringify({ ...job.settings, endsAt }) } : {}),
    })
    .where('id', '=', id)
    .execute()
}
