import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageDto } from '../../../shared/dto/package'
import type { BundleVerifyDto } from '../../../shared/dto/content'
import { localAptPoolSkipReason, startLocalAptPool, type LocalAptPool } from '../../support/local-apt-pool'
import { newSite } from '../../support/services'
import { readEntries, writeEntries } from '../clients/bundle/helpers'
import { ensureCliBuilt, makeSiteDir, runCli, runJson } from './cli-harness'

const skip = localAptPoolSkipReason('bookworm-security')

describe.skipIf(skip !== null)('patchbay keys, package build --offline, bundle verify and import', () => {
  const tmp = makeSiteDir()
  const f = (name: string) => join(tmp.dir, name)
  let pool: LocalAptPool
  let ids: string[]

  beforeAll(async () => {
    pool = await startLocalAptPool({ suite: 'bookworm-security', count: 3 })
    ids = pool.packages.map((p) => `deb:${p.package}:${p.architecture}:${p.version}`)
    // The connected site: sync the catalog from the local mirror and export a snapshot for the offline machine.
    const { services, api } = await newSite(f('connected.db'), 'CON')
    try {
      await api.invoke('catalog:sources-add', {
        name: 'security',
        baseUrl: pool.baseUrl,
        suite: 'bookworm-security',
        allowExpired: true,
      })
      await api.invoke('catalog:sync', { sourceName: 'security' })
    } finally {
      await services.close()
    }
    await ensureCliBuilt()
    const exported = await runJson<{ updates: number; out: string }>(
      ['--site', f('connected.db'), 'catalog', 'export', '--out', f('catalog.json')],
      tmp.env,
    )
    expect(exported.updates).toBeGreaterThanOrEqual(3)
  }, 600_000)
  afterAll(async () => {
    await pool?.close()
    tmp.cleanup()
  })

  it('builds a signed bundle on a machine with no site, verifies it, and imports it at a site', async () => {
    const keys = await runJson<{ privateKeyPath: string; publicKeyPath: string; fingerprint: string }>(
      ['keys', 'create', '--out', f('keys')],
      tmp.env,
    )
    expect(keys.privateKeyPath).toBe(f('keys/patchbay-signing.key'))
    expect(statSync(keys.privateKeyPath).mode & 0o777).toBe(0o600)
    expect(keys.publicKeyPath).toBe(f('keys/patchbay-signing.pub'))

    const built = await runJson<{ out: string; files: number; updates: number }>(
      [
        'package',
        'build',
        '--offline',
        '--updates',
        ids.join(','),
        '--out',
        f('updates.bundle'),
        '--catalog',
        f('catalog.json'),
        '--signing-key',
        keys.privateKeyPath,
        '--name',
        'Offline security',
      ],
      tmp.env,
    )
    expect(built).toMatchObject({ out: f('updates.bundle'), files: 3, updates: 3 })
    expect(existsSync(join(tmp.dir, 'home', 'site.db'))).toBe(false) // no site was touched or made
    const entries = await readEntries(f('updates.bundle'))
    expect(entries.map((e) => e.header.name).slice(0, 2)).toEqual(['manifest.json', 'manifest.sig'])
    const manifest = JSON.parse(entries[0]!.data.toString()) as {
      files: Array<{ path: string; sha256: string; size: number }>
    }
    expect(manifest.files.map((x) => [x.path, x.size, x.sha256]).sort()).toEqual(
      pool.packages.map((p) => [p.filename.split('/').pop(), p.size, p.sha256]).sort(),
    )

    const ok = await runCli(
      ['bundle', 'verify', f('updates.bundle'), '--trusted-key', keys.publicKeyPath, '--json'],
      tmp.env,
    )
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, problems: [], trusted: true, fileCount: 3 })

    // One changed byte in one .deb: verify names that file and exits 1.
    const changed = entries.map((e) => ({ header: { ...e.header }, data: Buffer.from(e.data) }))
    const victim = changed[2]!
    victim.data[100] = victim.data[100]! ^ 0xff
    await writeEntries(f('changed.bundle'), changed)
    const bad = await runCli(
      ['bundle', 'verify', f('changed.bundle'), '--trusted-key', keys.publicKeyPath, '--json'],
      tmp.env,
    )
    expect(bad.code).toBe(1)
    const verdict = JSON.parse(bad.stdout) as BundleVerifyDto
    expect(verdict.ok).toBe(false)
    expect(verdict.problems).toEqual([
      `${victim.header.name.slice('files/'.length)} does not match its SHA-256 in the manifest`,
    ])

    await runJson(['keys', 'create', '--out', f('other-keys')], tmp.env)
    const untrusted = await runCli(
      ['bundle', 'verify', f('updates.bundle'), '--trusted-key', f('other-keys/patchbay-signing.pub')],
      tmp.env,
    )
    expect(untrusted.code).toBe(1)
    expect(untrusted.stdout).toMatch(/not a trusted key/)

    const site = ['--site', tmp.site]
    await runJson(['site', 'init', '--code', 'AIR', '--name', 'Air-gapped', ...site], tmp.env)
    const refused = await runCli(
      [
        'bundle',
        'import',
        f('changed.bundle'),
        '--trusted-key',
        keys.publicKeyPath,
        '--source-root',
        f('packages'),
        ...site,
      ],
      tmp.env,
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^patchbay: The bundle was refused; nothing was imported/m)
    expect(await runJson<PackageDto[]>(['package', 'list', ...site], tmp.env)).toEqual([])

    const imported = await runJson<{ packageId: string }>(
      [
        'bundle',
        'import',
        f('updates.bundle'),
        '--trusted-key',
        keys.publicKeyPath,
        '--source-root',
        f('packages'),
        ...site,
      ],
      tmp.env,
    )
    const list = await runJson<PackageDto[]>(['package', 'list', ...site], tmp.env)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      id: imported.packageId,
      name: 'Offline security',
      sourcePath: f(`packages/${imported.packageId}`),
    })
    expect(readdirSync(list[0]!.sourcePath)).toHaveLength(3)
  }, 300_000)

  it('explains what is missing on the command line', async () => {
    const r = await runCli(
      ['package', 'build', '--offline', '--updates', 'x', '--out', f('x.bundle')],
      tmp.env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--offline needs --catalog SNAPSHOT/)
    const k = await runCli(
      [
        'package',
        'build',
        '--offline',
        '--updates',
        'nope',
        '--out',
        f('x.bundle'),
        '--catalog',
        f('catalog.json'),
        '--signing-key',
        f('keys/none.key'),
      ],
      tmp.env,
    )
    expect(k.code).toBe(1)
    expect(k.stderr).toMatch(/^patchbay: Signing key: .*none\.key/)
  })
})
