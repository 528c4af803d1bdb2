// Package content, offline bundles and signing keys (#7): channels spread into the one contract in ../contract.ts.
import { z } from 'zod'
import { channel } from '../channel'
import { byId } from '../dto/common'
import {
  bundleBuildInput,
  bundleImportInput,
  bundleVerifyDto,
  bundleVerifyInput,
  catalogExportDto,
  catalogExportInput,
  keysCreateDto,
  keysCreateInput,
  packageFileDto,
  packageVerifyDto,
  snapshotDto,
  snapshotReadInput,
} from '../dto/content'
import { taskDto } from '../dto/task'

/** Channels of this domain: name → { input, output } schemas. */
export const contentChannels = {
  'packages:files': channel(byId, z.array(packageFileDto)),
  'packages:verify': channel(byId, packageVerifyDto),
  'packages:download': channel(byId, taskDto),
  'keys:create': channel(keysCreateInput, keysCreateDto),
  'bundles:build': channel(bundleBuildInput, taskDto),
  'bundles:verify': channel(bundleVerifyInput, bundleVerifyDto),
  'bundles:import': channel(bundleImportInput, taskDto),
  'catalog:export-snapshot': channel(catalogExportInput, catalogExportDto),
  'catalog:read-snapshot': channel(snapshotReadInput, snapshotDto),
} as const
