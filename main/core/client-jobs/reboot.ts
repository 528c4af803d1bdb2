/**
 * Restarting clients on demand ('clients:reboot'): one job (titled "Restart …") whose hosts restart with their
 * platform's command (Linux `systemctl reboot`, Windows `Restart-Computer -Force`), are waited for (bounded)
 * until they answer again, and are rescanned so the recorded "restart pending" clears. Without force, a
 * client that reports no pending restart is skipped. Host keys must already be trusted.
 */
import type { z } from 'zod'
import type { rebootInput } from '../../../shared/dto/deployment'
import type { ResourceDto } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import { membersOf } from '../collections/service'
import type { DeploymentIo } from '../deployments/client-io'
import type { JobRunner } from './job-runner'
import { readResources } from '../resources/rows'
import type { SiteContext } from '../runtime/site-context'

/** Restarts clients as jobs of the shared job runner (so jobs:get / jobs:cancel see them). */
export function createClientRebootService(ctx: SiteContext, deps: { runner: JobRunner; io: DeploymentIo }) {
  const targets = async (t: z.output<typeof rebootInput>['targets']): Promise<ResourceDto[]> => {
    const byId = new Map<number, ResourceDto>()
    if (t.collectionId) for (const r of await membersOf(ctx.db, t.collectionId)) byId.set(r.id, r)
    const direct = await readResources(ctx.db, t.resourceIds)
    const missing = t.resourceIds.filter((id) => !direct.some((r) => r.id === id))
    if (missing.length)
      throw new PatchbayError('not-found', `No resource with ID ${missing.join(', ')}`, 'targets')
    for (const r of direct) byId.set(r.id, r)
    return [...byId.values()]
  }

  return {
    /** Starts the restart job; resolves at once with it (hosts queued). */
    async reboot(input: z.output<typeof rebootInput>) {
      const resources = await targets(input.targets)
      const what = resources.length === 1 ? resources[0]!.name : `${resources.length} clients`
      const timeoutMs = input.timeoutMinutes * 60_000
      const job = await deps.runner.start(
        'reboot',
        `Restart ${what}${input.force ? ' (forced)' : ''}`,
        resources,
        async (resource, signal) => {
          if (!input.force && !resource.rebootPending)
            return { state: 'skipped', message: 'no restart pending; force restarts it anyway' }
          const lines: string[] = []
          const began = Date.now()
          await deps.io.reboot(resource, timeoutMs, signal, async (_kind, text) => lines.push(text))
          const seconds = Math.round((Date.now() - began) / 1000)
          const { rebootPending } = await deps.io.rescan(resource, signal)
          const message = `restarted; answered again after ${seconds} s; ${rebootPending ? 'a restart is still pending' : 'no restart pending'}`
          await ctx.audit(
            ctx.db,
            'info',
            'Client Reboot',
            String(resource.id),
            `${resource.name}: ${message}.`,
          )
          return { message, stdout: lines.join('\n') }
        },
      )
      return job
    },
  }
}

/** The client restart service. */
export type ClientRebootService = ReturnType<typeof createClientRebootService>
