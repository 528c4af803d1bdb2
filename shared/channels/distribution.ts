// Distribution points and package status per distribution point (#7): channels spread into the one contract in ../contract.ts.
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

/** Channels of this domain: name → { input, output } schemas. */
export const distributionChannels = {
  'distribution:points': channel(noInput, z.array(distributionPointDto)),
  'distribution:set-point': channel(distributionPointUpdate, distributionPointDto),
  'distribution:status': channel(distributionStatusQuery, z.array(packageDpStatusDto)),
  'distribution:distribute': channel(distributionInput, taskDto),
  'distribution:redistribute': channel(distributionInput, taskDto),
  'distribution:remove': channel(distributionInput, taskDto),
} as const
