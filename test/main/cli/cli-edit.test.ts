import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdvertisementDto } from '../../../shared/dto/advertisement'
import type { CollectionDto } from '../../../shared/dto/collection'
import type { DistributionPointDto } from '../../../shared/dto/distribution'
import type { PackageDto, ProgramDto } from '../../../shared/dto/package'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { StatusMessageDto } from '../../../shared/dto/site'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson } from './cli-harness'

describe('patchbay client roles|set, package|program|advertisement set|delete, collection set, status messages', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'EDT', '--name', 'Edit site', ...site], tmp.env)
    for (const [name, address] of [
      ['dp-01', '127.0.0.31'],
      ['web-01', '127.0.0.32'],
    ] as const)
      await runJson(['client', 'add', address, '--name', name, '--platform', 'debian', ...site], tmp.env)
  }, 300_000)
  afterAll(() => tmp.cleanup())

  it('client roles adds and removes site-system roles; a distribution point then appears in dp list', async () => {
    const shown = await runCli(['client', 'roles', 'dp-01', ...site], tmp.env)
    expect(shown).toMatchObject({ code: 0, stdout: 'dp-01: no site-system roles\n' })

    const added = await runJson<ResourceDto>(
      ['client', 'roles', 'dp-01', '--add', 'Distribution-Point', '--add', 'sync host', ...site],
      tmp.env,
    )
    expect(added.roles).toEqual(['distribution point', 'sync host'])
    const points = await runJson<DistributionPointDto[]>(['dp', 'list', ...site], tmp.env)
    expect(points.map((p) => p.name)).toEqual(['dp-01'])

    const human = await runCli(['client', 'roles', 'dp-01', '--remove', 'sync host', ...site], tmp.env)
    expect(human).toMatchObject({ code: 0, stdout: 'dp-01: distribution point\n' })
  })

  it('client roles refuses an unknown role and a role both added and removed, naming it', async () => {
    const bad = await runCli(['client', 'roles', 'dp-01', '--add', 'mail relay', ...site], tmp.env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^patchbay: --add: unknown role "mail relay" \(use one of site server, /)
    const both = await runCli(
      ['client', 'roles', 'dp-01', '--add', 'sync host', '--remove', 'sync-host', ...site],
      tmp.env,
    )
    expect(both.code).toBe(2)
    expect(both.stderr).toBe('patchbay: --add and --remove both name "sync host"\n')
    const nobody = await runCli(['client', 'roles', 'nobody', ...site], tmp.env)
    expect(nobody).toMatchObject({ code: 1, stderr: 'patchbay: No client named "nobody"\n' })
  })

  it('client set changes only the fields given; a bad value names the field; delete is remove', async () => {
    const changed = await runJson<ResourceDto>(
      ['client', 'set', 'web-01', '--name', 'web-02', '--port', '2222', '--user', 'ops', ...site],
      tmp.env,
    )
    expect(changed).toMatchObject({ name: 'web-02', address: '127.0.0.32', port: 2222, user: 'ops' })
    const bad = await runCli(['client', 'set', 'web-02', '--address', 'not an address', ...site], tmp.env)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^patchbay: .*Address must be a host name or an IP address/)
    const none = await runCli(['client', 'set', 'web-02', ...site], tmp.env)
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/^patchbay: client set needs at least one of --name/)

    await runJson(
      ['client', 'add', '127.0.0.33', '--name', 'gone-01', '--platform', 'debian', ...site],
      tmp.env,
    )
    const removed = await runCli(['client', 'delete', 'gone-01', ...site], tmp.env)
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed 1 client: gone-01.\n' })
  })

  it('package set|delete and program set|delete change and remove them; in-use objects are refused', async () => {
    const pkg = await runJson<PackageDto>(['package', 'create', '--name', 'Tools', ...site], tmp.env)
    await runJson(
      ['program', 'add', '--package', 'Tools', '--name', 'Install', '--command', 'true', ...site],
      tmp.env,
    )
    const updated = await runJson<PackageDto>(
      ['package', 'set', 'Tools', '--version', '2.0', '--priority', 'high', ...site],
      tmp.env,
    )
    expect(updated).toMatchObject({ id: pkg.id, name: 'Tools', version: '2.0', sendingPriority: 'high' })

    const program = await runJson<ProgramDto>(
      [
        'program',
        'set',
        'install',
        '--package',
        pkg.id,
        '--command',
        'echo hi',
        '--max-run',
        '30',
        '--keep-content',
        ...site,
      ],
      tmp.env,
    )
    expect(program).toMatchObject({
      name: 'Install',
      commandLine: 'echo hi',
      maxRunMinutes: 30,
      keepContent: true,
    })
    const off = await runJson<ProgramDto>(
      ['program', 'set', 'Install', '--package', 'Tools', '--no-keep-content', ...site],
      tmp.env,
    )
    expect(off.keepContent).toBe(false)
    const missing = await runCli(
      ['program', 'set', 'Uninstall', '--package', 'Tools', '--comment', 'x', ...site],
      tmp.env,
    )
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(
      `patchbay: Package ${pkg.id} "Tools" has no program "Uninstall" (programs: "Install")\n`,
    )
    const badRun = await runCli(
      ['program', 'set', 'Install', '--package', 'Tools', '--max-run', '0', ...site],
      tmp.env,
    )
    expect(badRun).toMatchObject({ code: 2, stderr: 'patchbay: --max-run must be a number from 1 to 1440\n' })

    await runJson(
      ['program', 'add', '--package', 'Tools', '--name', 'Remove', '--command', 'false', ...site],
      tmp.env,
    )
    const dropped = await runCli(['program', 'delete', 'Remove', '--package', 'Tools', ...site], tmp.env)
    expect(dropped).toMatchObject({ code: 0, stdout: `Deleted program "Remove" of package ${pkg.id}.\n` })

    const other = await runJson<PackageDto>(['package', 'create', '--name', 'Scratch', ...site], tmp.env)
    const deleted = await runCli(['package', 'delete', 'scratch', ...site], tmp.env)
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted package ${other.id} "Scratch".\n` })
    const list = await runJson<PackageDto[]>(['package', 'list', ...site], tmp.env)
    expect(list.map((p) => p.name)).toEqual(['Tools'])
  })

  it('package files lists the recorded content; package verify names a changed file and exits 1', async () => {
    const source = join(tmp.dir, 'content')
    mkdirSync(join(source, 'debs'), { recursive: true })
    writeFileSync(join(source, 'debs', 'tool.deb'), 'x'.repeat(2048))
    writeFileSync(join(source, 'readme.txt'), 'hello\n')
    const pkg = await runJson<PackageDto>(
      ['package', 'create', '--name', 'Content', '--source', source, ...site],
      tmp.env,
    )
    const files = await runJson<{ path: string; size: number }[]>(
      ['package', 'files', 'Content', ...site],
      tmp.env,
    )
    expect(files.map((f) => [f.path, f.size]).sort()).toEqual([
      ['debs/tool.deb', 2048],
      ['readme.txt', 6],
    ])
    const ok = await runCli(['package', 'verify', pkg.id, ...site], tmp.env)
    expect(ok).toMatchObject({ code: 0, stdout: `Package ${pkg.id}: every file is present and unchanged.\n` })
    writeFileSync(join(source, 'readme.txt'), 'changed\n')
    const bad = await runCli(['package', 'verify', 'Content', ...site], tmp.env)
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^readme\.txt\s+\S/m)
    await runJson(['package', 'delete', 'Content', ...site], tmp.env)
  })

  it('collection set renames, replaces query rules and keeps direct members', async () => {
    await runJson(['collection', 'create', '--name', 'Web', '--query', 'name like web-*', ...site], tmp.env)
    await runJson(['collection', 'add-member', 'Web', '--client', 'dp-01', ...site], tmp.env)
    const renamed = await runJson<CollectionDto>(
      ['collection', 'set', 'Web', '--name', 'Web servers', '--comment', 'front ends', ...site],
      tmp.env,
    )
    expect(renamed).toMatchObject({ name: 'Web servers', comment: 'front ends', memberCount: 2 })
    const requery = await runJson<CollectionDto>(
      ['collection', 'set', 'Web servers', '--query', 'name like nothing-*', ...site],
      tmp.env,
    )
    expect(requery.memberCount).toBe(1)
    expect(requery.rules.map((r) => r.kind).sort()).toEqual(['direct', 'query'])
    const cleared = await runJson<CollectionDto>(
      ['collection', 'set', 'Web servers', '--clear-queries', ...site],
      tmp.env,
    )
    expect(cleared.rules.map((r) => r.kind)).toEqual(['direct'])
    const bad = await runCli(
      ['collection', 'set', 'Web servers', '--query', 'colour is red', ...site],
      tmp.env,
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^patchbay: --query: unknown attribute "colour"/)
  })

  it('advertisement set changes times, mandatory assignments and rerun; delete removes it', async () => {
    const ad = await runJson<AdvertisementDto>(
      [
        'advertisement',
        'create',
        '--name',
        'Tools to web',
        '--package',
        'Tools',
        '--program',
        'Install',
        '--collection',
        'Web servers',
        '--available',
        '2026-12-01T08:00:00Z',
        ...site,
      ],
      tmp.env,
    )
    const set = await runJson<AdvertisementDto>(
      [
        'advertisement',
        'set',
        'Tools to web',
        '--expires',
        '2027-01-01T00:00:00Z',
        '--mandatory',
        '2026-12-02T08:00:00Z',
        '--recur-every',
        '1',
        '--recur-unit',
        'days',
        '--rerun',
        'if-failed',
        '--no-sub-collections',
        ...site,
      ],
      tmp.env,
    )
    expect(set).toMatchObject({
      id: ad.id,
      expiresAt: '2027-01-01T00:00:00.000Z',
      mandatory: true,
      rerun: 'if-failed',
      includeSubCollections: false,
      assignments: [{ startAt: '2026-12-02T08:00:00.000Z', recurEvery: 1, recurUnit: 'days' }],
    })
    const optional = await runJson<AdvertisementDto>(
      ['advertisement', 'set', ad.id, '--no-mandatory', '--expires', 'never', ...site],
      tmp.env,
    )
    expect(optional).toMatchObject({ mandatory: false, assignments: [], expiresAt: null })

    const inUse = await runCli(['package', 'delete', 'Tools', ...site], tmp.env)
    expect(inUse.code).toBe(1)
    expect(inUse.stderr).toMatch(
      new RegExp(`^patchbay: Package \\S+ is advertised by ${ad.id} "Tools to web"`),
    )

    const loneRecur = await runCli(['advertisement', 'set', ad.id, '--recur-every', '2', ...site], tmp.env)
    expect(loneRecur).toMatchObject({
      code: 2,
      stderr: 'patchbay: --recur-every and --recur-unit need --mandatory times\n',
    })

    const deleted = await runCli(['advertisement', 'delete', 'tools to web', ...site], tmp.env)
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted advertisement ${ad.id} "Tools to web".\n` })
    expect(await runJson<AdvertisementDto[]>(['advertisement', 'list', ...site], tmp.env)).toEqual([])
  })

  it('template set changes the settings it names and keeps the others', async () => {
    await runJson(
      ['template', 'create', 'Servers', '--deadline', '24', '--suppress-restart', 'servers', ...site],
      tmp.env,
    )
    type T = { name: string; settings: Record<string, unknown> }
    const t = await runJson<T>(
      [
        'template',
        'set',
        'Servers',
        '--name',
        'Servers weekly',
        '--duration',
        '48',
        '--notification',
        'hide-all',
        ...site,
      ],
      tmp.env,
    )
    expect(t).toMatchObject({
      name: 'Servers weekly',
      settings: {
        durationHours: 48,
        deadlineOffsetHours: 24,
        suppressRestartServers: true,
        userNotification: 'hide-all',
      },
    })
    const cleared = await runJson<T>(
      [
        'template',
        'set',
        'Servers weekly',
        '--deadline',
        'none',
        '--suppress-restart',
        'never',
        '--collection',
        'Web servers',
        ...site,
      ],
      tmp.env,
    )
    expect(cleared.settings).toMatchObject({
      deadlineOffsetHours: null,
      suppressRestartServers: false,
      durationHours: 48,
    })
    expect(cleared.settings.collectionId).toMatch(/^EDT/)
    const bad = await runCli(['template', 'set', 'Servers weekly', '--deadline', 'soon', ...site], tmp.env)
    expect(bad).toMatchObject({ code: 2, stderr: 'patchbay: --deadline must be a number from 0 to 8784\n' })
  })

  it('status messages lists what the site did, filtered by component, object and severity, as JSON or CSV', async () => {
    const all = await runJson<StatusMessageDto[]>(['status', 'messages', '--limit', '1000', ...site], tmp.env)
    expect(all.length).toBeGreaterThan(5)
    const pkg = (await runJson<PackageDto[]>(['package', 'list', ...site], tmp.env))[0]!
    const forPkg = await runJson<StatusMessageDto[]>(
      ['status', 'messages', '--object', pkg.id, '--component', 'distribution*', ...site],
      tmp.env,
    )
    expect(forPkg.length).toBeGreaterThan(0)
    for (const m of forPkg) expect(m).toMatchObject({ objectId: pkg.id, component: 'Distribution Manager' })
    expect(forPkg.map((m) => m.message).join('\n')).toMatch(/created/)

    const two = await runJson<StatusMessageDto[]>(['status', 'messages', '--limit', '2', ...site], tmp.env)
    expect(two).toEqual(all.slice(0, 2))
    const errors = await runJson<StatusMessageDto[]>(
      ['status', 'messages', '--severity', 'error', ...site],
      tmp.env,
    )
    for (const m of errors) expect(m.severity).toBe('error')

    const csv = await runCli(['status', 'messages', '--object', pkg.id, '--csv', ...site], tmp.env)
    expect(csv.code).toBe(0)
    const rows = lines(csv.stdout)
    expect(rows[0]).toBe('id,time,severity,component,objectId,message')
    expect(rows.length).toBeGreaterThan(1)

    const human = await runCli(['status', 'messages', '--limit', '3', ...site], tmp.env)
    expect(lines(human.stdout)[0]).toMatch(/^Time\s+Severity\s+Component\s+Object\s+Message$/)
    expect(lines(human.stdout)).toHaveLength(4)

    const bad = await runCli(['status', 'messages', '--severity', 'fatal', ...site], tmp.env)
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'patchbay: --severity: unknown severity "fatal" (use info, warning, error)\n',
    })
  })

  it('scan-and-check scans the collection, names every client it could not reach, and still prints the check', async () => {
    // web-02 listens nowhere on 127.0.0.32:2222 and has no credentials: its scan fails; the check still runs.
    await runJson(
      ['collection', 'create', '--name', 'Unreachable', '--query', 'name equals web-02', ...site],
      tmp.env,
    )
    const run = await runCli(['scan-and-check', '--collection', 'Unreachable', '--json', ...site], tmp.env)
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout) as {
      scan: { hosts: { name: string; state: string }[] }
      check: { clients: number }
    }
    expect(result.scan.hosts).toEqual([expect.objectContaining({ name: 'web-02', state: 'failed' })])
    expect(result.check).toMatchObject({ clients: 1 })
    expect(
      lines(run.stderr).filter((l) => l.startsWith('patchbay: web-02 (127.0.0.32:2222): ')),
    ).toHaveLength(1)

    const human = await runCli(['scan-and-check', '--collection', 'Unreachable', ...site], tmp.env)
    expect(human.stdout).toMatch(/^Name\s+Address\s+State\s+Message/)
    expect(human.stdout).toMatch(/^Clients:\s+1 \(/m)
    const settings = await runJson<{ autoApprove: boolean; lastCheckAt: string | null }>(
      ['recommendations', 'settings', '--collection', 'Unreachable', ...site],
      tmp.env,
    )
    expect(settings.autoApprove).toBe(false)
    expect(settings.lastCheckAt).not.toBeNull()
    const usage = await runCli(['scan-and-check', ...site], tmp.env)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--collection/)
  })
})
