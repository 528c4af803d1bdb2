import { z } from 'zod'
import { smsId } from './common'

const path = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(4096, `${what} must be at most 4096 characters`)

/** A file recorded for a package: path in its source folder, size, SHA-256 and the update it belongs to. */
export const packageFileDto = z.object({
  path: z.string(),
  size: z.number().int().min(0),
  sha256: z.string(),
  updateId: z.string().nullable(),
})

/** A package file crossing the process boundary. */
export type PackageFileDto = z.infer<typeof packageFileDto>

/** The verdict of "Verify package": every file that is missing, changed or extra. */
export const packageVerifyDto = z.object({
  ok: z.boolean(),
  problems: z.array(z.object({ path: z.string(), problem: z.string() })),
})

/** A package verification crossing the process boundary. */
export type PackageVerifyDto = z.infer<typeof packageVerifyDto>

/** Where to create a signing key pair. */
export const keysCreateInput = z.object({ dir: path('Key folder'), force: z.boolean().default(false) })

/** A created key pair: the files and the public key's fingerprint (the private key itself never crosses). */
export const keysCreateDto = z.object({
  privateKeyPath: z.string(),
  publicKeyPath: z.string(),
  fingerprint: z.string(),
})

/** Build a signed bundle from updates, an update list or a package, optionally against a catalog snapshot. */
export const bundleBuildInput = z
  .object({
    updateIds: z.array(z.string().trim().min(1)).min(1, 'Give at least one update').optional(),
    listName: z.string().trim().min(1).optional(),
    packageId: smsId.optional(),
    out: path('Bundle file'),
    signingKey: path('Signing key'),
    catalogSnapshot: z.string().trim().min(1).optional(),
    packageName: z.string().trim().min(1).max(128).optional(),
    /** Where content is downloaded before bundling (kept on failure, so a rerun resumes). */
    workDir: z.string().trim().min(1).optional(),
  })
  .refine((v) => [v.updateIds, v.listName, v.packageId].filter((x) => x !== undefined).length === 1, {
    message: 'Give exactly one of: updates, an update list, or a package',
    path: ['updateIds'],
  })

/** Check a bundle file, against trusted public keys (.pub files) when given. */
export const bundleVerifyInput = z.object({
  file: path('Bundle file'),
  trustedKeys: z.array(path('Trusted key')).default([]),
})

/** The verdict on a bundle: every problem named (file first), who signed it and what it holds. */
export const bundleVerifyDto = z.object({
  ok: z.boolean(),
  problems: z.array(z.string()),
  /** Problems with their kind and the file they name. */
  details: z.array(z.object({ kind: z.string(), path: z.string(), message: z.string() })),
  signer: z.string(),
  trusted: z.boolean(),
  packageName: z.string(),
  fileCount: z.number().int(),
  updateCount: z.number().int(),
  bytes: z.number(),
})

/** A bundle verification crossing the process boundary. */
export type BundleVerifyDto = z.infer<typeof bundleVerifyDto>

/** Import a bundle as a new package; only when it verifies against a trusted key. */
export const bundleImportInput = z.object({
  file: path('Bundle file'),
  trustedKeys: z
    .array(path('Trusted key'))
    .min(1, 'Give the trusted public key the bundle must be signed with'),
  /** Folder under which the package's source folder is created (default: next to the site database). */
  sourceRoot: z.string().trim().min(1).optional(),
})

/** Export the site's catalog to a snapshot file for an offline building machine. */
export const catalogExportInput = z.object({ out: path('Snapshot file') })

/** What a catalog export wrote. */
export const catalogExportDto = z.object({
  out: z.string(),
  updates: z.number().int(),
  files: z.number().int(),
  lists: z.number().int(),
})

/** Read a catalog snapshot (for the wizard's offline mode): its updates and update lists. */
export const snapshotReadInput = z.object({ file: path('Snapshot file') })

/** A software update as a catalog snapshot carries it. */
export const snapshotUpdateDto = z.object({
  id: z.string(),
  vendor: z.string(),
  title: z.string(),
  kb: z.string(),
  classification: z.string(),
  products: z.array(z.string()),
  severity: z.string(),
  package: z.string(),
  version: z.string(),
  suite: z.string(),
  releaseDate: z.string().nullable(),
  supersededBy: z.string(),
  expired: z.boolean(),
})

/** An update list as a catalog snapshot carries it: its name, comment and updates. */
export const snapshotListDto = z.object({
  name: z.string(),
  comment: z.string(),
  updateIds: z.array(z.string()),
})

/** What a catalog snapshot holds, as the console shows it. */
export const snapshotDto = z.object({
  exportedAt: z.string(),
  site: z.string(),
  updates: z.array(
    snapshotUpdateDto.extend({
      /** Downloadable files the snapshot lists for this update, and their total size. */
      fileCount: z.number().int(),
      size: z.number(),
    }),
  ),
  lists: z.array(snapshotListDto),
})

/** A catalog snapshot's contents crossing the process boundary. */
export type SnapshotDto = z.infer<typeof snapshotDto>
