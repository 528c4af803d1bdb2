import type { Transport } from '../../shared/contract'
import type { CollectionDto } from '../../shared/dto/collection'
import type { PackageDto } from '../../shared/dto/package'
import type { ResourceDto } from '../../shared/dto/resource'
import { PatchbayError } from '../../shared/errors'

/** Finds the one item whose ID equals `ref` or whose name equals it case-insensitively; undefined when none. */
export function findByRef<T extends { id: string | number; name: string }>(
  items: readonly T[],
  ref: string,
  kind: string,
): T | undefined {
  const wanted = ref.trim()
  const byId = items.find((item) => String(item.id) === wanted || String(item.id) === wanted.toUpperCase())
  if (byId) return byId
  const key = wanted.toLowerCase()
  const matches = items.filter((item) => item.name.toLowerCase() === key)
  if (matches.length > 1)
    throw new PatchbayError(
      'conflict',
      `${kind} name "${wanted}" is ambiguous (${matches.map((m) => m.id).join(', ')}); use the ID`,
    )
  return matches[0]
}

/** Like findByRef, but an unknown reference is an error naming it. */
export function requireByRef<T extends { id: string | number; name: string }>(
  items: readonly T[],
  ref: string,
  kind: string,
): T {
  const found = findByRef(items, ref, kind)
  if (!found)
    throw new PatchbayError('not-found', `No ${kind.toLowerCase()} named or with ID "${ref.trim()}"`)
  return found
}

/** Resolves a collection ID or name. */
export async function resolveCollection(transport: Transport, ref: string): Promise<CollectionDto> {
  return requireByRef(await transport.invoke('collections:list', {}), ref, 'Collection')
}

/** Resolves a package ID or name. */
export async function resolvePackage(transport: Transport, ref: string): Promise<PackageDto> {
  return requireByRef(await transport.invoke('packages:list', {}), ref, 'Package')
}

/** Resolves client names (or numeric resource IDs), every one of them or an error naming the unknown ones. */
export async function resolveClients(transport: Transport, refs: readonly string[]): Promise<ResourceDto[]> {
  const resources = await transport.invoke('resources:list', {})
  const found: ResourceDto[] = []
  const missing: string[] = []
  for (const ref of refs) {
    const hit = findByRef(resources, ref, 'Client')
    if (hit) {
      if (!found.includes(hit)) found.push(hit)
    } else missing.push(ref)
  }
  if (missing.length > 0)
    throw new PatchbayError(
      'not-found',
      missing.length === 1
        ? `No client named "${missing[0]}"`
        : `No clients named ${missing.map((m) => `"${m}"`).join(', ')}`,
    )
  return found
}
