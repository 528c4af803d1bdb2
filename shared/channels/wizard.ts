import { z } from 'zod'
import { channel } from '../channel'
import { byId, noInput } from '../dto/common'
import {
  candidateDto,
  candidatesInput,
  deploymentPackageDto,
  updateStatusDto,
  updateTypeDto,
  wizardDiscardDto,
  wizardDiscardInput,
  wizardDownloadDto,
  wizardDownloadInput,
  wizardFinishDto,
  wizardFinishInput,
  wizardSource,
  wizardStatusInput,
} from '../dto/wizard'

/** The Distribute Software Updates wizard and the deployment packages it makes: channel name → request and response schemas. */
export const wizardChannels = {
  /** Update types (vendor × classification) with counts, from the site or a catalog snapshot. */
  'wizard:update-types': channel(wizardSource.default({}), z.array(updateTypeDto)),
  /** Updates of one type that clients reported applicable (every update of a snapshot). */
  'wizard:candidates': channel(candidatesInput, z.array(candidateDto)),
  /** Downloads the selected updates' missing files into the package source folder, as a task. */
  'wizard:download': channel(wizardDownloadInput, wizardDownloadDto),
  /** The Software Updates Status page: which updates are ready, and why not. */
  'wizard:status': channel(wizardStatusInput, z.array(updateStatusDto)),
  /** Cancel: stops the download and removes every file (and the folder) the wizard made. */
  'wizard:discard': channel(wizardDiscardInput, wizardDiscardDto),
  /** Finish: the package, its program, update list, files and settings in one transaction; then distribution. */
  'wizard:finish': channel(wizardFinishInput, wizardFinishDto),
  /** Deployment packages: packages the wizard made or a bundle import brought. */
  'wizard:packages': channel(noInput, z.array(deploymentPackageDto)),
  /** One deployment package, as the wizard reopens it. */
  'wizard:package': channel(byId, deploymentPackageDto),
} as const

/** A channel of this domain. */
export type WizardChannel = keyof typeof wizardChannels
