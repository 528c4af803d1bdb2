import { channel, readPath, writePath } from '../channel'
import {
  bundleBuildInput,
  bundleImportInput,
  bundleVerifyDto,
  bundleVerifyInput,
  keysCreateDto,
  keysCreateInput,
} from '../dto/content'
import { taskDto } from '../dto/task'

/** Signed offline bundles and their signing keys: channel name → request and response schemas. */
export const bundlesChannels = {
  'keys:create': channel(keysCreateInput, keysCreateDto, { paths: { dir: writePath('Key folder') } }),
  'bundles:build': channel(bundleBuildInput, taskDto, {
    paths: {
      out: writePath('Bundle file'),
      workDir: writePath('Work folder'),
      signingKey: readPath('Signing key'),
      catalogSnapshot: readPath('Catalog snapshot'),
    },
  }),
  'bundles:verify': channel(bundleVerifyInput, bundleVerifyDto, {
    paths: { file: readPath('Bundle file'), trustedKeys: readPath('Trusted public key') },
  }),
  'bundles:import': channel(bundleImportInput, taskDto, {
    paths: {
      file: readPath('Bundle file'),
      trustedKeys: readPath('Trusted public key'),
      sourceRoot: writePath('Source root folder'),
    },
  }),
} as const

/** A channel of this domain. */
export type BundlesChannel = keyof typeof bundlesChannels
