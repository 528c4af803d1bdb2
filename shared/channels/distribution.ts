import { z } from 'zod'
import { channel } from '../channel'
import { noInput } from '../dto/common'
import {
  distributionInput,
  distributionPointDto,
  distributionPointUpdate,
  distributionStatusQuery,
  packageDpStatusDto,
} from '../dto/distribution'
import { taskDto } from '../dto/task'

/** Distribution points and package status per point: channel name → request and response schemas. */
export const distributionChannels = {
  'distribution:points': channel(noInput, z.array(distributionPointDto)),
  'distribution:set-point': channel(distributionPointUpdate, distributionPointDto),
  'distribution:status': channel(distributionStatusQuery, z.array(packageDpStatusDto)),
  'distribution:distribute': channel(distributionInput, taskDto),
  'distribution:redistribute': channel(distributionInput, taskDto),
  'distribution:remove': channel(distributionInput, taskDto),
} as const

/** A channel of this domain. */
export type DistributionChannel = keyof typeof distributionChannels
