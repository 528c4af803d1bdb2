// Checking bundles against trusted keys, and importing a verified bundle as a new package at the site.
// Import writes nothing unless the whole bundle verified: the payload is extracted into a private temp
// folder that becomes the package's source folder only when every check passed and the rows are written.
import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { KeyObject } from 'node:crypto'
import { loadPublicKey, verifyBundle, type BundleProblem } from '../../clients/bundle'
import { ensureSourceFolder } from '../../clients/content'
import type { BundleVerifyDto } from '../../../shared/dto/content'
import { PatchbayError } from '../../../shared/errors'
import { recordPackageFiles, setPackageUpdates } from '../packages/content-rows'
import { isUniqueViolation, type SiteContext } from '../runtime/site-context'
import { userDataDir } from '../runtime/user-data-dir'

/** Loads trusted public keys from .pub files, naming the file that is not one. */
export async function loadTrustedKeys(paths: string[]): Promise<KeyObject[]> {
  const keys: KeyObject[] = []
  for (const path of paths) {
    try {
      keys.push(await loadPublicKey(path))
    } catch (err) {
      throw new PatchbayError(
        'invalid-input',
        `Trusted key ${path}: ${(err as Error).message}`,
        'trustedKeys',
      )
    }
  }
  return keys
}

/** One problem as a line: the file it names first. */
export function problemLine(p: BundleProblem): string {
  return p.path && !p.message.startsWith(p.path) ? `${p.path}: ${p.message}` : p.message
}

/** Checks a bundle: signature, trust (when keys are given), every entry, hash and size; names every problem. */
export async function checkBundle(
  file: string,
  trustedKeyPaths: string[],
  onProgress?: (done: number, total: number) => void,
): Promise<BundleVerifyDto> {
  const keys = await loadTrustedKeys(trustedKeyPaths)
  const st = await stat(file).catch(() => null)
  if (!st?.isFile()) throw new PatchbayError('not-found', `No bundle file at ${file}`, 'file')
  const r = await verifyBundle(file, { trustedKeys: keys, requireTrusted: keys.length > 0, onProgress })
  return {
    ok: r.ok,
    problems: r.problems.map(problemLine),
    details: r.problems.map((p) => ({ kind: p.kind, path: p.path ?? '', message: p.message })),
    signer: r.signer?.fingerprint ?? '',
    trusted: r.signer?.trusted ?? false,
    packageName: r.manifest?.package.name ?? '',
    fileCount: r.manifest?.files.length ?? 0,
    updateCount: r.manifest?.updates.length ?? 0,
    bytes: r.manifest?.files.reduce((n, f) => n + f.size, 0) ?? 0,
  }
}

/** Where imported packages' source folders go by default: next to a SQLite site, else in the user's data folder. */
export function defaultSourceRoot(ctx: Pick<SiteContext, 'kind' | 'location'>): string {
  return ctx.kind === 'sqlite' ? join(dirname(ctx.location), 'packages') : join(userDataDir(), 'packages')
}

/** Imports a bundle that verifies against a trusted key as a new package; answers its ID. Nothing is written on refusal. */
export async function importBundle(
  ctx: SiteContext,
  o: {
    file: string
    trustedKeys: string[]
    sourceRoot?: string
    onProgress?: (done: number, total: number) => void
  },
): Promise<string> {
  const keys = await loadTrustedKeys(o.trustedKeys)
  if (keys.length === 0)
    throw new PatchbayError(
      'invalid-input',
      'Give the trusted public key the bundle must be signed with',
      'trustedKeys',
    )
  const st = await stat(o.file).catch(() => null)
  if (!st?.isFile()) throw new PatchbayError('not-found', `No bundle file at ${o.file}`, 'file')
  const root = o.sourceRoot ?? defaultSourceRoot(ctx)
  await ensureSourceFolder(root)
  const staging = join(root, `.import-${randomUUID()}`)
  const r = await verifyBundle(o.file, {
    trustedKeys: keys,
    requireTrusted: true,
    extractTo: staging,
    onProgress: o.onProgress,
  })
  if (!r.ok || !r.manifest || !r.extractedTo) {
    const lines = r.problems.map(problemLine)
    throw new PatchbayError(
      'invalid-input',
      `The bundle was refused; nothing was imported. ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n` +
        lines.slice(0, 50).join('\n'),
      'file',
    )
  }
  const m = r.manifest
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const id = await ctx.nextId(trx)
      const now = ctx.now()
      const target = join(root, id)
      await trx
        .insertInto('package')
        .values({
          id,
          name: m.package.name,
          version: m.package.version,
          manufacturer: m.package.manufacturer,
          language: m.package.language,
          comment: m.package.comment,
          source_path: target,
          sending_priority: 'medium',
          created_at: now,
          updated_at: now,
        })
        .execute()
      for (const p of m.programs)
        await trx
          .insertInto('program')
          .values({
            package_id: id,
            name: p.name,
            command_line: p.commandLine,
            comment: p.comment ?? '',
            run_window: p.runWindow ?? 'hidden',
            run_mode: p.runMode,
            after_running: p.afterRunning,
            platform: p.platform,
            max_run_minutes: p.maxRunMinutes ?? 120,
          })
          .execute()
      await setPackageUpdates(
        trx,
        id,
        m.updates.map((u) => u.id),
      )
      await recordPackageFiles(
        trx,
        id,
        m.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, updateId: f.updateId ?? null })),
      )
      await ctx.audit(
        trx,
        'info',
        'Distribution Manager',
        id,
        `Package ${id} "${m.package.name}" imported from bundle ${o.file} signed by ${r.signer?.fingerprint ?? '?'}: ${m.files.length} files, ${m.updates.length} updates.`,
      )
      await rename(staging, target) // last step: a failure here rolls the rows back
      return id
    })
    ctx.events.emit('site:changed', { entity: 'packages', ids: [id] })
    ctx.events.emit('site:changed', { entity: 'content', ids: [id] })
    ctx.events.emit('site:changed', { entity: 'status', ids: [] })
    return id
  } catch (err) {
    await rm(staging, { recursive: true, force: true })
    if (isUniqueViolation(err))
      throw new PatchbayError(
        'conflict',
        `A package "${m.package.name}"${m.package.version ? ` version ${m.package.version}` : ''} already exists; nothing was imported`,
        'file',
      )
    throw err
  }
}
