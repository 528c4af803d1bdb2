import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DistributionPointDto, PackageDpStatusDto } from '../../../shared/dto/distribution'
import type { PackageDto } from '../../../shared/dto/package'
import { sshdSkipReason, type TestSshd } from '../../support/sshd'
import { sha256, startSftpSshd, userOwnedDir, writeSource } from '../clients/distribution/helpers'
import { ensureCliBuilt, makeSiteDir, runCli, runJson } from './cli-harness'

const skip = sshdSkipReason()

describe.skipIf(skip)('patchbay dp list|set|distribute|status|remove against a real sshd', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]
  const source = writeSource([
    { path: 'files/tool.deb', size: 300_000 },
    { path: 'readme.txt', size: 64 },
  ])
  const root = userOwnedDir('cli')
  let sshd: TestSshd
  let pkg: PackageDto

  beforeAll(async () => {
    await ensureCliBuilt()
    sshd = await startSftpSshd()
    const key = join(tmp.dir, 'id_ed25519')
    writeFileSync(key, sshd.privateKey, { mode: 0o600 })
    await runJson(['site', 'init', '--code', 'DPC', '--name', 'DP site', ...site], tmp.env)
    await runJson(
      [
        'client',
        'add',
        '127.0.0.1',
        '--name',
        'dp-01',
        '--port',
        String(sshd.port),
        '--user',
        sshd.user,
        '--identity',
        key,
        '--trust-new-host-key',
        ...site,
      ],
      tmp.env,
    )
    pkg = await runJson<PackageDto>(
      ['package', 'create', '--name', 'Tools', '--source', source.dir, ...site],
      tmp.env,
    )
    // The source folder's files are the package's content from `package create --source` on.
    const roles = await runJson<{ roles: string[] }>(
      ['client', 'roles', 'dp-01', '--add', 'distribution point', ...site],
      tmp.env,
    )
    expect(roles.roles).toEqual(['distribution point'])
  }, 300_000)
  afterAll(async () => {
    await sshd?.stop()
    tmp.cleanup()
    rmSync(root, { recursive: true, force: true })
    rmSync(source.dir, { recursive: true, force: true })
  })

  it('sets a point root, distributes a package with verified files, shows status and removes it', async () => {
    const point = await runJson<DistributionPointDto>(
      ['dp', 'set', 'dp-01', '--root', root, ...site],
      tmp.env,
    )
    expect(point).toMatchObject({ name: 'dp-01', rootPath: root })
    const list = await runJson<DistributionPointDto[]>(['dp', 'list', ...site], tmp.env)
    expect(list.map((p) => p.name)).toEqual(['dp-01'])

    const human = await runCli(['dp', 'distribute', 'Tools', '--dp', 'dp-01', ...site], tmp.env)
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/dp-01\s+Installed\s+.*2 files verified/)
    for (const f of source.files) expect(sha256(readFileSync(join(root, pkg.id, f.path)))).toBe(f.sha256)

    const status = await runJson<PackageDpStatusDto[]>(['dp', 'status', pkg.id, ...site], tmp.env)
    expect(status).toMatchObject([{ dpName: 'dp-01', state: 'Installed' }])

    await runJson(['dp', 'remove', 'Tools', ...site], tmp.env)
    expect(await runJson<PackageDpStatusDto[]>(['dp', 'status', ...site], tmp.env)).toEqual([])
  })

  it('names an unknown distribution point and exits 1', async () => {
    const r = await runCli(['dp', 'distribute', 'Tools', '--dp', 'nope', ...site], tmp.env)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('patchbay: No distribution point named or with ID "nope"\n')
  })
})
