import type { PackagesChannel } from '../../../shared/channels/packages'
import type { Handlers } from '../runtime/handlers'
import type { PackageContentService } from './content-service'
import type { PackagesService } from './service'

/** The services the packages channels answer from. */
export interface PackagesHandlerDeps {
  packages: PackagesService
  content: PackageContentService
}

/** The packages, programs and package content channels, each a call of its service. */
export function packagesHandlers(deps: PackagesHandlerDeps): Pick<Handlers, PackagesChannel> {
  const { packages, content } = deps
  return {
    'packages:list': () => packages.list(),
    'packages:get': (input) => packages.get(input.id),
    'packages:create': (input) => packages.create(input),
    'packages:update': (input) => packages.update(input),
    'packages:delete': (input) => packages.remove(input.id),
    'programs:create': (input) => packages.createProgram(input),
    'programs:update': (input) => packages.updateProgram(input),
    'programs:delete': (input) => packages.removeProgram(input),
    'packages:files': (input) => content.files(input.id),
    'packages:verify': (input) => content.verify(input.id),
    'packages:download': (input) => content.download(input.id),
  }
}
