import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createConfPrefs } from '../../../../main/core/runtime/conf-prefs'

describe('console preferences kept by conf (browser mode and CLI)', () => {
  it('persist theme, last node, column widths and window bounds across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-prefs-'))
    const first = createConfPrefs(dir)
    expect(first.get()).toMatchObject({ theme: 'light', lastNode: 'site', detailsPaneOpen: true })
    first.set({ theme: 'dark', lastNode: 'collection:LAB00009', columnWidths: { members: { name: 240 } } })
    first.set({ windowBounds: { x: 10, y: 20, width: 1280, height: 800 } })
    const reopened = createConfPrefs(dir).get()
    expect(reopened).toMatchObject({
      theme: 'dark',
      lastNode: 'collection:LAB00009',
      columnWidths: { members: { name: 240 } },
      windowBounds: { x: 10, y: 20, width: 1280, height: 800 },
    })
  })

  it('fall back to the default for a malformed field only, and refuse bad values without losing good ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-prefs-'))
    const prefs = createConfPrefs(dir)
    prefs.set({ theme: 'dark' })
    const file = readdirSync(dir).find((f) => f.endsWith('.json'))!
    writeFileSync(
      join(dir, file),
      JSON.stringify({ prefs: { theme: 'purple', lastNode: 'packages', detailsPaneOpen: 'yes' } }),
    )
    expect(createConfPrefs(dir).get()).toMatchObject({
      theme: 'light',
      lastNode: 'packages',
      detailsPaneOpen: true,
    })
    const again = createConfPrefs(dir)
    again.set({ theme: 'dark' })
    expect(() => again.set({ columnWidths: { list: { name: 5 } } })).toThrow()
    expect(createConfPrefs(dir).get().theme).toBe('dark')
  })
})
