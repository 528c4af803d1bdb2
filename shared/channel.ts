import type { z } from 'zod'

/** What a service does with a local path it is given: only reads it, or creates or changes files there. */
export type PathAccess = 'read' | 'write'

/** A field of a channel's input that names a file or folder on the machine running the services. */
export interface PathSpec {
  access: PathAccess
  /** The field's name as the console shows it ("Bundle file"), used in refusals. */
  label: string
}

/** A path the service only reads (a key, a bundle, a snapshot). */
export function readPath(label: string): PathSpec {
  return { access: 'read', label }
}

/** A path the service writes to or under (an output file, a folder it creates files in). */
export function writePath(label: string): PathSpec {
  return { access: 'write', label }
}

/**
 * The dotted names of the string and string-array fields of an input (`out`, `trustedKeys`,
 * `settings.releaseNotes`): where a path may be declared. Arrays of objects are not descended into.
 */
export type StringFieldPath<T, P extends string = ''> = T extends string | readonly string[]
  ? P
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? {
          [K in keyof T & string]-?: StringFieldPath<NonNullable<T[K]>, P extends '' ? K : `${P}.${K}`>
        }[keyof T & string]
      : never

/** Local path fields of a channel's input, by dotted field name. */
export type PathFields = Readonly<Record<string, PathSpec>>

/** What a channel declares besides its schemas. */
export interface ChannelOptions<I extends z.ZodType> {
  /**
   * Every input field that is a file or folder on the machine running the services, and whether the service
   * reads or writes it. Browser mode confines these to the folders the console was allowed (see dispatch);
   * paths on clients or distribution points are not listed.
   */
  paths?: { readonly [K in StringFieldPath<NonNullable<z.output<I>>>]?: PathSpec }
}

/** Defines one request/response channel, with the local path fields of its input. */
export function channel<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  options: ChannelOptions<I> = {},
): { input: I; output: O; paths: PathFields } {
  return { input, output, paths: (options.paths ?? {}) as PathFields }
}
