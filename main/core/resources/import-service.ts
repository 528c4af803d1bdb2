import { accessSync, constants } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { z } from 'zod'
import type { CollectionDto } from '../../../shared/dto/collection'
import type { ResourceImportDto, resourceImportInput } from '../../../shared/dto/resource-import'
import { PatchbayError } from '../../../shared/errors'
import { isSmsId } from '../../../shared/ids'
import type { ImportedHost } from '../../clients/import'
import type { CollectionsService } from '../collections/service'
import type { ResourcesService } from './service'

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK)
    return true
  } catch {
    return false
  }
}

/** Reads and parses a host list; any problem is an error naming the file (and line) before anything is created. */
export async function readImportFile(
  path: string,
  format: z.output<typeof resourceImportInput>['format'],
  shownAs = path,
): Promise<{ hosts: ImportedHost[]; warnings: string[] }> {
  // Loaded on use: the parsers (and YAML) are not needed until someone imports.
  const { ImportError, parseImport } = await import('../../clients/import')
  const full = resolve(path)
  let text: string
  try {
    text = await readFile(full, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new PatchbayError(
      'not-found',
      `cannot read ${shownAs}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      'path',
    )
  }
  try {
    const result = parseImport(format, text, { file: shownAs, path: full })
    // Relative identity files are relative to the imported file, as ssh resolves them to ~/.ssh.
    for (const h of result.hosts)
      if (h.identityFile !== '' && !isAbsolute(h.identityFile))
        h.identityFile = resolve(dirname(full), h.identityFile)
    return result
  } catch (err) {
    if (err instanceof ImportError)
      throw new PatchbayError('invalid-input', `${err.message}; nothing was imported`, 'path')
    throw err
  }
}

/** Client import: resources from a host list, its groups (and one extra collection) as collections; all or nothing. */
export function createResourceImportService(deps: {
  resources: ResourcesService
  collections: CollectionsService
}) {
  const { resources, collections } = deps

  /** Creates the parsed hosts (names that exist are skipped) and their collections; on any refusal removes what it made. */
  async function importHosts(
    hosts: ImportedHost[],
    extra: string | null,
    warnings: string[],
  ): Promise<ResourceImportDto> {
    const summary: ResourceImportDto = { added: [], skipped: [], collections: [], warnings: [...warnings] }
    const existing = await resources.list()
    const fresh: ImportedHost[] = []
    for (const h of hosts) {
      const clash = existing.find((r) => r.name.toLowerCase() === h.name.toLowerCase())
      if (clash) summary.skipped.push({ name: h.name, reason: `a client named "${clash.name}" exists` })
      else fresh.push(h)
      if (h.identityFile !== '' && !readable(h.identityFile))
        summary.warnings.push(`${h.name}: identity file ${h.identityFile} is missing or unreadable`)
    }
    const all = await collections.list()
    const find = (ref: string): CollectionDto | undefined => {
      const key = ref.trim().toLowerCase()
      const byId = all.find((c) => c.id.toLowerCase() === key)
      if (byId) return byId
      const named = all.filter((c) => c.name.toLowerCase() === key)
      if (named.length > 1)
        throw new PatchbayError(
          'conflict',
          `Collection name "${ref.trim()}" is ambiguous (${named.map((c) => c.id).join(', ')}); use the ID`,
          'collection',
        )
      return named[0]
    }
    const wanted = new Map<string, CollectionDto | string>()
    const want = (name: string) => {
      if (!wanted.has(name.toLowerCase())) wanted.set(name.toLowerCase(), find(name) ?? name)
    }
    if (extra !== null && extra !== '') {
      if (!find(extra) && isSmsId(extra.toUpperCase()))
        throw new PatchbayError('not-found', `No collection with ID "${extra}"`, 'collection')
      want(extra)
    }
    for (const h of fresh) h.groups.forEach(want)

    const created: number[] = []
    const made: string[] = []
    try {
      for (const h of fresh) {
        const r = await resources.create({
          name: h.name,
          address: h.address,
          port: h.port,
          user: h.user,
          platform: h.platform,
          osVersion: '',
          roles: [],
          transport: 'ssh',
          authMethod: h.identityFile === '' ? 'auto' : 'key',
          identityFile: h.identityFile,
          simulated: h.vars?.patchbay_simulated === 'true',
        })
        created.push(r.id)
        summary.added.push(r)
      }
      const byName = new Map(summary.added.map((r) => [r.name.toLowerCase(), r.id]))
      for (const [key, target] of wanted) {
        const ids = fresh
          .filter(
            (h) =>
              (extra !== null && key === extra.toLowerCase()) ||
              h.groups.some((g) => g.toLowerCase() === key),
          )
          .map((h) => byName.get(h.name.toLowerCase())!)
        if (ids.length === 0) continue
        const isNew = typeof target === 'string'
        const collection = isNew
          ? await collections.create({
              name: target,
              comment: '',
              parentId: null,
              limitingCollectionId: null,
              rules: [],
            })
          : target
        if (isNew) made.push(collection.id)
        await collections.addMembers({ id: collection.id, resourceIds: ids })
        summary.collections.push({
          id: collection.id,
          name: collection.name,
          created: isNew,
          added: ids.length,
        })
      }
    } catch (err) {
      // Nothing partial: undo what this import created.
      for (const id of made) await collections.remove(id).catch(() => undefined)
      if (created.length) await resources.remove(created).catch(() => undefined)
      throw err
    }
    return summary
  }

  return {
    importHosts,
    /** Reads, parses and imports a host-list file (the `resources:import` channel). */
    async importFile(input: z.output<typeof resourceImportInput>): Promise<ResourceImportDto> {
      const parsed = await readImportFile(input.path, input.format)
      return importHosts(parsed.hosts, input.collection?.trim() || null, parsed.warnings)
    },
  }
}

/** The client import service. */
export type ResourceImportService = ReturnType<typeof createResourceImportService>
