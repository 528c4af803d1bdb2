import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { wizardFinishInput } from '../../shared/dto/wizard'
import { PatchbayError } from '../../shared/errors'

/** `updateIds` value that takes every update of the type that at least one client reported Required. */
export const ALL_REQUIRED = 'all-required'

/**
 * An answer file for `patchbay wizard run`: the wizard:finish input, where `updateIds` may be "all-required",
 * `distributionPointIds` may name points by name or ID, and `sourcePath` may be relative to the file's folder.
 */
export const wizardAnswers = wizardFinishInput
  .omit({ sessionId: true, sourcePath: true, updateIds: true, distributionPointIds: true })
  .extend({
    sourcePath: z
      .string({ error: 'Package source folder is required' })
      .trim()
      .min(1, 'Package source folder is required'),
    updateIds: z.union([z.literal(ALL_REQUIRED), z.array(z.string().min(1)).min(1)], {
      error: `must be "${ALL_REQUIRED}" or a non-empty list of update IDs`,
    }),
    distributionPointIds: z
      .array(
        z.union([z.number().int().positive(), z.string().trim().min(1)], {
          error: 'must be a distribution point name or ID',
        }),
      )
      .default([]),
  })
  .strict()

/** A parsed answer file. */
export type WizardAnswers = z.output<typeof wizardAnswers>

/** Reads and checks an answer file; any problem is an error naming the file and, for bad values, the field. */
export function readWizardAnswers(file: string, cwd = process.cwd()): WizardAnswers {
  const path = isAbsolute(file) ? file : resolve(cwd, file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new PatchbayError(
      'invalid-input',
      `answers file ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new PatchbayError('invalid-input', `answers file ${path} is not JSON: ${(err as Error).message}`)
  }
  const parsed = wizardAnswers.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = issue.path.map(String).join('.')
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message
    throw new PatchbayError(
      'invalid-input',
      `answers file ${path}: ${field ? `${field}: ` : ''}${message}`,
      field || undefined,
    )
  }
  const answers = parsed.data
  const source = answers.sourcePath
  return { ...answers, sourcePath: isAbsolute(source) ? source : resolve(dirname(path), source) }
}
