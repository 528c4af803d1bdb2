import { describe, expect, it } from 'vitest'
import type { ResourceDto } from '../../../../shared/dto/resource'
import {
  listsAgeCell,
  packageListsText,
} from '../../../../renderer/src/features/resources/package-lists-text'
import { formatTime } from '../../../../renderer/src/lib/format'

const NOW = new Date('2026-12-07T12:00:00Z')
const client = (listsUpdatedAt: string | null, listsRefreshError = '') =>
  ({ listsUpdatedAt, listsRefreshError }) as ResourceDto

describe('package lists text in Resource Explorer and the Lists Age column', () => {
  it('says when the lists were refreshed, or that the refresh failed and why', () => {
    const at = '2026-12-07T09:00:00Z'
    expect(packageListsText(client(at), NOW)).toBe(`Package lists: refreshed 3 h ago (${formatTime(at)})`)
    expect(packageListsText(client('2026-12-04T12:00:00Z', 'exit 0: W: Failed to fetch x'), NOW)).toBe(
      `Package lists: refresh failed: exit 0: W: Failed to fetch x; last refreshed 3 d ago (${formatTime('2026-12-04T12:00:00Z')})`,
    )
    expect(packageListsText(client(null), NOW)).toBeNull()
    expect(listsAgeCell(client(at), NOW)).toBe('3 h')
    expect(listsAgeCell(client(null, 'not run'), NOW)).toBe('unknown (refresh failed)')
    expect(listsAgeCell(client(null), NOW)).toBe('')
  })
})
