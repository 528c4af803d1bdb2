import { quote } from '../parsing/one-line'
import { CatalogError } from './catalog-error'

/** dpkg's largest epoch (INT_MAX); a larger one is refused, as dpkg refuses it. */
export const MAX_EPOCH = 2147483647

/** A Debian version split per policy §5.6.12: [epoch:]upstream[-revision]. */
export interface DebianVersion {
  epoch: number
  upstream: string
  revision: string
}

/** Splits a Debian version string; throws CatalogError on one dpkg would reject. */
export function parseDebianVersion(version: string): DebianVersion {
  const v = version.trim()
  const colon = v.indexOf(':')
  let epoch = 0
  if (colon >= 0) {
    const e = v.slice(0, colon)
    if (!/^\d+$/.test(e))
      throw new CatalogError(`version ${quote(version)}: epoch ${quote(e)} is not a number`)
    epoch = Number(e)
    if (epoch > MAX_EPOCH) throw new CatalogError(`version ${quote(version)}: epoch ${quote(e)} is too large`)
  }
  const rest = v.slice(colon + 1)
  const dash = rest.lastIndexOf('-')
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest
  const revision = dash >= 0 ? rest.slice(dash + 1) : ''
  if (!/^[0-9]/.test(upstream)) throw new CatalogError(`version ${quote(version)}: must start with a digit`)
  if (!/^[A-Za-z0-9.+~:-]+$/.test(upstream) || (dash >= 0 && !/^[A-Za-z0-9.+~]+$/.test(revision)))
    throw new CatalogError(`version ${quote(version)}: invalid character`)
  return { epoch, upstream, revision }
}

/** dpkg's character weight: ~ before everything (even the end), then the end, letters, then the rest. */
function order(c: string | undefined): number {
  if (c === undefined) return 0
  if (c === '~') return -1
  const code = c.charCodeAt(0)
  if (code >= 48 && code <= 57) return 0
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return code
  return code + 256
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

/** dpkg's verrevcmp: alternating non-digit and digit runs. */
function compareFragment(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    let firstDiff = 0
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i])
      const bc = order(b[j])
      if (ac !== bc) return ac - bc
      i++
      j++
    }
    while (a[i] === '0') i++
    while (b[j] === '0') j++
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j)
      i++
      j++
    }
    if (isDigit(a[i])) return 1
    if (isDigit(b[j])) return -1
    if (firstDiff) return firstDiff
  }
  return 0
}

/** Compares two Debian versions as `dpkg --compare-versions` does: negative, 0 or positive. */
export function compareDebianVersions(a: string, b: string): number {
  const va = parseDebianVersion(a)
  const vb = parseDebianVersion(b)
  if (va.epoch !== vb.epoch) return va.epoch > vb.epoch ? 1 : -1
  const up = compareFragment(va.upstream, vb.upstream)
  if (up !== 0) return Math.sign(up)
  return Math.sign(compareFragment(va.revision, vb.revision))
}
