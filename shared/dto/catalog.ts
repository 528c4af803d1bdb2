import { z } from 'zod'
import { isoTime, nameField } from './common'

/** Debian's archive keyring (package debian-archive-keyring), the default keyring of an APT source. */
export const DEBIAN_ARCHIVE_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg'

/** A Debian archive root: http(s) URL without a trailing slash and without credentials (they would be stored in plain text). */
const archiveUrl = z
  .string({ error: 'Archive URL is required' })
  .trim()
  .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http:// or https:// archive URL')
  .refine(
    (u) => !/^https?:\/\/[^/]*@/.test(u),
    'must not carry a user name or password (it would be stored in plain text)',
  )
  .transform((u) => u.replace(/\/+$/, ''))

/** Add an APT repository to the catalog (synchronized by the sync host). */
export const catalogSourceInput = z.object({
  name: nameField('Source name'),
  kind: z.literal('apt').default('apt'),
  baseUrl: archiveUrl,
  suite: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]+$/, 'must be a suite or codename such as bookworm-security'),
  components: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[a-z0-9-]+$/, 'must be a component such as main'),
    )
    .min(1)
    .default(['main']),
  architectures: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[a-z0-9-]+$/, 'must be an architecture such as amd64'),
    )
    .min(1)
    .default(['amd64']),
  /** The keyring gpgv verifies the Release signature with (Debian's archive keyring unless given). */
  keyring: z
    .string()
    .trim()
    .min(1, 'Keyring is required (or allow unsigned Release files)')
    .max(1024)
    .default(DEBIAN_ARCHIVE_KEYRING),
  allowExpired: z.boolean().default(false),
  /** Use a Release no keyring verifies (hashes only): anyone on the path to the mirror can change what clients install. */
  allowUnsigned: z.boolean().default(false),
})

/** A catalog source with what its last sync found. */
export const catalogSourceDto = z.object({
  id: z.number().int(),
  name: z.string(),
  /** apt: a Debian archive; wsus: an offline scan catalog (wsusscn2.cab / package.xml); csv: an update export. */
  kind: z.enum(['apt', 'wsus', 'csv']),
  baseUrl: z.string(),
  suite: z.string(),
  components: z.array(z.string()),
  architectures: z.array(z.string()),
  keyring: z.string(),
  allowExpired: z.boolean(),
  allowUnsigned: z.boolean(),
  /** WSUS catalogs: the common name whose Authenticode signature the cabinet must carry ('' for APT). */
  signer: z.string(),
  /** What an admin should know about this source's trust: unsigned Release files, plain http. */
  warnings: z.array(z.string()),
  lastSyncAt: isoTime.nullable(),
  releaseDate: z.string().nullable(),
  updateCount: z.number().int(),
  /** The sync host synchronizes this source every so many minutes (0 = on demand only). */
  syncIntervalMinutes: z.number().int(),
  /** When the sync host will next synchronize it, if scheduled. */
  nextSyncAt: isoTime.nullable(),
})

/** A catalog source crossing the process boundary. */
export type CatalogSourceDto = z.infer<typeof catalogSourceDto>

/** One synchronization of one source: what it found, or why it failed (then nothing was written). */
export const catalogSyncDto = z.object({
  id: z.number().int(),
  sourceName: z.string(),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  state: z.enum(['running', 'succeeded', 'failed']),
  newCount: z.number().int(),
  changedCount: z.number().int(),
  expiredCount: z.number().int(),
  fetchedBytes: z.number().int(),
  error: z.string(),
})

/** A sync history row crossing the process boundary. */
export type CatalogSyncDto = z.infer<typeof catalogSyncDto>

/** Synchronize one source by name, or every source. */
export const catalogSyncInput = z.object({ sourceName: z.string().trim().min(1).nullable().default(null) })

/** Remove a source by name (its updates stay, as clients may still report them). */
export const catalogSourceRef = z.object({ name: z.string().trim().min(1) })

/** Import an offline scan catalog (wsusscn2.cab, package.xml) or a WSUS / Update Catalog export (.csv) as a source. */
export const catalogImportInput = z.object({
  file: z.string().trim().min(1, 'File is required'),
  /** Source name (default: the file name without extension). */
  name: z.string().trim().min(1).max(128).nullable().default(null),
  /** wsusscn2.cab: the CA bundle (PEM) its Authenticode signature must chain to. */
  caBundle: z.string().trim().max(1024).default(''),
  /** wsusscn2.cab: the common name of the certificate that must have signed it. */
  signer: z.string().trim().min(1, 'Signer is required').max(256).default('Microsoft Corporation'),
  /** Take a cabinet without verifying its signature, or a package.xml (which has none): unsafe. */
  allowUnsigned: z.boolean().default(false),
})

/** Schedule a source's synchronization by the sync host (0 = on demand only). */
export const catalogScheduleInput = z.object({
  sourceName: z.string().trim().min(1),
  intervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 31),
})
