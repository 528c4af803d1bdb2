import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Reads a fixture under test/fixtures/. */
export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/${path}`, import.meta.url)), 'utf8')
}
