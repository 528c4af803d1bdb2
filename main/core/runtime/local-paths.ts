import { lstat, realpath } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path'
import type { PathAccess, PathFields } from '../../../shared/channel'
import { PatchbayError } from '../../../shared/errors'
import { excerpt } from '../../clients/parsing/one-line'

/**
 * The folders a front door lets callers name on this machine (browser mode: anyone holding the token). A path
 * field of a channel (declared in the contract) must lie inside one of them; without a policy nothing is confined.
 */
export interface LocalPathPolicy {
  /** Folders under which files may be read, written and created. */
  roots: string[]
  /** Folders under which files may only be read (public keyrings). */
  readOnlyRoots?: string[]
}

/** The folders of a policy with what each allows, as site:info reports them. */
export function policyFolders(policy: LocalPathPolicy): { path: string; access: PathAccess }[] {
  return [
    ...policy.roots.map((path) => ({ path, access: 'write' as const })),
    ...(policy.readOnlyRoots ?? []).map((path) => ({ path, access: 'read' as const })),
  ]
}

/** Folders on Windows and macOS compare without regard to case. */
const caseless = process.platform === 'win32' || process.platform === 'darwin'

function isInside(path: string, root: string): boolean {
  const p = caseless ? path.toLowerCase() : path
  const r = caseless ? root.toLowerCase() : root
  return p === r || p.startsWith(r.endsWith(sep) ? r : r + sep)
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code
}

/**
 * Where a path really leads: the real path of its longest existing part (symbolic links followed) with the part
 * that does not exist yet appended (a write creates it). A symbolic link that leads nowhere is refused: what a
 * write through it would create is decided by the link, not by the path given.
 */
async function realLocation(abs: string, fail: (why: string) => PatchbayError): Promise<string> {
  const rest: string[] = []
  let at = abs
  for (;;) {
    try {
      return join(await realpath(at), ...rest)
    } catch (err) {
      const code = errnoOf(err)
      if (code === 'ELOOP') throw fail('goes through a loop of symbolic links')
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fail(`cannot be resolved (${code ?? 'error'})`)
    }
    const st = await lstat(at).catch(() => null)
    if (st?.isSymbolicLink()) throw fail('goes through a symbolic link that leads nowhere')
    const parent = dirname(at)
    if (parent === at) return join(at, ...rest)
    rest.unshift(basename(at))
    at = parent
  }
}

/** Where the folders really are, resolved like the paths they are compared with (a missing one where it would be made). */
async function realRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const root of roots) {
    const real = await realLocation(resolve(root), () => new PatchbayError('internal', root)).catch(
      () => null,
    )
    if (real) out.push(real)
  }
  return out
}

/** `~` and `~/…` as the user's home; null for a relative path (relative to what the services' working folder is). */
function absolutePath(value: string, home: string): string | null {
  const expanded =
    value === '~'
      ? home
      : value.startsWith('~/') || (sep === '\\' && value.startsWith('~\\'))
        ? join(home, value.slice(2))
        : value
  return isAbsolute(expanded) ? resolve(expanded) : null
}

/**
 * Checks one path against the policy and answers the absolute path the service should use (`~` expanded,
 * `.` and `..` resolved), or refuses naming the field.
 */
export async function confinePath(
  policy: LocalPathPolicy,
  value: string,
  access: PathAccess,
  label: string,
  field: string,
  home = homedir(),
): Promise<string> {
  const shown = excerpt(value)
  if (value.includes('\0'))
    throw new PatchbayError('invalid-input', `${label}: ${shown} is not a valid path`, field)
  const abs = absolutePath(value, home)
  if (abs === null)
    throw new PatchbayError('invalid-input', `${label}: give a full path (${shown} is relative)`, field)
  const forbidden = (why: string) => new PatchbayError('forbidden', `${label}: ${shown} ${why}`, field)
  const real = await realLocation(abs, forbidden)
  const writable = await realRoots(policy.roots)
  const readable = access === 'read' ? await realRoots(policy.readOnlyRoots ?? []) : []
  if ([...writable, ...readable].some((root) => isInside(real, root))) return abs
  const folders =
    access === 'read'
      ? [...policy.roots, ...(policy.readOnlyRoots ?? []).map((r) => `${r} read only`)]
      : policy.roots
  throw forbidden(
    `${real === abs ? 'is' : `leads to ${excerpt(real)},`} outside the folders this console may ` +
      `${access === 'read' ? 'use' : 'write to'} (${folders.join(', ') || 'none'}); ` +
      'start the console with --allow-folder <dir> to add one',
  )
}

/** The field's value and a way to replace it, for each dotted field name that is present. */
function fieldsAt(input: unknown, dotted: string): { value: unknown; set: (v: unknown) => void }[] {
  const parts = dotted.split('.')
  const last = parts.pop()!
  let at: unknown = input
  for (const part of parts) {
    if (typeof at !== 'object' || at === null) return []
    at = (at as Record<string, unknown>)[part]
  }
  if (typeof at !== 'object' || at === null || !(last in at)) return []
  const holder = at as Record<string, unknown>
  return [{ value: holder[last], set: (v) => (holder[last] = v) }]
}

/**
 * Applies the policy to every declared path field of a validated input (strings and arrays of strings; an empty
 * string means "none" and is left alone), replacing each with the absolute path that was checked, so the service
 * uses exactly what was allowed. Refuses with the first field outside the allowed folders.
 */
export async function confineLocalPaths<T>(policy: LocalPathPolicy, paths: PathFields, input: T): Promise<T> {
  for (const [name, spec] of Object.entries(paths)) {
    for (const { value, set } of fieldsAt(input, name)) {
      if (typeof value === 'string') {
        if (value !== '') set(await confinePath(policy, value, spec.access, spec.label, name))
      } else if (Array.isArray(value)) {
        const out: unknown[] = []
        for (const [i, item] of value.entries())
          out.push(
            typeof item === 'string' && item !== ''
              ? await confinePath(policy, item, spec.access, spec.label, `${name}.${i}`)
              : item,
          )
        set(out)
      }
    }
  }
  return input
}
