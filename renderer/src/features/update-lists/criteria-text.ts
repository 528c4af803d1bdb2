import type { UpdateCriteria } from '../../../../shared/dto/update-criteria'
import { plural } from '../../lib/format'

/** Search criteria in one line ("Security Updates · Critical · "openssl" · superseded excluded"). */
export function criteriaText(c: UpdateCriteria): string {
  const parts: string[] = []
  if (c.classifications.length) parts.push(c.classifications.join(' or '))
  if (c.products.length) parts.push(`product ${c.products.join(' or ')}`)
  if (c.severities.length) parts.push(`severity ${c.severities.join(' or ')}`)
  if (c.vendors.length) parts.push(`vendor ${c.vendors.join(' or ')}`)
  if (c.text) parts.push(`"${c.text}"`)
  if (c.minAgeDays !== null) parts.push(`released ≥ ${c.minAgeDays} days ago`)
  if (c.maxAgeDays !== null) parts.push(`released ≤ ${c.maxAgeDays} days ago`)
  if (c.minRequired > 0) parts.push(`required by ≥ ${plural(c.minRequired, 'client')}`)
  parts.push(
    c.superseded === 'exclude'
      ? 'superseded excluded'
      : c.superseded === 'only'
        ? 'superseded only'
        : 'superseded included',
  )
  return parts.join(' · ')
}
