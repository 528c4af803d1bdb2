import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CatalogSyncDto } from '../../../shared/dto/catalog'
import type { UpdateListDto, UpdateListPropertiesDto } from '../../../shared/dto/update-list'
import { cabextractAvailable } from '../../../main/clients/catalog/wsus-cab'
import { buildCab } from '../clients/catalog/cab-writer'
import { buildPackageXml } from '../clients/catalog/wsus-fixture'
import {
  localMirrorSkipReason,
  startLocalAptMirror,
  type LocalAptMirror,
} from '../../support/local-apt-mirror'
import { ensureCliBuilt, makeSiteDir, runCli, runJson } from './cli-harness'
import { peerMissing } from '../../support/peers'

const skip =
  localMirrorSkipReason('bookworm-security') ??
  peerMissing('cabextract', cabextractAvailable() ? null : 'cabextract missing (apt-get install cabextract)')
const SECURITY = '0fa1201d-4330-4fa8-8ae9-b877473b6441'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

describe.skipIf(skip !== null)(
  'patchbay catalog, updates, updatelist, template, searchfolder, recommendations',
  () => {
    const tmp = makeSiteDir()
    const site = ['--site', tmp.site]
    let mirror: LocalAptMirror

    beforeAll(async () => {
      await ensureCliBuilt()
      mirror = await startLocalAptMirror({ suite: 'bookworm-security' })
      await runJson(['site', 'init', '--code', 'CAT', '--name', 'Catalog', ...site], tmp.env)
    }, 300_000)
    afterAll(async () => {
      await mirror?.close()
      tmp.cleanup()
    })

    it('adds an APT source, syncs it and lists its entries as apt-cache shows them', async () => {
      await runJson(
        [
          'catalog',
          'sources',
          'add',
          '--name',
          'sec',
          '--apt',
          mirror.baseUrl,
          '--suite',
          'bookworm-security',
          '--component',
          'main',
          '--arch',
          'amd64',
          '--allow-expired',
          ...site,
        ],
        tmp.env,
      )
      const [run] = await runJson<CatalogSyncDto[]>(['catalog', 'sync', '--source', 'sec', ...site], tmp.env)
      expect(run).toMatchObject({ state: 'succeeded', sourceName: 'sec' })
      const rows = await runJson<Array<Record<string, unknown>>>(
        ['updates', 'list', '--source', 'sec', '--json', ...site],
        tmp.env,
      )
      expect(rows.length).toBe(run!.newCount)
      const first = rows[0]!
      for (const key of ['id', 'title', 'package', 'version', 'sha256', 'size', 'classification'])
        expect(first).toHaveProperty(key)
      expect(first.sha256).toMatch(/^[0-9a-f]{64}$/)
      const show = execFileSync('apt-cache', ['show', `${String(first.package)}=${String(first.version)}`], {
        encoding: 'utf8',
      })
      expect(show).toContain(`SHA256: ${String(first.sha256)}`)
      const table = runCli(['catalog', 'sources', 'list', ...site], tmp.env)
      expect((await table).stdout).toMatch(
        /sec\s+apt\s+\S+ bookworm-security\s+\/usr\/share\/keyrings\/debian-archive-keyring\.gpg/,
      )
      // Signed, so the only warning is about plain http.
      expect((await table).stderr).toBe(
        'patchbay: warning: sec: plain http: the signature protects what clients install, but the traffic can be read and held back\n',
      )
    })

    it('verifies the Release with a keyring by default; unsigned only when asked, and then loudly', async () => {
      const add = (name: string, extra: string[]) =>
        runCli(
          [
            'catalog',
            'sources',
            'add',
            '--name',
            name,
            '--apt',
            mirror.baseUrl,
            '--suite',
            'bookworm-security',
            '--allow-expired',
            ...extra,
            ...site,
          ],
          tmp.env,
        )
      // A keyring that does not hold Debian's key: the sync is refused, nothing written.
      const other = join(tmp.dir, 'empty.gpg')
      writeFileSync(other, '')
      expect((await add('wrongkey', ['--keyring', other])).code).toBe(0)
      const refused = await runCli(['catalog', 'sync', '--source', 'wrongkey', ...site], tmp.env)
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toMatch(/OpenPGP signature not valid against .*empty\.gpg/)
      const unsigned = await add('unsigned', ['--allow-unsigned'])
      expect(unsigned.stderr).toMatch(
        /^patchbay: warning: unsigned: UNSIGNED: its Release files are used unverified/m,
      )
      expect(unsigned.stderr).toMatch(/warning: unsigned: plain http: nothing protects what is fetched/)
      const list = await runCli(['catalog', 'sources', 'list', ...site], tmp.env)
      expect(list.stdout).toMatch(/unsigned\s+apt\s+\S+ bookworm-security\s+UNSIGNED/)
      expect(list.stderr).toMatch(/warning: unsigned: UNSIGNED/)
    })

    it('imports a wsusscn2 cab, builds an update list, a template and a search folder', async () => {
      const xml = buildPackageXml(
        [
          { id: id(1), rev: 1, bundle: true, classification: SECURITY, supersededBy: [2] },
          { id: id(2), rev: 2, bundle: true, classification: SECURITY },
        ],
        [],
      )
      const cab = join(tmp.dir, 'wsusscn2.cab')
      writeFileSync(cab, buildCab([{ name: 'package.xml', data: Buffer.from(xml) }]))
      const [imported] = await runJson<CatalogSyncDto[]>(
        ['catalog', 'import', cab, '--allow-unsigned', ...site],
        tmp.env,
      )
      expect(imported).toMatchObject({ state: 'succeeded', newCount: 2 })
      const list = await runJson<UpdateListDto>(
        ['updatelist', 'create', 'May', id(1), id(2), ...site],
        tmp.env,
      )
      expect(list.updateCount).toBe(1) // the superseded one is left out
      const props = await runJson<UpdateListPropertiesDto>(['updatelist', 'show', 'May', ...site], tmp.env)
      expect(props.updates.map((u) => u.id)).toEqual([id(2)])
      const human = await runCli(['updatelist', 'list', ...site], tmp.env)
      expect(human.stdout).toMatch(/May\s+1\s+0/)
      const t = await runJson<{ settings: { deadlineOffsetHours: number } }>(
        ['template', 'create', 'Workstations', '--deadline', '24', '--suppress-restart', 'servers', ...site],
        tmp.env,
      )
      expect(t.settings.deadlineOffsetHours).toBe(24)
      const folder = await runJson<{ count: number }>(
        ['searchfolder', 'create', 'Superseded', '--superseded', 'only', '--vendor', 'microsoft', ...site],
        tmp.env,
      )
      expect(folder.count).toBe(1)
      expect(await runJson(['recommendations', 'list', ...site], tmp.env)).toEqual([])
      const none = await runCli(['recommendations', 'remediate', '99', ...site], tmp.env)
      expect(none.code).toBe(1)
      expect(none.stderr).toContain('No such recommendations')
      const noChoice = await runCli(
        ['recommendations', 'remediate', '--at', '2030-01-01T22:00:00Z', ...site],
        tmp.env,
      )
      expect(noChoice.code).toBe(1)
      expect(noChoice.stderr).toContain('Choose recommendations (ids) or a collection and its updates')
      const bad = await runCli(['updates', 'approve', '--collection', 'Nope', id(2), ...site], tmp.env)
      expect(bad.code).toBe(1)
      expect(bad.stderr).toMatch(/^patchbay: .*Nope/)
    })
  },
)
