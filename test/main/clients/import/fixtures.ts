import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { expect } from 'vitest'
import type { ImportFs } from '../../../../main/clients/import/paths'
import { ImportError } from '../../../../main/clients/import/types'

/** The import fixtures directory. */
export const FIXTURES = join(__dirname, '../../../fixtures/import')

/** A fixture's text. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8')
}

/** Home, local user and host every test imports as, so that results do not depend on who runs them. */
export const HOME = { home: '/home/alice', localUser: 'alice', localHost: 'console.lab.invalid' }

/** An in-memory ImportFs over absolute POSIX paths. */
export function memoryFs(files: Record<string, string>): ImportFs {
  return {
    readFile: (path) => files[path],
    readDir(path) {
      const prefix = path.endsWith('/') ? path : `${path}/`
      const names = Object.keys(files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length).split('/')[0]!)
      return names.length > 0 ? [...new Set(names)] : undefined
    },
    isDirectory: (path) => Object.keys(files).some((f) => f.startsWith(`${path}/`)),
    realPath: (path) => posix.normalize(path),
  }
}

/** Runs `fn`, expecting an ImportError with this message; returns the error. */
export function expectImportError(fn: () => unknown, message: string | RegExp): ImportError {
  let caught: unknown
  try {
    fn()
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(ImportError)
  const err = caught as ImportError
  if (typeof message === 'string') expect(err.message).toBe(message)
  else expect(err.message).toMatch(message)
  return err
}
