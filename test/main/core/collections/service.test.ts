import { afterEach, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import type { Services } from '../../../../main/core/runtime/services'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'

describe.each(siteEngines())('collections on $kind', (engine) => {
  let services: Services | undefined
  afterEach(async () => {
    await services?.close()
    services = undefined
  })

  async function site(label: string): Promise<Transport> {
    const s = await newSite(engine.freshLocation(label))
    services = s.services
    return s.api
  }

  async function addFleet(api: Transport) {
    await api.invoke('resources:create', {
      name: 'web-01',
      address: '127.0.10.1',
      platform: 'debian',
      osVersion: 'Debian 12',
    })
    await api.invoke('resources:create', {
      name: 'web-02',
      address: '127.0.10.2',
      platform: 'debian',
      osVersion: 'Debian 12',
    })
    await api.invoke('resources:create', {
      name: 'db-01',
      address: '127.0.20.1',
      platform: 'rhel',
      osVersion: 'RHEL 9.4',
    })
    await api.invoke('resources:create', {
      name: 'win-app-01',
      address: '127.0.30.1',
      platform: 'windows',
      osVersion: '10.0.20348',
    })
    await api.invoke('resources:create', { name: 'new-box', address: 'new-box.invalid' })
  }

  it('gives a new site the built-in collections with SMS-style IDs, limited to All Systems', async () => {
    const api = await site('builtins')
    const list = await api.invoke('collections:list', {})
    expect(list.map((c) => [c.id, c.name])).toEqual([
      ['LAB00001', 'All Systems'],
      ['LAB00002', 'All Windows Systems'],
      ['LAB00003', 'All Linux Systems'],
      ['LAB00004', 'All Debian and Ubuntu Systems'],
      ['LAB00005', 'All Red Hat Systems'],
      ['LAB00006', 'All SUSE Systems'],
      ['LAB00007', 'All Unknown Computers'],
      ['LAB00008', 'All Site Systems'],
    ])
    expect(list.every((c) => c.builtIn)).toBe(true)
    expect(list[0]!.limitingCollectionId).toBeNull()
    expect(list.slice(1).every((c) => c.limitingCollectionId === 'LAB00001')).toBe(true)
  })

  it('keeps built-in memberships current as resources arrive, change and leave', async () => {
    const api = await site('live')
    await addFleet(api)
    const counts = async () =>
      Object.fromEntries((await api.invoke('collections:list', {})).map((c) => [c.name, c.memberCount]))
    expect(await counts()).toMatchObject({
      'All Systems': 5,
      'All Windows Systems': 1,
      'All Linux Systems': 3,
      'All Debian and Ubuntu Systems': 2,
      'All Red Hat Systems': 1,
      'All Unknown Computers': 1,
    })
    const box = (await api.invoke('resources:list', {})).find((r) => r.name === 'new-box')!
    await api.invoke('resources:update', { id: box.id, platform: 'windows' })
    expect(await counts()).toMatchObject({ 'All Windows Systems': 2, 'All Unknown Computers': 0 })
    await api.invoke('resources:delete', { ids: [box.id] })
    expect(await counts()).toMatchObject({ 'All Systems': 4, 'All Windows Systems': 1 })
  })

  it('selects exactly the resources a query rule matches, minus excludes, within the limiting collection', async () => {
    const api = await site('query')
    await addFleet(api)
    const web = await api.invoke('collections:create', {
      name: 'Web servers',
      rules: [
        {
          kind: 'query',
          name: 'web by name',
          conditions: [{ attribute: 'name', operator: 'like', value: 'web-*' }],
        },
        {
          kind: 'query',
          name: 'db by range',
          conditions: [{ attribute: 'address', operator: 'inRange', value: '127.0.20.0/24' }],
        },
        {
          kind: 'query',
          effect: 'exclude',
          name: 'not web-02',
          conditions: [{ attribute: 'name', operator: 'equals', value: 'WEB-02' }],
        },
      ],
    })
    expect(web.id).toBe('LAB00009')
    expect(web.limitingCollectionId).toBe('LAB00001')
    const members = await api.invoke('collections:members', { id: web.id })
    expect(members.map((m) => m.name)).toEqual(['db-01', 'web-01'])

    const linuxOnly = await api.invoke('collections:create', {
      name: 'Web servers on Linux',
      limitingCollectionId: web.id,
      rules: [
        {
          kind: 'query',
          name: 'debian',
          conditions: [{ attribute: 'platform', operator: 'equals', value: 'debian' }],
        },
      ],
    })
    expect((await api.invoke('collections:members', { id: linuxOnly.id })).map((m) => m.name)).toEqual([
      'web-01',
    ])

    // A resource renamed into the pattern joins at once.
    const win = (await api.invoke('resources:list', {})).find((r) => r.name === 'win-app-01')!
    await api.invoke('resources:update', { id: win.id, name: 'web-03' })
    expect((await api.invoke('collections:get', { id: web.id })).memberCount).toBe(3)
  })

  it('previews a rule before saving it', async () => {
    const api = await site('preview')
    await addFleet(api)
    const preview = await api.invoke('collections:preview', {
      rules: [
        {
          kind: 'query',
          name: 'p',
          conditions: [{ attribute: 'osVersion', operator: 'like', value: 'debian*' }],
        },
      ],
    })
    expect(preview.map((r) => r.name)).toEqual(['web-01', 'web-02'])
  })

  it('adds direct members and keeps them when their attributes change', async () => {
    const api = await site('direct')
    await addFleet(api)
    const c = await api.invoke('collections:create', { name: 'Pilot' })
    const all = await api.invoke('resources:list', {})
    const ids = all.filter((r) => r.name === 'db-01' || r.name === 'new-box').map((r) => r.id)
    const after = await api.invoke('collections:add-members', { id: c.id, resourceIds: ids })
    expect(after.memberCount).toBe(2)
    expect(after.rules).toHaveLength(2)
    await api.invoke('resources:update', { id: ids[0]!, platform: 'suse' })
    expect((await api.invoke('collections:get', { id: c.id })).memberCount).toBe(2)
  })

  it('refuses bad rules, cycles, duplicates and changes to built-ins with messages naming the problem', async () => {
    const api = await site('refusals')
    await addFleet(api)
    await expect(
      api.invoke('collections:create', {
        name: 'Bad range',
        rules: [
          {
            kind: 'query',
            name: 'r',
            conditions: [{ attribute: 'address', operator: 'inRange', value: '127.0.0.300/8' }],
          },
        ],
      }),
    ).rejects.toMatchObject({ code: 'invalid-input', field: 'rules.0.conditions.0.value' })
    await expect(api.invoke('collections:create', { name: 'all systems' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A collection named "all systems" already exists',
    })
    await expect(
      api.invoke('collections:update', { id: 'LAB00001', name: 'Everything' }),
    ).rejects.toMatchObject({ code: 'forbidden' })
    await expect(api.invoke('collections:delete', { id: 'LAB00002' })).rejects.toThrow(/built-in/)
    const a = await api.invoke('collections:create', { name: 'A' })
    const b = await api.invoke('collections:create', { name: 'B', limitingCollectionId: a.id })
    await expect(
      api.invoke('collections:update', { id: a.id, limitingCollectionId: b.id }),
    ).rejects.toMatchObject({
      field: 'limitingCollectionId',
    })
    await expect(api.invoke('collections:delete', { id: a.id })).rejects.toThrow(/limits .*"B"/)
    await expect(api.invoke('collections:create', { name: '' })).rejects.toMatchObject({ field: 'name' })
    expect((await api.invoke('collections:list', {})).map((c) => c.name)).toContain('B')
  })

  it('moves sub-collections up when their parent is deleted', async () => {
    const api = await site('subs')
    const parent = await api.invoke('collections:create', { name: 'Servers' })
    const child = await api.invoke('collections:create', { name: 'Web', parentId: parent.id })
    expect(child.parentId).toBe(parent.id)
    await api.invoke('collections:delete', { id: parent.id })
    expect((await api.invoke('collections:get', { id: child.id })).parentId).toBeNull()
  })

  it('announces membership changes as events', async () => {
    const api = await site('events')
    const seen: string[] = []
    const off = api.on('site:changed', (e) => seen.push(`${e.entity}:${e.ids.join(',')}`))
    await api.invoke('resources:create', { name: 'w1', address: '127.0.0.9', platform: 'windows' })
    off()
    expect(seen).toContain('resources:1')
    expect(
      seen.some((s) => s.startsWith('collections:') && s.includes('LAB00001') && s.includes('LAB00002')),
    ).toBe(true)
  })
})
