// Local names of content files: one path segment, safe on Linux and Windows, in a bundle and in any shell. Only
// letters, digits and . _ + ~ = - are kept; every other byte (':' of Debian epochs, quotes, spaces, '$', ';'…)
// is percent-encoded the way apt names its archives (`1%3a2.0`), never refused.
import { bundlePathProblem } from '../bundle/bundle-paths'

const encode = (c: string) =>
  [...Buffer.from(c, 'utf8')].map((b) => '%' + b.toString(16).padStart(2, '0')).join('')

/** The file name a content file is stored under: an allow-list of characters, everything else percent-encoded. */
export function contentFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // A leading '-' would read as an option to the tools that handle the file.
  const mapped = base.replace(/[^A-Za-z0-9._+~=-]/gu, encode).replace(/^-/, '%2d')
  const problem = bundlePathProblem(mapped)
  if (problem || mapped === '..')
    throw new Error(`Content file name ${JSON.stringify(name)} is not usable: ${problem ?? 'climbs out'}`)
  return mapped
}
