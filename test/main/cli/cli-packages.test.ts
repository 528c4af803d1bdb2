import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdvertisementDto } from '../../../shared/dto/advertisement'
import type { PackageDto, ProgramDto } from '../../../shared/dto/package'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson } from './cli-harness'

describe('patchbay package, program and advertisement commands', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'PKG', '--name', 'Packages', ...site], tmp.env)
    await runJson(
      ['client', 'add', '127.0.0.41', '--name', 'srv-01', '--collection', 'Servers', '--no-connect', ...site],
      tmp.env,
    )
  })
  afterAll(() => tmp.cleanup())

  it('creates a package, adds a program, advertises it and lists everything', async () => {
    const pkg = await runJson<PackageDto>(
      [
        'package',
        'create',
        '--name',
        'OpenSSL 3.0.15',
        '--version',
        '3.0.15',
        '--manufacturer',
        'Debian',
        '--language',
        'English',
        '--source',
        '/srv/packages/openssl',
        '--priority',
        'high',
        ...site,
      ],
      tmp.env,
    )
    expect(pkg).toMatchObject({
      name: 'OpenSSL 3.0.15',
      version: '3.0.15',
      sendingPriority: 'high',
      programs: [],
    })
    expect(pkg.id).toMatch(/^PKG[0-9A-F]{5}$/)

    const program = await runJson<ProgramDto>(
      [
        'program',
        'add',
        '--package',
        'openssl 3.0.15',
        '--name',
        'Install',
        '--command',
        'apt-get install -y openssl',
        '--run-mode',
        'administrative',
        '--after',
        'patchbay-restarts',
        '--platform',
        'linux',
        '--max-run',
        '45',
        '--keep-content',
        ...site,
      ],
      tmp.env,
    )
    expect(program).toMatchObject({
      packageId: pkg.id,
      name: 'Install',
      afterRunning: 'patchbay-restarts',
      platform: 'linux',
      maxRunMinutes: 45,
      keepContent: true,
    })

    const ad = await runJson<AdvertisementDto>(
      [
        'advertisement',
        'create',
        '--name',
        'OpenSSL to servers',
        '--package',
        pkg.id,
        '--program',
        'install',
        '--collection',
        'servers',
        '--available',
        '2030-01-01T08:00:00Z',
        '--expires',
        '2030-03-01T00:00:00+01:00',
        '--mandatory',
        '2030-01-02T22:00:00Z',
        '--mandatory',
        '2030-01-09T22:00:00Z',
        '--recur-every',
        '1',
        '--recur-unit',
        'weeks',
        '--rerun',
        'if-failed',
        ...site,
      ],
      tmp.env,
    )
    expect(ad).toMatchObject({
      packageId: pkg.id,
      programName: 'Install',
      collectionName: 'Servers',
      mandatory: true,
      rerun: 'if-failed',
      expiresAt: '2030-02-28T23:00:00.000Z',
    })
    expect(ad.assignments).toHaveLength(2)
    expect(ad.assignments[0]).toMatchObject({ recurEvery: 1, recurUnit: 'weeks' })

    const packages = await runJson<PackageDto[]>(['package', 'list', ...site], tmp.env)
    expect(packages.map((p) => [p.id, p.programs.map((g) => g.name)])).toEqual([[pkg.id, ['Install']]])
    const ads = await runJson<AdvertisementDto[]>(['advertisement', 'list', ...site], tmp.env)
    expect(ads.map((a) => a.id)).toEqual([ad.id])

    const human = await runCli(['advertisement', 'list', ...site], tmp.env)
    expect(lines(human.stdout)).toHaveLength(2)
    expect(lines(human.stdout)[0]).toMatch(/^ID\s+Name\s+Package\s+Program\s+Collection/)
  })

  it('refuses an expiry before the available time with one line on stderr', async () => {
    const run = await runCli(
      [
        'advertisement',
        'create',
        '--name',
        'Backwards',
        '--package',
        'OpenSSL 3.0.15',
        '--program',
        'Install',
        '--collection',
        'Servers',
        '--available',
        '2030-05-01T00:00:00Z',
        '--expires',
        '2030-04-01T00:00:00Z',
        ...site,
      ],
      tmp.env,
    )
    expect(run.code).toBe(1)
    expect(lines(run.stderr)).toHaveLength(1)
    expect(run.stderr).toMatch(/^patchbay: .*expir/i)
    expect(run.stdout).toBe('')
  })

  it('names an unknown program and lists the ones the package has', async () => {
    const run = await runCli(
      [
        'advertisement',
        'create',
        '--name',
        'X',
        '--package',
        'OpenSSL 3.0.15',
        '--program',
        'Uninstall',
        '--collection',
        'Servers',
        ...site,
      ],
      tmp.env,
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^patchbay: Package PKG[0-9A-F]{5} "OpenSSL 3.0.15" has no program "Uninstall" \(programs: "Install"\)\n$/,
    )
  })
})
