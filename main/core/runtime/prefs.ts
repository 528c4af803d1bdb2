import { prefsDto, type PrefsDto } from '../../../shared/dto/prefs'
import type { PrefsPort } from './ports'

/** Merges a preferences patch into the current value, validating the result. */
export function mergePrefs(current: PrefsDto, patch: Partial<PrefsDto>): PrefsDto {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
  return prefsDto.parse({ ...current, ...defined })
}

/** Reads stored preferences field by field: a malformed field falls back to its default, the others are kept. */
export function readPrefs(stored: unknown): PrefsDto {
  const source = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {}
  const kept = Object.fromEntries(
    Object.entries(prefsDto.shape).flatMap(([key, schema]) => {
      const parsed = schema.safeParse(source[key])
      return parsed.success ? [[key, parsed.data]] : []
    }),
  )
  return prefsDto.parse(kept)
}

/** Preferences held in memory only (tests, in-process use). */
export function createMemoryPrefs(): PrefsPort {
  let prefs = prefsDto.parse({})
  return {
    get: () => prefs,
    set(patch) {
      prefs = mergePrefs(prefs, patch)
      return prefs
    },
  }
}
