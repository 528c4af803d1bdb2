import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CollectionDto } from '../../../shared/dto/collection'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { SiteInfoDto } from '../../../shared/dto/site'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson } from './cli-harness'

describe('patchbay site, collection and client commands', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]

  beforeAll(async () => {
    await ensureCliBuilt()
  })
  afterAll(() => tmp.cleanup())

  it('refuses to work on a site that does not exist yet, naming the fix', async () => {
    const run = await runCli(['collection', 'list', ...site], tmp.env)
    expect(run.code).toBe(1)
    expect(lines(run.stderr)).toHaveLength(1)
    expect(run.stderr).toMatch(/^patchbay: No site .*patchbay site init/)
    expect(run.stdout).toBe('')
  })

  it('initialises a site and lists the built-in collections with SMS IDs and member counts', async () => {
    const info = await runJson<SiteInfoDto>(
      ['site', 'init', '--code', 'lab', '--name', 'Test Lab', ...site],
      tmp.env,
    )
    expect(info).toMatchObject({ code: 'LAB', name: 'Test Lab', dbKind: 'sqlite' })

    const collections = await runJson<CollectionDto[]>(['collection', 'list', ...site], tmp.env)
    const all = collections.find((c) => c.name === 'All Systems')
    expect(all).toMatchObject({ id: 'LAB00001', builtIn: true, memberCount: 0, limitingCollectionId: null })
    for (const c of collections) {
      expect(c.id).toMatch(/^LAB[0-9A-F]{5}$/)
      expect(c).toHaveProperty('comment')
      expect(typeof c.memberCount).toBe('number')
    }

    const human = await runCli(['collection', 'list', ...site], tmp.env)
    expect(human.code).toBe(0)
    expect(lines(human.stdout)[0]).toMatch(/^ID\s+Name\s+Members/)
    expect(human.stdout).toMatch(/^LAB00001\s+All Systems\s+0\b/m)
  })

  it('site info reports the site, also via PATCHBAY_SITE and with --json before the command', async () => {
    const info = await runJson<SiteInfoDto>(['site', 'info'], { ...tmp.env, PATCHBAY_SITE: tmp.site })
    expect(info).toMatchObject({ code: 'LAB', location: tmp.site })
    const early = await runCli(['--json', ...site, 'site', 'info'], tmp.env)
    expect(JSON.parse(early.stdout)).toMatchObject({ code: 'LAB' })
  })

  it('adds clients, and a query-rule collection lists exactly the matching ones', async () => {
    const web1 = await runJson<ResourceDto>(
      ['client', 'add', '127.0.0.11', '--name', 'web-01', '--platform', 'debian', ...site],
      tmp.env,
    )
    expect(web1).toMatchObject({ name: 'web-01', address: '127.0.0.11', port: 22, platform: 'debian' })
    await runJson(
      [
        'client',
        'add',
        '127.0.0.12',
        '--name',
        'web-02',
        '--port',
        '2222',
        '--user',
        'ops',
        '--no-connect',
        ...site,
      ],
      tmp.env,
    )
    // --platform auto (the default) connects to detect the platform; nothing answers there, so the
    // client is added, the problem named on one line, and the exit code is 1.
    const added = await runCli(['client', 'add', '127.0.1.20', '--json', ...site], tmp.env)
    expect(added.code).toBe(1)
    expect(lines(added.stderr)).toHaveLength(1)
    expect(added.stderr).toMatch(/^patchbay: 127\.0\.1\.20 \(127\.0\.1\.20:22\): .*the client was added/)
    const db = JSON.parse(added.stdout) as ResourceDto & { connect: { state: string } }
    expect(db).toMatchObject({ name: '127.0.1.20', platform: 'unknown', connect: { state: 'failed' } })

    const created = await runJson<CollectionDto>(
      [
        'collection',
        'create',
        '--name',
        'Web servers',
        '--query',
        'name like web-*',
        '--comment',
        'front end',
        ...site,
      ],
      tmp.env,
    )
    expect(created).toMatchObject({ name: 'Web servers', memberCount: 2, comment: 'front end' })
    const members = await runJson<ResourceDto[]>(['collection', 'members', 'web SERVERS', ...site], tmp.env)
    expect(members.map((m) => m.name).sort()).toEqual(['web-01', 'web-02'])

    // Two --query flags are two rules (OR); "and" joins conditions of one rule; exclude rules subtract.
    const mixed = await runJson<CollectionDto>(
      [
        'collection',
        'create',
        '--name',
        'Mixed',
        ...site,
        '--query',
        'address inRange 127.0.1.0/24',
        '--query',
        'name like web-* and platform equals debian',
        '--exclude-query',
        'name equals web-02',
      ],
      tmp.env,
    )
    const mixedMembers = await runJson<ResourceDto[]>(['collection', 'members', mixed.id, ...site], tmp.env)
    expect(mixedMembers.map((m) => m.name).sort()).toEqual(['127.0.1.20', 'web-01'])

    const listed = await runJson<CollectionDto[]>(['collection', 'list', ...site], tmp.env)
    expect(listed.find((c) => c.name === 'All Systems')?.memberCount).toBe(3)
  })

  it('limits a collection to another one and places it under a parent, both by name', async () => {
    const limited = await runJson<CollectionDto>(
      [
        'collection',
        'create',
        '--name',
        'Debian web',
        '--limit-to',
        'web servers',
        '--parent',
        'Mixed',
        ...site,
        '--query',
        'platform equals debian',
      ],
      tmp.env,
    )
    const listed = await runJson<CollectionDto[]>(['collection', 'list', ...site], tmp.env)
    const byName = (name: string) => listed.find((c) => c.name === name)
    expect(limited).toMatchObject({
      limitingCollectionId: byName('Web servers')?.id,
      parentId: byName('Mixed')?.id,
      memberCount: 1,
    })
    const unknownParent = await runCli(
      ['collection', 'create', '--name', 'Orphan', '--parent', 'Nope', ...site],
      tmp.env,
    )
    expect(unknownParent.code).toBe(1)
    expect(unknownParent.stderr).toBe('patchbay: No collection named or with ID "Nope"\n')
  })

  it('client add --collection creates the collection once and adds direct members', async () => {
    const first = await runJson<ResourceDto & { collectionId: string; createdCollection: boolean }>(
      [
        'client',
        'add',
        '127.0.0.31',
        '--name',
        'app-01',
        '--collection',
        'App tier',
        '--no-connect',
        ...site,
      ],
      tmp.env,
    )
    expect(first.createdCollection).toBe(true)
    const second = await runJson<{ collectionId: string; createdCollection: boolean }>(
      [
        'client',
        'add',
        '127.0.0.32',
        '--name',
        'app-02',
        '--collection',
        'app TIER',
        '--no-connect',
        ...site,
      ],
      tmp.env,
    )
    expect(second).toMatchObject({ collectionId: first.collectionId, createdCollection: false })

    const added = await runJson<CollectionDto>(
      ['collection', 'add-member', first.collectionId, '--client', 'web-01', ...site],
      tmp.env,
    )
    expect(added.memberCount).toBe(3)
    const human = await runCli(['collection', 'members', 'App tier', ...site], tmp.env)
    expect(human.stdout).toMatch(/^\s*ID\s+Name\s+Address/)
    expect(human.stdout).toContain('app-02')
  })

  it('names every unknown client of a remove and removes none of them', async () => {
    const run = await runCli(['client', 'remove', 'web-01,ghost-1,ghost-2', ...site], tmp.env)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('patchbay: No clients named "ghost-1", "ghost-2"\n')
    const clients = await runJson<ResourceDto[]>(['client', 'list', ...site], tmp.env)
    expect(clients.some((c) => c.name === 'web-01')).toBe(true)
  })

  it('removes clients by name and deletes collections by name', async () => {
    const removed = await runJson<{ deleted: number }>(
      ['client', 'remove', 'app-01,app-02', ...site],
      tmp.env,
    )
    expect(removed.deleted).toBe(2)
    const clients = await runJson<ResourceDto[]>(['client', 'list', ...site], tmp.env)
    expect(clients.map((c) => c.name).sort()).toEqual(['127.0.1.20', 'web-01', 'web-02'])

    const deleted = await runCli(['collection', 'delete', 'App tier', ...site], tmp.env)
    expect(deleted.code).toBe(0)
    expect(deleted.stdout).toMatch(/Deleted collection LAB[0-9A-F]{5} "App tier"/)
    const gone = await runCli(['collection', 'members', 'App tier', ...site], tmp.env)
    expect(gone.code).toBe(1)
    expect(gone.stderr).toBe('patchbay: No collection named or with ID "App tier"\n')
  })
})
