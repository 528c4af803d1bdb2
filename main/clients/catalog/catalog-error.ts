import { oneLine } from '../parsing/one-line'

/** A catalog source or file that cannot be used: bad syntax, failed verification, unreachable mirror (one line). */
export class CatalogError extends Error {
  override readonly name = 'CatalogError'

  constructor(message: string, options?: ErrorOptions) {
    super(oneLine(message), options)
  }
}

/** `where: message`, for errors that point at a file and line. */
export function at(where: string, line: number | null, message: string): CatalogError {
  return new CatalogError(`${where}${line === null ? '' : ` line ${line}`}: ${message}`)
}
