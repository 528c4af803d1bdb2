import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PatchbayError } from '../../../shared/errors'
import { settle, startHarness, type Harness } from '../store-harness'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.close()
})

const seed = async (names: [string, string, 'debian' | 'rhel' | 'windows'][]) => {
  for (const [name, address, platform] of names) await h.root.resources.create({ name, address, platform })
}

describe('RootStore on the real services', () => {
  it('loads the site, builds the tree with built-in collections and restores the root node', () => {
    const { root } = h
    expect(root.started).toBe(true)
    expect(root.ui.tree.label).toMatch(/^Site Database \(PBY – /)
    const collections = root.ui.tree.children.find((n) => n.id === 'collections')!
    expect(collections.children.map((c) => c.label)).toContain('All Systems')
    expect(collections.children[0]!.label).toBe('All Systems')
    expect(root.ui.selectedNodeId).toBe('site')
    expect(root.ui.results.view.rows.map((r) => r.data.label)).toContain('Software Updates')
  })

  it('shows exactly the resources a query rule matches, and follows changes live', async () => {
    const { root } = h
    await seed([
      ['web-01', '127.0.10.1', 'debian'],
      ['web-02', '127.0.10.2', 'debian'],
      ['db-01', '127.0.20.1', 'rhel'],
    ])
    const rule = {
      kind: 'query' as const,
      effect: 'include' as const,
      name: 'web',
      conditions: [{ attribute: 'name' as const, operator: 'like' as const, value: 'web-*' }],
    }
    const preview = await root.collections.preview([rule], null)
    expect(preview.map((r) => r.name).sort()).toEqual(['web-01', 'web-02'])
    const c = await root.collections.create({ name: 'Web servers', rules: [rule] })
    root.ui.selectNode(`collection:${c.id}`)
    await root.collections.loadMembers(c.id)
    expect(root.ui.results.rows.map((r) => r.data.name).sort()).toEqual(['web-01', 'web-02'])
    expect(root.ui.visibleTree.some((v) => v.node.id === `collection:${c.id}`)).toBe(true)

    // Another front end adds a matching client: the event refreshes counts and members.
    await root.transport.invoke('resources:create', { name: 'web-03', address: '127.0.10.3' })
    await settle(root)
    expect(root.collections.byId.get(c.id)!.memberCount).toBe(3)
    expect(root.ui.results.rows).toHaveLength(3)
  })

  it('nests sub-collections under their parent in the tree', async () => {
    const { root } = h
    const parent = await root.collections.create({ name: 'Servers' })
    const child = await root.collections.create({ name: 'Linux servers', parentId: parent.id })
    const collections = root.ui.tree.children.find((n) => n.id === 'collections')!
    const p = collections.children.find((n) => n.id === `collection:${parent.id}`)!
    expect(p.children.map((n) => n.id)).toEqual([`collection:${child.id}`])
    expect(collections.children.some((n) => n.id === `collection:${child.id}`)).toBe(false)
  })

  it('rejects bad input with a PatchbayError naming the field', async () => {
    const err = await h.root.resources
      .create({ name: 'x', address: '127.0.0.9', port: 70000 })
      .catch((e) => e)
    expect(err).toBeInstanceOf(PatchbayError)
    expect(err.field).toBe('port')
  })

  it('sorts, filters and multi-selects the results', async () => {
    const { root } = h
    await seed([
      ['b-2', '127.0.1.2', 'debian'],
      ['a-10', '127.0.1.10', 'rhel'],
      ['a-9', '127.0.1.9', 'windows'],
    ])
    root.ui.selectNode('clients')
    const r = root.ui.results
    r.toggleSort('name')
    expect(r.rows.map((x) => x.data.name)).toEqual(['a-9', 'a-10', 'b-2'])
    r.toggleSort('name')
    expect(r.rows.map((x) => x.data.name)).toEqual(['b-2', 'a-10', 'a-9'])
    r.setFilter('rhel')
    expect(r.rows.map((x) => x.data.name)).toEqual(['a-10'])
    r.setFilter('')
    r.click(r.rows[0]!.key)
    r.click(r.rows[2]!.key, { shift: true })
    expect(r.selectedRows).toHaveLength(3)
    r.click(r.rows[1]!.key, { ctrl: true })
    expect(r.selectedRows.map((x) => x.data.name)).toEqual(['b-2', 'a-9'])
    r.move('home')
    expect(r.selectedRows.map((x) => x.data.name)).toEqual(['b-2'])
    r.move(1, { delta: true, shift: true })
    expect(r.selectedRows).toHaveLength(2)
  })

  it('saves theme, last node, column widths and hidden columns in prefs', async () => {
    const { root } = h
    root.ui.selectNode('advertisements')
    root.ui.toggleTheme()
    root.prefs.setColumnWidth('resources', 'name', 321)
    root.prefs.setColumnHidden('resources', 'user', true)
    root.ui.toggleDetails()
    await new Promise((r) => setTimeout(r, 10))
    const saved = await root.transport.invoke('prefs:get', {})
    expect(saved).toMatchObject({ theme: 'dark', lastNode: 'advertisements', detailsPaneOpen: false })
    expect(saved.columnWidths['resources']).toEqual({ name: 321 })
    expect(saved.hiddenColumns['resources']).toEqual(['user'])
    root.ui.selectNode('clients', false)
    expect(root.ui.results.columns.find((c) => c.id === 'name')!.width).toBe(321)
    expect(root.ui.results.columns.some((c) => c.id === 'user')).toBe(false)
  })

  it('keeps packages, programs and advertisements in step', async () => {
    const { root } = h
    const pkg = await root.packages.create({ name: 'Agent' })
    await root.packages.createProgram({ packageId: pkg.id, name: 'Install', commandLine: '/usr/bin/true' })
    root.ui.selectNode(`package:${pkg.id}`)
    expect(root.ui.results.rows.map((r) => r.data.name)).toEqual(['Install'])
    const all = root.collections.allSystems!
    const start = new Date(Date.now() + 3600_000).toISOString()
    const bad = await root.advertisements
      .create({
        name: 'Agent',
        packageId: pkg.id,
        programName: 'Install',
        collectionId: all.id,
        availableAt: start,
        expiresAt: new Date(Date.now()).toISOString(),
      })
      .catch((e) => e)
    expect(bad).toBeInstanceOf(PatchbayError)
    const ad = await root.advertisements.create({
      name: 'Agent',
      packageId: pkg.id,
      programName: 'Install',
      collectionId: all.id,
      availableAt: start,
    })
    root.ui.selectNode('advertisements')
    expect(root.ui.results.rows.map((r) => r.data.id)).toEqual([ad.id])
  })

  it('keeps sorting and filtering fast at 10,000 rows', async () => {
    const { root } = h
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      id: i + 1,
      name: `host-${String(i).padStart(5, '0')}`,
      address: `127.1.${(i >> 8) & 255}.${i & 255}`,
      port: 22,
      user: '',
      platform: (['debian', 'rhel', 'windows'] as const)[i % 3]!,
      osFamily: (['linux', 'linux', 'windows'] as const)[i % 3]!,
      osVersion: '',
      roles: [],
      authMethod: 'auto' as const,
      transport: 'ssh' as const,
      identityFile: '',
      simulated: true,
      osName: '',
      agentVersion: '',
      rebootPending: false,
      lastScanAt: null,
      scanStateId: null,
      lastError: '',
      listsUpdatedAt: null,
      listsRefreshError: '',
      rebootReasons: [],
      servicesToRestart: null,
      servicesNote: '',
      hasSecret: false,
      hostKeyFingerprint: null,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    }))
    root.resources.items = items
    root.ui.selectNode('clients', false)
    const r = root.ui.results
    let t = performance.now()
    r.toggleSort('address')
    expect(r.rows).toHaveLength(10_000)
    const sortMs = performance.now() - t
    t = performance.now()
    r.setFilter('windows')
    expect(r.rows.length).toBe(3333)
    const filterMs = performance.now() - t
    r.setFilter('')
    r.move('end')
    r.move('home', { shift: true })
    expect(r.selectedRows).toHaveLength(10_000)
    expect(sortMs).toBeLessThan(500)
    expect(filterMs).toBeLessThan(300)
  })
})
