import type { RuntimeChannel } from '../../../shared/channels/runtime'
import { getResource } from '../resources/rows'
import type { Handlers } from './handlers'
import type { SiteContext } from './site-context'
import type { createSiteService } from './site-service'
import type { TaskRegistry } from './task-registry'

/** What the runtime channels answer from: the site service and the task registry. */
export interface RuntimeHandlerDeps {
  site: ReturnType<typeof createSiteService>
  tasks: TaskRegistry
}

/** The site, status, console, prefs and tasks channels; prefs and the console window come from the front door's ports. */
export function runtimeHandlers(ctx: SiteContext, deps: RuntimeHandlerDeps): Pick<Handlers, RuntimeChannel> {
  const { site, tasks } = deps
  return {
    'site:info': () => site.info(),
    'site:state-names': () => site.stateNames(),
    'site:settings-get': () => site.settings(),
    'site:settings-set': async (input) => {
      const settings = await site.setSettings(input)
      ctx.events.emit('site:changed', { entity: 'status', ids: [] })
      return settings
    },
    'status:list': (input) => site.statusMessages(input.limit),
    'console:open-explorer': async (input) => {
      if (!ctx.ports.openResourceExplorer) return { opened: false }
      await getResource(ctx.db, input.resourceId)
      ctx.ports.openResourceExplorer(input.resourceId)
      return { opened: true }
    },
    'prefs:get': async () => ctx.ports.prefs.get(),
    'prefs:set': async (input) => {
      const prefs = ctx.ports.prefs.set(input)
      ctx.events.emit('site:changed', { entity: 'prefs', ids: [] })
      return prefs
    },
    'tasks:get': async (input) => tasks.get(input.taskId),
    'tasks:cancel': async (input) => tasks.cancel(input.taskId),
  }
}
