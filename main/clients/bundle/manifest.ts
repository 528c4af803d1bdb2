// The bundle manifest: a standalone, versioned zod schema. manifest.json holds exactly the bytes that
// manifest.sig signs, so the schema never trims or transforms: what is verified is what is used.
import { z } from 'zod'
import { afterRunningActions, programPlatforms, runModes, runWindows } from '../../../shared/dto/package'
import { errorText, oneLine } from '../parsing/one-line'
import { bundlePathProblem, pathConflicts } from './bundle-paths'

/** The format tag every version-1 manifest carries. */
export const BUNDLE_FORMAT = 'patchbay-bundle/1'
/** Name of the manifest entry (first in the tar). */
export const MANIFEST_NAME = 'manifest.json'
/** Name of the signature entry (second in the tar). */
export const SIGNATURE_NAME = 'manifest.sig'
/** Prefix of every payload entry in the tar. */
export const FILES_PREFIX = 'files/'
/** Largest manifest.json accepted, in bytes (a manifest is read into memory to check its signature). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024

const text = (max: number) => z.string().max(max)
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')

/** A file carried by the bundle, under files/<path>. */
export const bundleFileSchema = z.strictObject({
  path: z.string().superRefine((path, ctx) => {
    const problem = bundlePathProblem(path)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sha256: sha256Hex,
  updateId: text(256).optional(),
})

/** A program of the bundled package (mirrors the console's program fields). */
export const bundleProgramSchema = z.strictObject({
  name: text(128).min(1),
  commandLine: text(1024).min(1),
  comment: text(512).optional(),
  runWindow: z.enum(runWindows).optional(),
  runMode: z.enum(runModes),
  afterRunning: z.enum(afterRunningActions),
  platform: z.enum(programPlatforms),
  maxRunMinutes: z.number().int().min(1).max(1440).optional(),
})

/** A software update the bundle carries, with the vendor's identity. */
export const bundleUpdateSchema = z.strictObject({
  id: text(256).min(1),
  title: text(1024),
  classification: text(128),
  vendor: text(128),
  package: text(256).optional(),
  version: text(256).optional(),
  suite: text(128).optional(),
  kb: text(64).optional(),
  severity: text(64).optional(),
  products: z.array(text(256)).max(256).optional(),
  releaseDate: text(64).optional(),
})

/** The package the bundle creates at the site. */
export const bundlePackageSchema = z.strictObject({
  name: text(128).min(1),
  version: text(64),
  manufacturer: text(128),
  language: text(64),
  comment: text(512),
  sourcePath: text(1024).optional(),
})

/** The whole manifest.json of a patchbay-bundle/1 file. */
export const bundleManifestSchema = z
  .strictObject({
    format: z.literal(BUNDLE_FORMAT),
    createdAt: z.iso.datetime({ offset: true }),
    createdBy: text(128),
    signingKey: z.strictObject({
      algorithm: z.literal('ed25519'),
      fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be SHA256:<base64>'),
      /** The raw 32-byte public key, base64: lets anyone check integrity; trust comes from the fingerprint. */
      publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64'),
    }),
    package: bundlePackageSchema,
    programs: z.array(bundleProgramSchema).max(64),
    updates: z.array(bundleUpdateSchema).max(100_000),
    files: z.array(bundleFileSchema).max(100_000),
  })
  .superRefine((m, ctx) => {
    for (const [path, message] of pathConflicts(m.files.map((f) => f.path))) {
      ctx.addIssue({ code: 'custom', path: ['files'], message: `${message} (${path})` })
    }
    const ids = new Set(m.updates.map((u) => u.id))
    for (const f of m.files) {
      if (f.updateId !== undefined && !ids.has(f.updateId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['files'],
          message: `${f.path} names unknown update ${f.updateId}`,
        })
      }
    }
  })

/** A parsed, schema-valid manifest. */
export type BundleManifest = z.infer<typeof bundleManifestSchema>
/** One file entry of a manifest. */
export type BundleFile = z.infer<typeof bundleFileSchema>
/** What a caller supplies to build a bundle: the manifest without the parts the builder fills in. */
export type BundleManifestInput = Omit<BundleManifest, 'format' | 'files' | 'signingKey' | 'createdAt'> & {
  createdAt?: string
}

/** The exact bytes of manifest.json for a manifest (stable key order, two-space indent, final newline). */
export function serializeManifest(manifest: BundleManifest): Buffer {
  return Buffer.from(JSON.stringify(manifest, null, 2) + '\n')
}

/** Parse manifest.json bytes: the manifest, or a list of readable schema problems (each one line, at most 20). */
export function parseManifest(bytes: Buffer): { manifest: BundleManifest } | { errors: string[] } {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    return { errors: [`manifest.json is not valid UTF-8 JSON: ${errorText(err)}`] }
  }
  const result = bundleManifestSchema.safeParse(json)
  if (result.success) return { manifest: result.data }
  return {
    errors: result.error.issues
      .slice(0, 20)
      .map((i) => oneLine(`${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)),
  }
}
