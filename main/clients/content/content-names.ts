// Local names of content files: one path segment, safe on Linux and Windows and in a bundle. Characters a
// bundle path refuses (':' of Debian epochs, and the other Windows-reserved ones) are percent-encoded the
// way apt names its archives (`1%3a2.0`), never refused.
import { bundlePathProblem } from '../bundle/bundle-paths'

/** The file name a content file is stored under (percent-encodes `%`, `:` and other reserved characters). */
export function contentFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const mapped = base.replace(
    // eslint-disable-next-line no-control-regex
    /[%\u0000-\u001f\u007f<>:"|?*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'),
  )
  const problem = bundlePathProblem(mapped)
  if (problem || mapped === '..')
    throw new Error(`Content file name ${JSON.stringify(name)} is not usable: ${problem ?? 'climbs out'}`)
  return mapped
}
