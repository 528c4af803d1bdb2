import { z } from 'zod'
import { channel, readPath, writePath } from '../channel'
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
  'wizard:update-types': channel(wizardSource.default({}), z.array(updateTypeDto), {
    paths: { snapshot: readPath('Catalog snapshot file') },
  }),
  /** Updates of one type that clients reported applicable (every update of a snapshot). */
  'wizard:candidates': channel(candidatesInput, z.array(candidateDto), {
    paths: { snapshot: readPath('Catalog snapshot file') },
  }),
  /** Downloads the selected updates' missing files into the package source folder, as a task. */
  'wizard:download': channel(wizardDownloadInput, wizardDownloadDto, {
    paths: { folder: writePath('Package source folder') },
  }),
  /** The Software Updates Status page: which updates are ready, and why not. */
  'wizard:status': channel(wizardStatusInput, z.array(updateStatusDto), {
    paths: { folder: readPath('Package source folder') },
  }),
  /** Cancel: stops the download and removes every file (and the folder) the wizard made. */
  'wizard:discard': channel(wizardDiscardInput, wizardDiscardDto),
  /** Finish: the package, its program, update list, files and settings in one transaction; then distribution. */
  'wizard:finish': channel(wizardFinishInput, wizardFinishDto, {
    paths: {
      sourcePath: writePath('Package source folder'),
      'settings.releaseNotes': readPath('Release notes file'),
    },
  }),
  /** Deployment packages: packages the wizard made or a bundle import brought. */
  'wizard:packages': channel(noInput, z.array(deploymentPackageDto)),
  /** One deployment package, as the wizard reopens it. */
  'wizard:package': channel(byId, deploymentPackageDto),
} as const

/** A channel of this domain. */
export type WizardChannel = keyof typeof wizardChannels
