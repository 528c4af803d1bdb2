import { z } from 'zod'
import { channel, writePath } from '../channel'
import { byId, deletedDto, noInput } from '../dto/common'
import { packageFileDto, packageVerifyDto } from '../dto/content'
import {
  packageDto,
  packageInput,
  packageUpdate,
  programDelete,
  programDto,
  programInput,
  programUpdate,
} from '../dto/package'
import { taskDto } from '../dto/task'

/** Packages, their programs and their content files: channel name → request and response schemas. */
export const packagesChannels = {
  'packages:list': channel(noInput, z.array(packageDto)),
  'packages:get': channel(byId, packageDto),
  // Later calls that name only the package read (files, verify, distribute) and write (download) its source folder.
  'packages:create': channel(packageInput, packageDto, { paths: { sourcePath: writePath('Source folder') } }),
  'packages:update': channel(packageUpdate, packageDto, {
    paths: { sourcePath: writePath('Source folder') },
  }),
  'packages:delete': channel(byId, deletedDto),
  'programs:create': channel(programInput, programDto),
  'programs:update': channel(programUpdate, programDto),
  'programs:delete': channel(programDelete, deletedDto),
  'packages:files': channel(byId, z.array(packageFileDto)),
  'packages:verify': channel(byId, packageVerifyDto),
  'packages:download': channel(byId, taskDto),
} as const

/** A channel of this domain. */
export type PackagesChannel = keyof typeof packagesChannels
