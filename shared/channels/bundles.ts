import { channel } from '../channel'
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
  'keys:create': channel(keysCreateInput, keysCreateDto),
  'bundles:build': channel(bundleBuildInput, taskDto),
  'bundles:verify': channel(bundleVerifyInput, bundleVerifyDto),
  'bundles:import': channel(bundleImportInput, taskDto),
} as const

/** A channel of this domain. */
export type BundlesChannel = keyof typeof bundlesChannels
