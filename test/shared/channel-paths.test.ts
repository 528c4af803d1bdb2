import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { channels } from '../../shared/contract'

/** A field name that reads like a file or folder: such a field must be declared a path, or listed below. */
const pathLike = /path|file|dir|folder|root|keyring|bundle|snapshot|notes|keys?$|^out(put)?$/i

/**
 * String fields whose names look like a local path but are not one, each with the reason. A field here is never
 * confined in browser mode, so a reason must say why the console never opens, reads or writes it on its machine.
 */
const notLocalPaths: Record<string, string> = {
  'distribution:set-point rootPath':
    "a folder on the distribution point (a remote client), reached over ssh; the console's disk is not touched",
}

/** A string field of a channel's input: its dotted name (`[]` marks array elements) and whether it is in an array of objects. */
interface StringField {
  name: string
  inObjectArray: boolean
}

/** Every string (or string-array) field of a zod input schema. */
function stringFields(schema: z.ZodType, prefix = '', inObjectArray = false): StringField[] {
  const def = (schema as unknown as { def: Record<string, unknown> & { type: string } }).def
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key)
  switch (def.type) {
    case 'string':
      return [{ name: prefix, inObjectArray }]
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) =>
        stringFields(v, at(k), inObjectArray),
      )
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return stringFields(def.innerType as z.ZodType, prefix, inObjectArray)
    case 'pipe':
      return stringFields(def.in as z.ZodType, prefix, inObjectArray)
    case 'array': {
      const element = def.element as z.ZodType
      const isObject = (element as unknown as { def: { type: string } }).def.type !== 'string'
      return stringFields(element, isObject ? `${prefix}[]` : prefix, inObjectArray || isObject)
    }
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => stringFields(o, prefix, inObjectArray))
    case 'intersection':
      return [
        ...stringFields(def.left as z.ZodType, prefix, inObjectArray),
        ...stringFields(def.right as z.ZodType, prefix, inObjectArray),
      ]
    case 'record':
      return stringFields(def.valueType as z.ZodType, `${prefix}{}`, true)
    default:
      return []
  }
}

const lastPart = (name: string) =>
  name
    .split('.')
    .pop()!
    .replace(/\[\]|\{\}/g, '')

describe('local path fields of the contract', () => {
  it('declares every input field that looks like a local path, or lists why it is not one', () => {
    const undeclared: string[] = []
    for (const [name, ch] of Object.entries(channels)) {
      const declared = ch.paths
      for (const f of stringFields(ch.input)) {
        if (!pathLike.test(lastPart(f.name))) continue
        if (declared[f.name] && !f.inObjectArray) continue
        if (notLocalPaths[`${name} ${f.name}`]) continue
        undeclared.push(`${name} ${f.name}`)
      }
    }
    expect(
      undeclared,
      'declare these in the channel (paths: { field: readPath(…) | writePath(…) }) or add them to notLocalPaths with a reason',
    ).toEqual([])
  })

  it('declares only string fields the input has, never one the allow-list calls remote', () => {
    for (const [name, ch] of Object.entries(channels)) {
      const fields = new Set(stringFields(ch.input).map((f) => f.name))
      for (const [field, spec] of Object.entries(ch.paths)) {
        expect(fields.has(field), `${name} declares ${field}, which is not a string field of its input`).toBe(
          true,
        )
        expect(spec.label.trim(), `${name} ${field} has no label`).not.toBe('')
        expect(notLocalPaths[`${name} ${field}`], `${name} ${field} is both declared and allow-listed`).toBe(
          undefined,
        )
      }
    }
    for (const key of Object.keys(notLocalPaths)) {
      const [name, field] = key.split(' ') as [keyof typeof channels, string]
      expect(channels[name], `${key}: no such channel`).toBeDefined()
      expect(
        stringFields(channels[name].input).some((f) => f.name === field),
        `${key}: no such field`,
      ).toBe(true)
    }
  })

  it('declares the paths the console reads and writes on its own machine', () => {
    const declared = Object.fromEntries(
      Object.entries(channels)
        .filter(([, ch]) => Object.keys(ch.paths).length > 0)
        .map(([name, ch]) => [
          name,
          Object.fromEntries(Object.entries(ch.paths).map(([f, spec]) => [f, spec.access])),
        ]),
    )
    expect(declared).toEqual({
      'resources:create': { identityFile: 'read' },
      'resources:update': { identityFile: 'read' },
      'resources:import': { path: 'read' },
      'packages:create': { sourcePath: 'write' },
      'packages:update': { sourcePath: 'write' },
      'catalog:sources-add': { keyring: 'read' },
      'catalog:import': { file: 'read', caBundle: 'read' },
      'catalog:export-snapshot': { out: 'write' },
      'catalog:read-snapshot': { file: 'read' },
      'wizard:update-types': { snapshot: 'read' },
      'wizard:candidates': { snapshot: 'read' },
      'wizard:download': { folder: 'write' },
      'wizard:status': { folder: 'read' },
      'wizard:finish': { sourcePath: 'write', 'settings.releaseNotes': 'read' },
      'keys:create': { dir: 'write' },
      'bundles:build': { out: 'write', workDir: 'write', signingKey: 'read', catalogSnapshot: 'read' },
      'bundles:verify': { file: 'read', trustedKeys: 'read' },
      'bundles:import': { file: 'read', trustedKeys: 'read', sourceRoot: 'write' },
    })
  })
})
