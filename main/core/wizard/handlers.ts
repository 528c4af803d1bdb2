import type { WizardChannel } from '../../../shared/channels/wizard'
import type { Handlers } from '../runtime/handlers'
import type { WizardService } from './service'

/** The Distribute Software Updates wizard's channels, each a call of the wizard service. */
export function wizardHandlers(w: WizardService): Pick<Handlers, WizardChannel> {
  return {
    'wizard:update-types': (input) => w.updateTypes(input.snapshot),
    'wizard:candidates': (input) => w.candidates(input),
    'wizard:download': (input) => w.download(input),
    'wizard:status': (input) => w.status(input),
    'wizard:discard': (input) => w.discard(input.sessionId),
    'wizard:finish': (input) => w.finish(input),
    'wizard:packages': () => w.list(),
    'wizard:package': (input) => w.get(input.id),
  }
}
