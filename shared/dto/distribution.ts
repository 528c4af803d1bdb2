import { z } from 'zod'
import { smsId } from './common'

/** States of a package on a distribution point, as SMS Package Status words them. */
export const dpStates = ['Installed', 'Install pending', 'Install retrying', 'Failed'] as const

/** A package's state on one distribution point. */
export type DpState = (typeof dpStates)[number]

/** Where packages go on a distribution point when no root path is set (relative to the login's home). */
export const defaultDpRoot = '~/patchbay-dp'

/** A remote folder: absolute, or under the login's home (`~/…` or relative); no `..`, no control characters. */
export const dpRootPath = z
  .string({ error: 'Root path is required' })
  .trim()
  .min(1, 'Root path is required')
  .max(512, 'Root path must be at most 512 characters')
  .refine((p) => !p.split('/').includes('..'), 'Root path must not contain ".."')
  // eslint-disable-next-line no-control-regex
  .refine((p) => !/[\u0000-\u001f]/.test(p), 'Root path must not contain control characters')

/** A distribution point: a resource with the distribution point role, where it keeps packages, and counts. */
export const distributionPointDto = z.object({
  id: z.number().int(),
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  rootPath: z.string(),
  /** Packages targeted at this distribution point (any state). */
  packages: z.number().int(),
  installed: z.number().int(),
  failed: z.number().int(),
})

/** A distribution point crossing the process boundary. */
export type DistributionPointDto = z.infer<typeof distributionPointDto>

/** One row of Package Status: a package on one distribution point. */
export const packageDpStatusDto = z.object({
  packageId: z.string(),
  packageName: z.string(),
  resourceId: z.number().int(),
  dpName: z.string(),
  state: z.enum(dpStates),
  message: z.string(),
  updatedAt: z.string(),
})

/** A Package Status row crossing the process boundary. */
export type PackageDpStatusDto = z.infer<typeof packageDpStatusDto>

/** Which package status rows to list: one package's, or every package's. */
export const distributionStatusQuery = z.object({ packageId: smsId.optional() }).default({})

/** A package and the distribution points to act on (an empty list means every point that has the package). */
export const distributionInput = z.object({
  packageId: smsId,
  resourceIds: z.array(z.number().int().positive()).default([]),
})

/** Sets where a distribution point keeps packages. */
export const distributionPointUpdate = z.object({
  resourceId: z.number().int().positive(),
  rootPath: dpRootPath,
})
